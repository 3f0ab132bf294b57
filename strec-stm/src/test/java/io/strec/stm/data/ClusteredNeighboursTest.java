package io.strec.stm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The clustered search against the exact one on data with topics, as text vectors have: the lists
 * keep the exact rules, their cosines are the true ones, and they find almost every exact
 * neighbour.
 */
class ClusteredNeighboursTest {
  private static final int N = 3_000;
  private static final int DIM = 24;
  private static final int KEEP = 10;

  /** Points around 60 random topic directions, with noise; item 7 has no text. */
  private static float[][] topics(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[][] centre = new float[60][DIM];
    for (float[] c : centre) {
      for (int k = 0; k < DIM; k++) {
        c[k] = (float) gaussian(rnd);
      }
    }
    float[][] v = new float[N][DIM];
    for (int i = 0; i < N; i++) {
      float[] c = centre[rnd.nextInt(centre.length)];
      for (int k = 0; k < DIM; k++) {
        v[i][k] = c[k] + (float) (0.6 * gaussian(rnd));
      }
    }
    Arrays.fill(v[7], 0f);
    return v;
  }

  private static double gaussian(SplittableRandom rnd) {
    return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble()))
        * Math.cos(2 * Math.PI * rnd.nextDouble());
  }

  private static double cosine(float[] a, float[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int k = 0; k < a.length; k++) {
      ab += (double) a[k] * b[k];
      aa += (double) a[k] * a[k];
      bb += (double) b[k] * b[k];
    }
    return ab / Math.sqrt(aa * bb);
  }

  @Test
  void findsNearlyEveryExactNeighbourAndKeepsTheRules() {
    float[][] v = topics(3);
    try (NDManager m = NDManager.newBaseManager()) {
      TextNeighbours exact = TextNeighbours.of(v, KEEP, m);
      List<String> log = new ArrayList<>();
      TextNeighbours near = ClusteredNeighbours.find(v, KEEP, m, 42, log::add);
      assertEquals(N, near.numItems());
      assertTrue(log.get(0).contains("clusters"), log.toString());
      long hits = 0;
      long wanted = 0;
      for (int i = 0; i < N; i++) {
        int[] got = near.neighbours(i);
        float[] cos = near.cosines(i);
        if (i == 7) {
          assertEquals(0, got.length, "an item without text has no neighbours");
          continue;
        }
        assertEquals(KEEP, got.length, "item " + i);
        for (int r = 0; r < got.length; r++) {
          assertTrue(got[r] != i && got[r] != 7, "item " + i + " lists " + got[r]);
          assertEquals(cosine(v[i], v[got[r]]), cos[r], 1e-5, "item " + i + " rank " + r);
          if (r > 0) {
            assertTrue(cos[r] <= cos[r - 1], "item " + i + " is not in cosine order");
          }
        }
        int[] want = exact.neighbours(i);
        wanted += want.length;
        for (int w : want) {
          hits += Arrays.stream(got).anyMatch(g -> g == w) ? 1 : 0;
        }
      }
      double recall = (double) hits / wanted;
      assertTrue(recall >= 0.95, "recall@" + KEEP + " against the exact lists: " + recall);
    }
  }

  @Test
  void theSameSeedGivesTheSameLists() {
    float[][] v = topics(5);
    try (NDManager m = NDManager.newBaseManager()) {
      TextNeighbours a = ClusteredNeighbours.find(v, KEEP, m, 9, line -> {});
      TextNeighbours b = ClusteredNeighbours.find(v, KEEP, m, 9, line -> {});
      for (int i = 0; i < N; i++) {
        assertArrayEquals(a.neighbours(i), b.neighbours(i), "item " + i);
        assertArrayEquals(a.cosines(i), b.cosines(i), 0f, "item " + i);
      }
    }
  }

  @Test
  void smallCataloguesKeepTheExactSearch() {
    float[][] v = topics(8);
    try (NDManager m = NDManager.newBaseManager()) {
      TextNeighbours exact = TextNeighbours.of(v, KEEP, m);
      TextNeighbours found = TextNeighbours.find(v, KEEP, m, 1, line -> {});
      for (int i = 0; i < N; i++) {
        assertArrayEquals(exact.neighbours(i), found.neighbours(i), "item " + i);
      }
    }
  }
}
