package io.strec.stm.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Bulk reads of the big-endian numbers {@link java.io.DataOutputStream} wrote. */
final class Bulk {
  private Bulk() {}

  /**
   * The next {@code bytes} bytes of {@code in} as a big-endian buffer positioned at 0, read with
   * one {@code readFully}; {@code reuse} backs it when it is large enough.
   *
   * @throws java.io.EOFException when the stream ends first
   */
  static ByteBuffer read(DataInputStream in, long bytes, byte[] reuse) throws IOException {
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new IOException("a record of " + bytes + " bytes is too large to read");
    }
    int b = (int) bytes;
    byte[] buf = reuse.length >= b ? reuse : new byte[Math.max(b, 2 * reuse.length)];
    in.readFully(buf, 0, b);
    return ByteBuffer.wrap(buf, 0, b);
  }
}
