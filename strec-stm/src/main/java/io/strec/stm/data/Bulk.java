package io.strec.stm.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Bulk reads of the big-endian numbers {@link java.io.DataOutputStream} wrote, one {@code
 * readFully} per record, through one buffer that grows to the largest record.
 */
final class Bulk {
  private final DataInputStream in;
  private byte[] buffer = new byte[0];

  Bulk(DataInputStream in) {
    this.in = in;
  }

  /**
   * The next {@code bytes} bytes as a big-endian buffer positioned at 0; valid until the next read,
   * which reuses its memory.
   *
   * @throws java.io.EOFException when the stream ends first
   */
  ByteBuffer read(long bytes) throws IOException {
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new IOException("a record of " + bytes + " bytes is too large to read");
    }
    int b = (int) bytes;
    if (buffer.length < b) {
      buffer = new byte[Math.max(b, 2 * buffer.length)];
    }
    in.readFully(buffer, 0, b);
    return ByteBuffer.wrap(buffer, 0, b);
  }
}
