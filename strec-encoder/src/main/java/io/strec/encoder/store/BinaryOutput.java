package io.strec.encoder.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.zip.CRC32C;

/**
 * Buffered little-endian writes to a channel with a running CRC32C of everything written, which
 * {@link #finish()} appends as the last four bytes of the file.
 */
final class BinaryOutput {
  private static final int BUFFER_BYTES = 1 << 20;

  private final WritableByteChannel channel;
  private final ByteBuffer buf =
      ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  private final CRC32C crc = new CRC32C();
  private long written;

  BinaryOutput(WritableByteChannel channel) {
    this.channel = channel;
  }

  void putInt(int v) throws IOException {
    room(Integer.BYTES);
    buf.putInt(v);
  }

  void putLong(long v) throws IOException {
    room(Long.BYTES);
    buf.putLong(v);
  }

  /** A key's two halves big-endian, i.e. the raw digest bytes. */
  void putKey(TextKey key) throws IOException {
    room(TextKey.BYTES);
    buf.order(ByteOrder.BIG_ENDIAN)
        .putLong(key.hi())
        .putLong(key.lo())
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  void putFloats(float[] v) throws IOException {
    for (float f : v) {
      room(Float.BYTES);
      buf.putFloat(f);
    }
  }

  void putDouble(double v) throws IOException {
    room(Double.BYTES);
    buf.putDouble(v);
  }

  void putDoubles(double[] v) throws IOException {
    for (double d : v) {
      putDouble(d);
    }
  }

  void putBytes(byte[] b) throws IOException {
    for (int off = 0; off < b.length; ) {
      room(1);
      int n = Math.min(buf.remaining(), b.length - off);
      buf.put(b, off, n);
      off += n;
    }
  }

  /** Zero bytes up to the next multiple of {@code alignment} from the start of the file. */
  void padTo(int alignment) throws IOException {
    while ((position() % alignment) != 0) {
      room(1);
      buf.put((byte) 0);
    }
  }

  long position() {
    return written + buf.position();
  }

  /** Writes the checksum of everything so far and drains the buffer. */
  void finish() throws IOException {
    drain();
    buf.putInt((int) crc.getValue());
    buf.flip();
    writeFully();
  }

  private void room(int bytes) throws IOException {
    if (buf.remaining() < bytes) {
      drain();
    }
  }

  private void drain() throws IOException {
    buf.flip();
    crc.update(buf.duplicate());
    writeFully();
  }

  private void writeFully() throws IOException {
    while (buf.hasRemaining()) {
      written += channel.write(buf);
    }
    buf.clear();
  }
}
