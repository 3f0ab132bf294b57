package io.strec.stm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.strec.model.History;
import io.strec.stm.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Nearest items by text against a brute-force computation in double precision. */
class TextNeighboursTest {
  private static final int N = 70;
  private static final int KEEP = 6;

  private static float[][] vectors() {
    float[][] v = Fixtures.vectors(N, 8, 11);
    Arrays.fill(v[13], 0f); // an item without text
    return v;
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
    return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
  }

  /** The brute-force neighbours of {@code i}: positive cosines, largest first, then index. */
  private static List<Integer> expected(float[][] v, int i) {
    List<Integer> out = new ArrayList<>();
    for (int j = 0; j < v.length; j++) {
      if (j != i && cosine(v[i], v[j]) > 0) {
        out.add(j);
      }
    }
    out.sort(
        Comparator.<Integer>comparingDouble(j -> -cosine(v[i], v[j])).thenComparingInt(j -> j));
    return out.subList(0, Math.min(KEEP, out.size()));
  }

  /**
   * Added items get the neighbours a brute-force search over the whole grown catalogue finds (one
   * of them a copy of an old item's text, one without text; two copies of item 9's text make ties
   * at the boundary), whatever the number of catalogue rows read at a time; the old items keep
   * theirs.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 3, 16, 1000})
  void addedItemsFindTheirNeighboursAmongAllItems(int blockRows) {
    int old = N - 5;
    float[][] v = vectors();
    v[N - 2] = v[4].clone();
    v[N - 3] = v[9].clone();
    v[N - 4] = v[9].clone();
    Arrays.fill(v[N - 1], 0f);
    try (NDManager m = NDManager.newBaseManager()) {
      TextNeighbours fitted = TextNeighbours.of(Arrays.copyOf(v, old), KEEP, m);
      TextNeighbours grown = fitted.withItems(ItemText.of(v), KEEP, m, blockRows);
      assertEquals(N, grown.numItems());
      for (int i = 0; i < old; i++) {
        assertArrayEquals(fitted.neighbours(i), grown.neighbours(i), "old item " + i);
        assertArrayEquals(fitted.cosines(i), grown.cosines(i), 0f, "old item " + i);
      }
      for (int i = old; i < N; i++) {
        List<Integer> want = expected(v, i);
        assertEquals(want, Arrays.stream(grown.neighbours(i)).boxed().toList(), "item " + i);
        float[] cos = grown.cosines(i);
        for (int r = 0; r < cos.length; r++) {
          assertEquals(cosine(v[i], v[want.get(r)]), cos[r], 1e-5, "item " + i + " rank " + r);
        }
      }
      assertEquals(4, grown.neighbours(N - 2)[0], "a copy of item 4's text is nearest to it");
      assertEquals(0, grown.neighbours(N - 1).length, "an item without text has no neighbours");
      assertEquals(0, fitted.withItems(ItemText.of(v), 0, m).neighbours(old).length);
    }
  }

  @Test
  void neighboursAreTheNearestByCosineInEveryBlockSize() {
    float[][] v = vectors();
    try (NDManager m = NDManager.newBaseManager()) {
      for (int rows : new int[] {1, 7, N, 1000}) {
        TextNeighbours t = TextNeighbours.of(v, KEEP, m, rows);
        for (int i = 0; i < N; i++) {
          List<Integer> want = expected(v, i);
          int[] got = t.neighbours(i);
          assertArrayEquals(
              want.stream().mapToInt(Integer::intValue).toArray(),
              got,
              "neighbours of item " + i + " with blocks of " + rows + " rows");
          float[] cos = t.cosines(i);
          for (int r = 0; r < got.length; r++) {
            assertEquals(cosine(v[i], v[got[r]]), cos[r], 1e-5, "cosine of " + i + "," + got[r]);
          }
        }
        assertEquals(0, t.neighbours(13).length, "an item without text has no neighbours");
        for (int i = 0; i < N; i++) {
          for (int j : t.neighbours(i)) {
            assertTrue(j != 13, "an item without text is nobody's neighbour");
          }
        }
      }
    }
  }

  @Test
  void manyItemsWithTheSameTextTieByIndex() {
    // 40 identical vectors: more ties at the boundary than the engine's top-k takes.
    float[][] v = vectors();
    for (int i = 20; i < 60; i++) {
      v[i] = v[20].clone();
    }
    try (NDManager m = NDManager.newBaseManager()) {
      TextNeighbours t = TextNeighbours.of(v, KEEP, m, 16);
      for (int i = 0; i < N; i++) {
        assertArrayEquals(
            expected(v, i).stream().mapToInt(Integer::intValue).toArray(),
            t.neighbours(i),
            "neighbours of item " + i);
      }
      assertArrayEquals(new int[] {20, 21, 22, 23, 24, 26}, t.neighbours(25));
    }
  }

  @Test
  void featuresComeFromTheRecentDistinctHistoryItems() {
    float[][] v = vectors();
    try (NDManager m = NDManager.newBaseManager()) {
      TextNeighbours t = TextNeighbours.of(v, KEEP, m);
      // Oldest first: 40 is too old (beyond three distinct items), 9 repeats, -1 is unknown.
      int[] items = {40, 5, 9, 2, 9, -1};
      History h = history(items);
      int slots = 3 * KEEP;
      long[] idx = new long[slots + 2];
      float[] feat = new float[(slots + 2) * TextNeighbours.DIM];
      t.features(h, items.length, slots, N, idx, feat, 2);
      int[] recent = {9, 2, 5};
      Map<Integer, double[]> want = new HashMap<>();
      for (int r = 0; r < recent.length; r++) {
        int[] nx = t.neighbours(recent[r]);
        float[] cs = t.cosines(recent[r]);
        for (int k = 0; k < nx.length; k++) {
          double[] f = want.computeIfAbsent(nx[k], key -> new double[TextNeighbours.DIM]);
          if (r == 0) {
            f[0] = cs[k];
          }
          f[1] = Math.max(f[1], cs[k]);
          f[2] += cs[k] / 3.0;
        }
      }
      int used = 0;
      double lastMax = Double.POSITIVE_INFINITY;
      for (int s = 0; s < slots; s++) {
        int item = (int) idx[2 + s];
        if (item == N) {
          continue;
        }
        used++;
        double[] f = want.get(item);
        assertTrue(f != null, "candidate " + item + " is no neighbour of a recent item");
        for (int d = 0; d < TextNeighbours.DIM; d++) {
          assertEquals(f[d], feat[(2 + s) * TextNeighbours.DIM + d], 1e-6, "feature " + d);
        }
        assertTrue(f[1] <= lastMax, "slots ordered by the largest cosine");
        lastMax = f[1];
      }
      assertEquals(Math.min(slots, want.size()), used);
      assertEquals(0L, idx[0], "slots before the offset are untouched");
      for (int j : t.neighbours(40)) {
        if (!want.containsKey(j)) {
          for (int s = 0; s < slots; s++) {
            assertTrue(idx[2 + s] != j, "a neighbour of the fourth distinct item is a candidate");
          }
        }
      }
    }
  }

  @Test
  void onlyTheFirstEndEventsCount() {
    float[][] v = vectors();
    try (NDManager m = NDManager.newBaseManager()) {
      TextNeighbours t = TextNeighbours.of(v, KEEP, m);
      History a = history(new int[] {1, 2, 3, 50});
      History b = history(new int[] {1, 2, 3, 60});
      long[] ia = new long[10];
      long[] ib = new long[10];
      float[] fa = new float[10 * TextNeighbours.DIM];
      float[] fb = new float[10 * TextNeighbours.DIM];
      t.features(a, 3, 10, N, ia, fa, 0);
      t.features(b, 3, 10, N, ib, fb, 0);
      assertArrayEquals(ia, ib);
      assertArrayEquals(fa, fb);
    }
  }

  @Test
  void noneGivesEmptySlots() {
    TextNeighbours t = TextNeighbours.none(N);
    long[] idx = new long[4];
    float[] feat = new float[4 * TextNeighbours.DIM];
    Arrays.fill(feat, 7f);
    t.features(history(new int[] {1, 2}), 2, 4, N, idx, feat, 0);
    for (long i : idx) {
      assertEquals(N, i);
    }
    for (float f : feat) {
      assertEquals(0f, f);
    }
  }

  @Test
  void writeThenReadIsIdentical() throws IOException {
    try (NDManager m = NDManager.newBaseManager()) {
      TextNeighbours t = TextNeighbours.of(vectors(), KEEP, m);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        t.write(out);
      }
      TextNeighbours r =
          TextNeighbours.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
      assertEquals(N, r.numItems());
      for (int i = 0; i < N; i++) {
        assertArrayEquals(t.neighbours(i), r.neighbours(i));
        assertArrayEquals(t.cosines(i), r.cosines(i));
      }
    }
  }

  /** A history of {@code items} an hour apart, without places. */
  static History history(int[] items) {
    int n = items.length;
    long[] t = new long[n];
    double[] la = new double[n];
    double[] lo = new double[n];
    for (int k = 0; k < n; k++) {
      t[k] = 1_000_000L + 3600L * k;
      la[k] = Double.NaN;
      lo[k] = Double.NaN;
    }
    return new History(items.clone(), t, new int[n], la, lo);
  }
}
