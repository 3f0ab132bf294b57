package io.strec.encoder.store;

import io.strec.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes a whole {@link StoreFile}: the rows already on disk merged with new ones, keys ascending,
 * through {@link AtomicFiles} so that the previous file stays intact until the new one is complete.
 */
final class StoreWriter {
  private StoreWriter() {}

  /**
   * @param base the rows on disk now (sorted)
   * @param added new rows, sorted by key and disjoint from {@code base}
   */
  static void write(
      Path file,
      String modelId,
      int dimension,
      StoreFile base,
      TextKey[] added,
      float[][] addedVectors)
      throws IOException {
    long total = (long) base.count() + added.length;
    if (total > StoreFile.MAX_COUNT) {
      throw new IOException(
          file + ": " + total + " vectors exceed the store's limit of " + StoreFile.MAX_COUNT);
    }
    byte[] id = modelId.getBytes(StandardCharsets.UTF_8);
    AtomicFiles.writeChannel(
        file,
        ch -> {
          BinaryOutput out = new BinaryOutput(ch);
          out.putBytes(StoreFile.MAGIC);
          out.putInt(StoreFile.VERSION);
          out.putInt(dimension);
          out.putLong(total);
          out.putInt(id.length);
          out.putBytes(id);
          out.padTo(TextKey.BYTES);
          // Two passes over the same merge: all keys, then all vectors in the same order.
          for (int pass = 0; pass < 2; pass++) {
            int i = 0;
            int j = 0;
            while (i < base.count() || j < added.length) {
              int c =
                  j == added.length ? -1 : i == base.count() ? 1 : base.key(i).compareTo(added[j]);
              if (c == 0) {
                // New rows are only ever taken for keys that are not on disk.
                throw new IllegalStateException("key " + added[j] + " is both on disk and new");
              }
              if (pass == 0) {
                out.putKey(c < 0 ? base.key(i) : added[j]);
              } else {
                out.putFloats(c < 0 ? base.vector(i) : addedVectors[j]);
              }
              if (c < 0) {
                i++;
              } else {
                j++;
              }
            }
          }
          long expected = StoreFile.fileSize(id.length, total, dimension) - Integer.BYTES;
          if (out.position() != expected) {
            throw new IllegalStateException(
                "wrote " + out.position() + " bytes before the checksum, layout says " + expected);
          }
          out.finish();
        });
  }
}
