package io.strec.encoder.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * One model's embeddings file, memory-mapped read-only. Layout, numbers little-endian:
 *
 * <pre>
 *  0  8 bytes  magic "STRECEMB"
 *  8  int32    format version (1)
 * 12  int32    dimension d
 * 16  int64    count n
 * 24  int32    byte length m of the model id
 * 28  m bytes  model id, UTF-8
 *     zero padding to a multiple of 16: the key section starts at K
 *  K  n x 16   keys ({@link TextKey}: raw SHA-256 prefix bytes), strictly ascending as unsigned bytes
 *     n x d    float32 vectors, row i belongs to key i
 *     int32    CRC32C of every byte before it
 * </pre>
 *
 * <p>Opening checks the size against the header, the checksum (one sequential read of the file) and
 * the key order, so a damaged file fails with a message instead of returning wrong vectors.
 * Instances are immutable; reads use absolute positions only and are safe from several threads. The
 * mapping is released when the instance is garbage-collected (Java 17 has no supported unmap).
 */
final class StoreFile {
  static final byte[] MAGIC = "STRECEMB".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  static final int MAX_ID_BYTES = 4096;
  static final int MAX_DIMENSION = 1 << 20;

  /** The key section is one mapping, and a mapping holds at most 2 GiB. */
  static final int MAX_COUNT = Integer.MAX_VALUE / TextKey.BYTES;

  /** Vectors are mapped in slices of at most this many bytes (a mapping holds at most 2 GiB). */
  static final long DEFAULT_CHUNK_BYTES = 1L << 30;

  private static final int FIXED_HEADER = 28;

  private final int dimension;
  private final int count;
  private final ByteBuffer keys;
  private final FloatBuffer[] chunks;
  private final int rowsPerChunk;

  private StoreFile(
      int dimension, int count, ByteBuffer keys, FloatBuffer[] chunks, int rowsPerChunk) {
    this.dimension = dimension;
    this.count = count;
    this.keys = keys;
    this.chunks = chunks;
    this.rowsPerChunk = rowsPerChunk;
  }

  static StoreFile empty(int dimension) {
    return new StoreFile(dimension, 0, ByteBuffer.allocate(0), new FloatBuffer[0], 1);
  }

  static long keysOffset(int idBytes) {
    return align16(FIXED_HEADER + idBytes);
  }

  static long fileSize(int idBytes, long count, int dimension) {
    return keysOffset(idBytes)
        + count * TextKey.BYTES
        + count * dimension * Float.BYTES
        + Integer.BYTES;
  }

  /**
   * Maps and validates {@code file}, which must hold {@code modelId}'s vectors of {@code
   * dimension}.
   */
  static StoreFile map(Path file, String modelId, int dimension, long chunkBytes)
      throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, FIXED_HEADER + MAX_ID_BYTES));
      while (head.hasRemaining() && ch.read(head, head.position()) >= 0) {
        // read until the header prefix is full
      }
      head.flip();
      BinaryInput in = new BinaryInput(file, head);
      in.header(MAGIC, "an STREC embedding store", VERSION);
      int dim = in.getInt("dimension");
      long n = in.getLong("count");
      String storedId = in.getString(MAX_ID_BYTES, "model id");
      if (dim < 1 || dim > MAX_DIMENSION) {
        throw in.corrupt("dimension " + dim + " outside 1.." + MAX_DIMENSION);
      }
      if (n < 0 || n > MAX_COUNT) {
        throw in.corrupt("count " + n + " outside 0.." + MAX_COUNT);
      }
      int idBytes = storedId.getBytes(StandardCharsets.UTF_8).length;
      long expected = fileSize(idBytes, n, dim);
      if (size != expected) {
        throw in.corrupt(
            "size "
                + size
                + " bytes, but the header (dimension "
                + dim
                + ", "
                + n
                + " vectors) implies "
                + expected
                + ": truncated or damaged");
      }
      verifyChecksum(ch, size, chunkBytes, in);
      if (!storedId.equals(modelId)) {
        throw in.corrupt("holds embeddings of model '" + storedId + "', not '" + modelId + "'");
      }
      if (dim != dimension) {
        throw in.corrupt(
            "holds "
                + dim
                + "-dimensional vectors of model '"
                + modelId
                + "', not "
                + dimension
                + "-dimensional");
      }
      int count = (int) n;
      long keysAt = keysOffset(idBytes);
      ByteBuffer keys =
          count == 0
              ? ByteBuffer.allocate(0)
              : ch.map(FileChannel.MapMode.READ_ONLY, keysAt, (long) count * TextKey.BYTES)
                  .order(ByteOrder.BIG_ENDIAN);
      long rowBytes = (long) dim * Float.BYTES;
      int rowsPerChunk =
          (int)
              Math.max(
                  1,
                  Math.min(Integer.MAX_VALUE, Math.min(chunkBytes, Integer.MAX_VALUE) / rowBytes));
      int nChunks = (int) ((count + (long) rowsPerChunk - 1) / rowsPerChunk);
      FloatBuffer[] chunks = new FloatBuffer[nChunks];
      long vectorsAt = keysAt + (long) count * TextKey.BYTES;
      for (int c = 0; c < nChunks; c++) {
        long rows = Math.min(rowsPerChunk, count - (long) c * rowsPerChunk);
        chunks[c] =
            ch.map(
                    FileChannel.MapMode.READ_ONLY,
                    vectorsAt + (long) c * rowsPerChunk * rowBytes,
                    rows * rowBytes)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer();
      }
      StoreFile f = new StoreFile(dim, count, keys, chunks, rowsPerChunk);
      f.checkKeyOrder(in);
      return f;
    }
  }

  int count() {
    return count;
  }

  int dimension() {
    return dimension;
  }

  TextKey key(int i) {
    return new TextKey(
        keys.getLong(i * TextKey.BYTES), keys.getLong(i * TextKey.BYTES + Long.BYTES));
  }

  /** The row of {@code key}, or -1. */
  int find(TextKey key) {
    int lo = 0;
    int hi = count - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = key(mid).compareTo(key);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  /** A fresh copy of row {@code i}. */
  float[] vector(int i) {
    float[] out = new float[dimension];
    chunks[i / rowsPerChunk].get((i % rowsPerChunk) * dimension, out);
    return out;
  }

  private void checkKeyOrder(BinaryInput in) throws StoreFormatException {
    for (int i = 1; i < count; i++) {
      if (key(i - 1).compareTo(key(i)) >= 0) {
        throw in.corrupt(
            "keys out of order at row " + i + " (" + key(i - 1) + " then " + key(i) + ")");
      }
    }
  }

  private static void verifyChecksum(FileChannel ch, long size, long chunkBytes, BinaryInput in)
      throws IOException {
    long body = size - Integer.BYTES;
    long step = Math.max(1, Math.min(chunkBytes, Integer.MAX_VALUE));
    CRC32C crc = new CRC32C();
    for (long at = 0; at < body; at += step) {
      crc.update(ch.map(FileChannel.MapMode.READ_ONLY, at, Math.min(step, body - at)));
    }
    ByteBuffer trailer = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    while (trailer.hasRemaining() && ch.read(trailer, body + trailer.position()) >= 0) {
      // read the four checksum bytes
    }
    int stored = trailer.getInt(0);
    if (stored != (int) crc.getValue()) {
      throw in.corrupt(
          String.format(
              Locale.ROOT,
              "checksum mismatch (stored %08x, computed %08x): the file is damaged",
              stored,
              (int) crc.getValue()));
    }
  }

  private static long align16(long x) {
    return (x + 15) & ~15L;
  }
}
