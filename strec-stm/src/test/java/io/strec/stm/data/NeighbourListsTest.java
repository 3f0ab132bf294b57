package io.strec.stm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.strec.model.History;
import io.strec.stm.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text-neighbour lists read from their file on demand ({@link TextNeighbours#open}) against the
 * same lists held in memory: every list, every query's features, items added after loading, the
 * file's users, and files that do not hold what they claim.
 */
class NeighbourListsTest {
  private static final int N = 300;
  private static final int KEEP = 7;

  @TempDir Path dir;

  private static float[][] vectors(int n) {
    float[][] v = Fixtures.vectors(n, 12, 5);
    Arrays.fill(v[17], 0f); // an item without text: an empty list
    return v;
  }

  private static byte[] bytes(TextNeighbours t) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      t.write(out);
    }
    return bytes.toByteArray();
  }

  private Path written(TextNeighbours t) throws IOException {
    Path file = dir.resolve("neighbours.bin");
    Files.write(file, bytes(t));
    return file;
  }

  @Test
  void everyListAndEveryQueryIsTheSameReadFromTheFile() throws IOException {
    try (NDManager m = NDManager.newBaseManager()) {
      TextNeighbours memory = TextNeighbours.of(vectors(N), KEEP, m);
      try (TextNeighbours file = TextNeighbours.open(written(memory))) {
        assertEquals(N, file.numItems());
        for (int i = 0; i < N; i++) {
          assertArrayEquals(memory.neighbours(i), file.neighbours(i), "item " + i);
          assertArrayEquals(memory.cosines(i), file.cosines(i), 0f, "item " + i);
        }
        assertEquals(0, file.neighbours(17).length);
        SplittableRandom random = new SplittableRandom(3);
        int slots = 12;
        for (int q = 0; q < 200; q++) {
          int[] items = random.ints(1 + random.nextInt(9), 0, N).toArray();
          History h = TextNeighboursTest.history(items);
          int end = 1 + random.nextInt(items.length);
          long[] idxA = new long[slots + 2];
          long[] idxB = new long[slots + 2];
          float[] featA = new float[(slots + 2) * TextNeighbours.DIM];
          float[] featB = new float[(slots + 2) * TextNeighbours.DIM];
          memory.features(h, end, slots, N, idxA, featA, 1);
          file.features(h, end, slots, N, idxB, featB, 1);
          assertArrayEquals(idxA, idxB, "query " + q);
          assertArrayEquals(featA, featB, 0f, "query " + q);
        }
        assertArrayEquals(bytes(memory), bytes(file), "written again, the file is unchanged");
      }
    }
  }

  @Test
  void itemsAddedToListsReadFromTheFileAreThoseAddedInMemory() throws IOException {
    int old = N - 6;
    float[][] v = vectors(N);
    try (NDManager m = NDManager.newBaseManager()) {
      TextNeighbours memory = TextNeighbours.of(Arrays.copyOf(v, old), KEEP, m);
      TextNeighbours file = TextNeighbours.open(written(memory));
      TextNeighbours grownMemory =
          memory
              .withItems(ItemText.of(Arrays.copyOf(v, N - 3)), KEEP, m)
              .withItems(ItemText.of(v), KEEP, m);
      TextNeighbours once = file.withItems(ItemText.of(Arrays.copyOf(v, N - 3)), KEEP, m);
      TextNeighbours grownFile = once.withItems(ItemText.of(v), KEEP, m);
      // The earlier models let go of the file; the last one still reads the old lists from it.
      file.close();
      once.close();
      assertEquals(N, grownFile.numItems());
      for (int i = 0; i < N; i++) {
        assertArrayEquals(grownMemory.neighbours(i), grownFile.neighbours(i), "item " + i);
        assertArrayEquals(grownMemory.cosines(i), grownFile.cosines(i), 0f, "item " + i);
      }
      assertTrue(grownFile.neighbours(N - 1).length > 0, "an added item has neighbours");
      grownFile.close();
      IllegalStateException closed =
          assertThrows(
              IllegalStateException.class, () -> grownFile.withItems(ItemText.of(v), 0, m));
      assertTrue(closed.getMessage().contains("neighbours.bin"), closed.getMessage());
    }
  }

  @Test
  void aTruncatedFileIsRefusedNamingItAndTheItem() throws IOException {
    try (NDManager m = NDManager.newBaseManager()) {
      byte[] whole = bytes(TextNeighbours.of(vectors(N), KEEP, m));
      Path file = dir.resolve("short.bin");
      Files.write(file, Arrays.copyOf(whole, whole.length - 5));
      IOException e = assertThrows(IOException.class, () -> TextNeighbours.open(file));
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("bytes"), e.getMessage());

      Files.write(file, Arrays.copyOf(whole, whole.length + 8));
      IOException longer = assertThrows(IOException.class, () -> TextNeighbours.open(file));
      assertTrue(longer.getMessage().contains("end at byte " + whole.length), longer.getMessage());

      // Item 2's list length made larger than the catalogue.
      byte[] bad = whole.clone();
      int at = 4;
      for (int j = 0; j < 2; j++) {
        at += 4 + 8 * ByteBuffer.wrap(bad, at, 4).getInt();
      }
      ByteBuffer.wrap(bad, at, 4).putInt(N + 1);
      Files.write(file, bad);
      IOException claims = assertThrows(IOException.class, () -> TextNeighbours.open(file));
      assertTrue(
          claims.getMessage().contains("item 2 claims " + (N + 1) + " text neighbours"),
          claims.getMessage());
    }
  }

  @Test
  void anEmptyCatalogueAndListsLongerThanTheScanWindowRead() throws IOException {
    try (TextNeighbours none = TextNeighbours.open(written(TextNeighbours.none(0)))) {
      assertEquals(0, none.numItems());
    }
    // 3,000 items with 200 neighbours each: 4.8 MB, more than one window of the opening scan.
    int n = 3000;
    int[][] next = new int[n][200];
    float[][] cos = new float[n][200];
    SplittableRandom random = new SplittableRandom(9);
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < 200; r++) {
        next[i][r] = random.nextInt(n);
        cos[i][r] = (float) random.nextDouble();
      }
    }
    TextNeighbours memory = TextNeighbours.fromLists(next, cos);
    try (TextNeighbours file = TextNeighbours.open(written(memory))) {
      for (int i = 0; i < n; i += 7) {
        assertArrayEquals(next[i], file.neighbours(i), "item " + i);
        assertArrayEquals(cos[i], file.cosines(i), 0f, "item " + i);
      }
      assertArrayEquals(next[n - 1], file.neighbours(n - 1));
    }
  }
}
