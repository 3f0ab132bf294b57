package io.strec.model.baseline;

import static io.strec.model.baseline.Fixtures.NAN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.Dataset;
import io.strec.model.Model;
import org.junit.jupiter.api.Test;

class ItemKnnTest {
  private static final int A = 0;
  private static final int B = 1;
  private static final int C = 2;
  private static final int D = 3;
  private static final int ALL = ItemKnnTrainer.ALL;

  /**
   * u0 {a, b, c}, u1 {a, b, b}, u2 {b, c, d, b}: users per item a 2, b 3, c 2, d 1 (a repeat counts
   * once). Cosines: ab = 2/sqrt(6), ac = 1/2, ad = 0, bc = 2/sqrt(6), bd = 1/sqrt(3), cd =
   * 1/sqrt(2). Event counts a 2, b 5, c 2, d 1: popularity scaled by the largest (0.4, 1, 0.4,
   * 0.2).
   */
  private static Dataset data() {
    int[][] seqs = {{A, B, C}, {A, B, B}, {B, C, D, B}};
    Dataset.Builder b = Fixtures.builder(3, "a", "b", "c", "d");
    for (int u = 0; u < seqs.length; u++) {
      for (int k = 0; k < seqs[u].length; k++) {
        b.add(u, seqs[u][k], k, 0, NAN, NAN, 1f);
      }
    }
    return b.build();
  }

  private static final double AB = 2 / Math.sqrt(6);
  private static final double AC = 0.5;
  private static final double BC = 2 / Math.sqrt(6);
  private static final double BD = 1 / Math.sqrt(3);
  private static final double CD = 1 / Math.sqrt(2);

  @Test
  void cosineFromDistinctUserCooccurrence() {
    ItemKnnModel m = ItemKnnModel.fit(data(), new ItemKnnTrainer(ALL, 1, 1, 0));
    double[][] expected = {
      {0, AB, AC, 0},
      {AB, 0, BC, BD},
      {AC, BC, 0, CD},
      {0, BD, CD, 0},
    };
    for (int j = 0; j < 4; j++) {
      for (int i = 0; i < 4; i++) {
        assertEquals(expected[j][i], m.similarity(j, i), 1e-6, "sim(" + j + "," + i + ")");
      }
    }
    assertArrayEquals(
        new int[] {2, 3, 3, 2},
        new int[] {
          m.neighbourCount(A), m.neighbourCount(B), m.neighbourCount(C), m.neighbourCount(D)
        });
  }

  @Test
  void topNeighbourTiesBreakByItemIndex() {
    ItemKnnModel m = ItemKnnModel.fit(data(), new ItemKnnTrainer(1, 1, 1, 0));
    // a -> b; b has a and c tied at 2/sqrt(6) and keeps a; c -> b; d -> c.
    assertEquals(AB, m.similarity(A, B), 1e-6);
    assertEquals(AB, m.similarity(B, A), 1e-6);
    assertEquals(0, m.similarity(B, C));
    assertEquals(BC, m.similarity(C, B), 1e-6);
    assertEquals(CD, m.similarity(D, C), 1e-6);
    for (int j = 0; j < 4; j++) {
      assertEquals(1, m.neighbourCount(j));
    }
  }

  @Test
  void lastItemVotesPlusPopularityTieBreaker() {
    Model m = new ItemKnnTrainer(ALL, 1, 1, 0.01).fit(data(), 0);
    float[] expected = {0.004f, (float) (AB + 0.01), (float) (AC + 0.004), 0.002f};
    assertArrayEquals(expected, Fixtures.score(m, Fixtures.query(C, A)), 1e-6f);
    // No history: popularity alone.
    assertArrayEquals(
        new float[] {0.004f, 0.01f, 0.004f, 0.002f}, Fixtures.score(m, Fixtures.query()), 1e-6f);
  }

  @Test
  void lastDistinctItemsWithRecencyDecay() {
    Model m = new ItemKnnTrainer(ALL, 2, 0.5, 0).fit(data(), 0);
    // Most recent distinct: a (weight 1), then c (weight 0.5); the older a, b and the -1 are
    // skipped.
    float[] expected = {
      (float) (0.5 * AC), (float) (AB + 0.5 * BC), (float) AC, (float) (0.5 * CD)
    };
    assertArrayEquals(expected, Fixtures.score(m, Fixtures.query(B, A, C, -1, A, -1)), 1e-6f);
  }

  @Test
  void similaritiesAreSymmetricAndAtMostOneOnRandomData() {
    Dataset d = Fixtures.random(7, 40, 60, 600);
    ItemKnnModel m = ItemKnnModel.fit(d, new ItemKnnTrainer(ALL, 1, 1, 0));
    for (int j = 0; j < d.numItems(); j++) {
      assertEquals(0, m.similarity(j, j));
      for (int i = 0; i < d.numItems(); i++) {
        double s = m.similarity(j, i);
        assertTrue(s >= 0 && s <= 1 + 1e-6, "sim " + s);
        assertEquals(s, m.similarity(i, j), 1e-7);
      }
    }
  }

  @Test
  void configIsValidatedAndDescribed() {
    assertThrows(IllegalArgumentException.class, () -> new ItemKnnTrainer(0, 1, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new ItemKnnTrainer(5, 0, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new ItemKnnTrainer(5, 1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new ItemKnnTrainer(5, 1, 1.5, 0));
    assertThrows(IllegalArgumentException.class, () -> new ItemKnnTrainer(5, 1, 1, -1));
    assertEquals(
        "itemknn(N=all,L=50,decay=0.9,eps=0.0001)",
        new ItemKnnTrainer(ALL, 50, 0.9, 1e-4).describe());
  }
}
