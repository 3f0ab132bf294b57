package io.strec.model.baseline;

import io.strec.model.artifact.ModelFormatException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * The one file a baseline model is saved to, {@value #NAME}, big-endian throughout:
 *
 * <pre>
 *   magic    8 bytes "STRECBL1"
 *   model    u16 byte length, then the model's name in UTF-8, e.g. "geo-pop"
 *   version  int32, the model's own layout version
 *   body     the model's fields in the order its Javadoc lists them
 * </pre>
 *
 * A scalar is an int32 or a float64 (its raw IEEE bits); an array is its int32 length followed by
 * its elements (int32, float32 or float64). Arrays are copied through a small buffer, so neither
 * writing nor reading holds a second copy of a large neighbour list. The reader checks every length
 * against what is left of the file and that nothing follows the body, and names the file and the
 * field in every error.
 */
final class BaselineFile {
  static final String NAME = "baseline.bin";

  private static final byte[] MAGIC = "STRECBL1".getBytes(StandardCharsets.US_ASCII);
  private static final int CHUNK = 1 << 13;

  private BaselineFile() {}

  /** Writes the header of {@code model}'s file in {@code dir}; the caller writes the body. */
  static Out create(Path dir, String model, int version) throws IOException {
    Out out =
        new Out(
            new DataOutputStream(
                new BufferedOutputStream(
                    Files.newOutputStream(
                        dir.resolve(NAME),
                        StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE))));
    try {
      byte[] name = model.getBytes(StandardCharsets.UTF_8);
      out.data.write(MAGIC);
      out.data.writeShort(name.length);
      out.data.write(name);
      out.data.writeInt(version);
    } catch (IOException | RuntimeException e) {
      out.close();
      throw e;
    }
    return out;
  }

  /**
   * Opens {@code dir}'s file and checks its header: the magic, that it holds {@code model}, and a
   * layout version from 1 to {@code maxVersion}.
   *
   * @throws ModelFormatException naming the file and what is wrong with it
   */
  static In open(Path dir, String model, int maxVersion) throws IOException {
    Path file = dir.resolve(NAME);
    long size;
    DataInputStream data;
    try {
      size = Files.size(file);
      data = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)));
    } catch (NoSuchFileException e) {
      throw new ModelFormatException(dir, NAME + " is missing; the model cannot be loaded", e);
    }
    In in = new In(dir, data, size);
    try {
      byte[] magic = in.bytes(MAGIC.length, "the magic number");
      if (!Arrays.equals(magic, MAGIC)) {
        throw in.malformed(
            "does not start with "
                + new String(MAGIC, StandardCharsets.US_ASCII)
                + " (found bytes "
                + HexFormat.of().formatHex(magic)
                + "); not a baseline model file");
      }
      int length = in.unsignedShort("the model name's length");
      String found = new String(in.bytes(length, "the model name"), StandardCharsets.UTF_8);
      if (!found.equals(model)) {
        throw in.malformed("holds a '" + found + "' model, expected '" + model + "'");
      }
      in.version = in.readInt("the layout version");
      if (in.version < 1 || in.version > maxVersion) {
        throw in.malformed(
            "layout version "
                + in.version
                + " of "
                + model
                + " is not one this code reads (1 to "
                + maxVersion
                + "); it may have been written by a newer STREC");
      }
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
    return in;
  }

  /** The body of a file being written. */
  static final class Out implements Closeable {
    private final DataOutputStream data;
    private final byte[] chunk = new byte[CHUNK];
    private final ByteBuffer buf = ByteBuffer.wrap(chunk);

    private Out(DataOutputStream data) {
      this.data = data;
    }

    void writeInt(int v) throws IOException {
      data.writeInt(v);
    }

    void writeDouble(double v) throws IOException {
      data.writeLong(Double.doubleToRawLongBits(v));
    }

    void ints(int[] a) throws IOException {
      data.writeInt(a.length);
      for (int k = 0; k < a.length; ) {
        int m = Math.min(a.length - k, CHUNK / Integer.BYTES);
        buf.clear();
        buf.asIntBuffer().put(a, k, m);
        data.write(chunk, 0, m * Integer.BYTES);
        k += m;
      }
    }

    void floats(float[] a) throws IOException {
      data.writeInt(a.length);
      for (int k = 0; k < a.length; ) {
        int m = Math.min(a.length - k, CHUNK / Float.BYTES);
        buf.clear();
        buf.asFloatBuffer().put(a, k, m);
        data.write(chunk, 0, m * Float.BYTES);
        k += m;
      }
    }

    void doubles(double[] a) throws IOException {
      data.writeInt(a.length);
      for (int k = 0; k < a.length; ) {
        int m = Math.min(a.length - k, CHUNK / Double.BYTES);
        buf.clear();
        buf.asDoubleBuffer().put(a, k, m);
        data.write(chunk, 0, m * Double.BYTES);
        k += m;
      }
    }

    void bytes(byte[] a) throws IOException {
      data.writeInt(a.length);
      data.write(a);
    }

    @Override
    public void close() throws IOException {
      data.close();
    }
  }

  /** The body of a file being read, after its header. */
  static final class In implements Closeable {
    private final Path dir;
    private final DataInputStream data;
    private final long size;
    private final byte[] chunk = new byte[CHUNK];
    private final ByteBuffer buf = ByteBuffer.wrap(chunk);
    private long position;
    private int version;

    private In(Path dir, DataInputStream data, long size) {
      this.dir = dir;
      this.data = data;
      this.size = size;
    }

    /** The layout version in the header. */
    int version() {
      return version;
    }

    int readInt(String what) throws IOException {
      need(Integer.BYTES, what);
      position += Integer.BYTES;
      return data.readInt();
    }

    double readDouble(String what) throws IOException {
      need(Double.BYTES, what);
      position += Double.BYTES;
      return Double.longBitsToDouble(data.readLong());
    }

    int[] ints(String what) throws IOException {
      int[] a = new int[length(Integer.BYTES, what)];
      for (int k = 0; k < a.length; ) {
        int m = Math.min(a.length - k, CHUNK / Integer.BYTES);
        fill(m * Integer.BYTES);
        buf.clear();
        buf.asIntBuffer().get(a, k, m);
        k += m;
      }
      return a;
    }

    float[] floats(String what) throws IOException {
      float[] a = new float[length(Float.BYTES, what)];
      for (int k = 0; k < a.length; ) {
        int m = Math.min(a.length - k, CHUNK / Float.BYTES);
        fill(m * Float.BYTES);
        buf.clear();
        buf.asFloatBuffer().get(a, k, m);
        k += m;
      }
      return a;
    }

    double[] doubles(String what) throws IOException {
      double[] a = new double[length(Double.BYTES, what)];
      for (int k = 0; k < a.length; ) {
        int m = Math.min(a.length - k, CHUNK / Double.BYTES);
        fill(m * Double.BYTES);
        buf.clear();
        buf.asDoubleBuffer().get(a, k, m);
        k += m;
      }
      return a;
    }

    byte[] bytes(String what) throws IOException {
      return bytes(length(1, what), what);
    }

    /** Fails unless the whole file has been read. */
    void end() throws IOException {
      if (position != size) {
        throw malformed(
            (size - position) + " unexpected bytes after the end of the data at byte " + position);
      }
    }

    /**
     * The saved settings built by {@code make}, whose validation (an {@link
     * IllegalArgumentException}) becomes a format error.
     */
    <T> T settings(Supplier<T> make) throws IOException {
      try {
        return make.get();
      } catch (IllegalArgumentException e) {
        throw malformed("bad settings: " + e.getMessage());
      }
    }

    /** Fails with {@code message} unless {@code ok}. */
    void check(boolean ok, String message) throws IOException {
      if (!ok) {
        throw malformed(message);
      }
    }

    /** Fails unless an array of {@code what} has {@code expected} entries. */
    void checkLength(int expected, int actual, String what) throws IOException {
      check(actual == expected, what + " has " + actual + " entries, expected " + expected);
    }

    /**
     * Checks compressed-row offsets over {@code entries} values: {@code start[0] = 0}, ascending,
     * ending at {@code entries}.
     */
    void checkOffsets(int[] start, int entries, String what) throws IOException {
      check(start.length >= 1 && start[0] == 0, what + " do not start at 0");
      for (int k = 1; k < start.length; k++) {
        if (start[k] < start[k - 1]) {
          throw malformed(what + " decrease at row " + k);
        }
      }
      check(
          start[start.length - 1] == entries,
          what + " end at " + start[start.length - 1] + ", not at " + entries + " entries");
    }

    /** Checks that every entry of {@code index} is an item index below {@code numItems}. */
    void checkIndices(int[] index, int numItems, String what) throws IOException {
      for (int k = 0; k < index.length; k++) {
        if (index[k] < 0 || index[k] >= numItems) {
          throw malformed(
              what + " entry " + k + " is " + index[k] + ", outside 0.." + (numItems - 1));
        }
      }
    }

    /** An error naming the directory, the file and {@code message}. */
    ModelFormatException malformed(String message) {
      return new ModelFormatException(dir, NAME + ": " + message);
    }

    private int length(int elementBytes, String what) throws IOException {
      int n = readInt("the length of " + what);
      check(n >= 0, "negative length " + n + " of " + what);
      need((long) n * elementBytes, what + " (" + n + " entries)");
      return n;
    }

    private int unsignedShort(String what) throws IOException {
      need(2, what);
      position += 2;
      return data.readUnsignedShort();
    }

    private byte[] bytes(int n, String what) throws IOException {
      need(n, what);
      byte[] b = new byte[n];
      data.readFully(b);
      position += n;
      return b;
    }

    private void fill(int n) throws IOException {
      try {
        data.readFully(chunk, 0, n);
      } catch (EOFException e) {
        // The file shrank after its size was taken.
        throw malformed("ended early at byte " + position);
      }
      position += n;
    }

    /** Fails unless {@code n} more bytes are left, naming what they were to hold. */
    private void need(long n, String what) throws IOException {
      if (size - position < n) {
        throw malformed(
            "truncated: "
                + what
                + " needs "
                + n
                + " bytes at byte "
                + position
                + ", only "
                + (size - position)
                + " are left");
      }
    }

    @Override
    public void close() throws IOException {
      data.close();
    }
  }
}
