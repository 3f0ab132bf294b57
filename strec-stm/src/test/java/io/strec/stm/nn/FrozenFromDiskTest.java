package io.strec.stm.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.strec.stm.StmConfig;
import io.strec.stm.data.ItemText;
import io.strec.stm.testing.Fixtures;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network over text vectors read from disk computes, block by block, the item vectors of the same
 * network over the vectors in memory, whatever the block size; it cannot be fitted.
 */
class FrozenFromDiskTest {
  private static final int N = 23;

  @Test
  void itemVectorsFromDiskEqualThoseFromMemoryInEveryBlockSize(@TempDir Path dir)
      throws IOException {
    float[][] v = Fixtures.vectors(N, 6, 2);
    Arrays.fill(v[5], 0f); // an item without text
    Path file = dir.resolve("text.bin");
    try (OutputStream raw = Files.newOutputStream(file);
        DataOutputStream out = new DataOutputStream(raw)) {
      ItemText.of(v).write(out);
    }
    int[] counts = new int[N];
    double[] lat = new double[N];
    double[] lon = new double[N];
    for (int i = 0; i < N; i++) {
      counts[i] = i % 4;
      lat[i] = 40 + i * 0.01;
      lon[i] = -74 + i * 0.01;
    }
    StmConfig config = Fixtures.tiny(1);
    for (int rows : new int[] {1, 4, 22, 23, 1000}) {
      try (NDManager m = NDManager.newBaseManager();
          ItemText onDisk = ItemText.open(file)) {
        Network memory = network(config, m, ItemText.of(v), counts, lat, lon);
        Network disk = network(config, m, onDisk, counts, lat, lon);
        disk.params().load(memory.params().values());
        disk.freezeBlockRows(rows);
        memory.freeze();
        disk.freeze();
        assertArrayEquals(
            memory.servingItemVectors(), disk.servingItemVectors(), 1e-6f, rows + " rows a block");
        disk.thaw();
        assertThrows(
            IllegalStateException.class,
            () -> disk.items(m, disk.params().viewsIn(m, true)),
            "a network over vectors on disk cannot compute item vectors for fitting");
      }
    }
  }

  private static Network network(
      StmConfig config, NDManager m, ItemText text, int[] counts, double[] lat, double[] lon) {
    return new Network(
        config, m, DataType.FLOAT32, text, counts, lat, lon, 40.1, 3, 0, new SplittableRandom(4));
  }
}
