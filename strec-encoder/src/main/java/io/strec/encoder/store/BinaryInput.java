package io.strec.encoder.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * Checked little-endian reads from an in-memory file image: every read that would run past the end,
 * and a bad magic, version or checksum, is a {@link StoreFormatException} naming the file.
 */
final class BinaryInput {
  private final Path file;
  private final ByteBuffer buf;

  BinaryInput(Path file, ByteBuffer image) {
    this.file = file;
    this.buf = image.order(ByteOrder.LITTLE_ENDIAN);
  }

  Path file() {
    return file;
  }

  StoreFormatException corrupt(String problem) {
    return new StoreFormatException(file, problem);
  }

  /** Checks the 8-byte magic and the format version, which must be at most {@code maxVersion}. */
  int header(byte[] magic, String what, int maxVersion) throws StoreFormatException {
    if (buf.remaining() < magic.length + Integer.BYTES) {
      throw corrupt("not " + what + ": only " + buf.remaining() + " bytes");
    }
    byte[] seen = new byte[magic.length];
    buf.get(seen);
    if (!Arrays.equals(seen, magic)) {
      throw corrupt(
          "not " + what + ": magic " + printable(seen) + ", expected " + printable(magic));
    }
    int version = buf.getInt();
    if (version < 1 || version > maxVersion) {
      throw corrupt(
          what
              + " format version "
              + version
              + " is not supported (this build reads 1.."
              + maxVersion
              + ")");
    }
    return version;
  }

  /** Checks the trailing CRC32C over everything before it, then hides the trailer. */
  void verifyChecksum() throws StoreFormatException {
    int end = buf.limit();
    if (end - buf.position() < Integer.BYTES) {
      throw corrupt("truncated: no checksum");
    }
    ByteBuffer body = buf.duplicate();
    body.position(0).limit(end - Integer.BYTES);
    CRC32C crc = new CRC32C();
    crc.update(body);
    int stored = buf.getInt(end - Integer.BYTES);
    if (stored != (int) crc.getValue()) {
      throw corrupt(
          String.format(
              Locale.ROOT,
              "checksum mismatch (stored %08x, computed %08x): the file is damaged",
              stored,
              (int) crc.getValue()));
    }
    buf.limit(end - Integer.BYTES);
  }

  int getInt(String what) throws StoreFormatException {
    need(Integer.BYTES, what);
    return buf.getInt();
  }

  long getLong(String what) throws StoreFormatException {
    need(Long.BYTES, what);
    return buf.getLong();
  }

  double getDouble(String what) throws StoreFormatException {
    need(Double.BYTES, what);
    return buf.getDouble();
  }

  double[] getDoubles(int n, String what) throws StoreFormatException {
    need((long) n * Double.BYTES, what);
    double[] out = new double[n];
    buf.asDoubleBuffer().get(out);
    buf.position(buf.position() + n * Double.BYTES);
    return out;
  }

  double[][] getMatrix(int rows, int cols, String what) throws StoreFormatException {
    double[][] out = new double[rows][];
    for (int r = 0; r < rows; r++) {
      out[r] = getDoubles(cols, what);
    }
    return out;
  }

  /** A UTF-8 string preceded by its byte length. */
  String getString(int maxBytes, String what) throws StoreFormatException {
    int n = getInt(what + " length");
    if (n < 0 || n > maxBytes) {
      throw corrupt(what + " length " + n + " outside 0.." + maxBytes);
    }
    need(n, what);
    byte[] b = new byte[n];
    buf.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Fails unless everything has been read: trailing bytes mean a writer and reader disagree. */
  void expectEnd() throws StoreFormatException {
    if (buf.hasRemaining()) {
      throw corrupt(buf.remaining() + " unexpected bytes after the payload");
    }
  }

  private void need(long bytes, String what) throws StoreFormatException {
    if (bytes > buf.remaining()) {
      throw corrupt(
          "truncated while reading "
              + what
              + ": need "
              + bytes
              + " bytes, "
              + buf.remaining()
              + " left");
    }
  }

  static String printable(byte[] b) {
    StringBuilder s = new StringBuilder("'");
    for (byte x : b) {
      s.append(
          x >= 0x20 && x < 0x7f
              ? String.valueOf((char) x)
              : String.format(java.util.Locale.ROOT, "\\x%02x", x & 0xff));
    }
    return s.append('\'').toString();
  }
}
