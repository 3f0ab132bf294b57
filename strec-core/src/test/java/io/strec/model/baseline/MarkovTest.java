package io.strec.model.baseline;

import static io.strec.model.baseline.Fixtures.NAN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.strec.data.Dataset;
import io.strec.model.Model;
import org.junit.jupiter.api.Test;

class MarkovTest {
  private static final int A = 0;
  private static final int B = 1;
  private static final int C = 2;
  private static final int D = 3;

  /**
   * u0: a b c a b, u1: a c b, u2: b a (added out of time order, so the dataset must sort them).
   * Transitions: a->b 2, a->c 1 (c(a) = 3); b->c 1, b->a 1 (c(b) = 2); c->a 1, c->b 1 (c(c) = 2); d
   * none. Counts a 4, b 4, c 2, d 0 of 10, so p = (0.4, 0.4, 0.2, 0).
   */
  static Dataset data() {
    Dataset.Builder b = Fixtures.builder(3, "a", "b", "c", "d");
    int[][] seqs = {{A, B, C, A, B}, {A, C, B}, {B, A}};
    for (int u = 0; u < seqs.length; u++) {
      for (int k = seqs[u].length - 1; k >= 0; k--) {
        b.add(u, seqs[u][k], 100L * u + k, 0, NAN, NAN, 1f);
      }
    }
    return b.build();
  }

  @Test
  void smoothedTransitionsFromTheLastItem() {
    Model m = new MarkovTrainer(1).fit(data(), 0);
    // Last = a: ((0, 2, 1, 0) + 1 * p) / (3 + 1).
    float[] expected = {0.4f / 4, 2.4f / 4, 1.2f / 4, 0};
    assertArrayEquals(expected, Fixtures.score(m, Fixtures.query(C, A)), 1e-6f);
    // Items outside the catalogue are skipped when looking for the last item.
    assertArrayEquals(expected, Fixtures.score(m, Fixtures.query(B, A, -1, -1)), 1e-6f);
  }

  @Test
  void largerAlphaPullsTowardPopularity() {
    Model m = new MarkovTrainer(10).fit(data(), 0);
    // Last = c: ((1, 1, 0, 0) + 10 * p) / (2 + 10).
    float[] expected = {5f / 12, 5f / 12, 2f / 12, 0};
    assertArrayEquals(expected, Fixtures.score(m, Fixtures.query(C)), 1e-6f);
  }

  @Test
  void noUsableLastItemGivesPopularityShare() {
    Model m = new MarkovTrainer(0.1).fit(data(), 0);
    float[] pop = {0.4f, 0.4f, 0.2f, 0};
    assertArrayEquals(pop, Fixtures.score(m, Fixtures.query()), 1e-6f);
    assertArrayEquals(pop, Fixtures.score(m, Fixtures.query(-1, -1)), 1e-6f);
    // d has no outgoing transitions: (0 + alpha p) / (0 + alpha) = p.
    assertArrayEquals(pop, Fixtures.score(m, Fixtures.query(A, D)), 1e-6f);
  }

  @Test
  void usersWithoutTrainingEventsAreFine() {
    // u1 of three users has no events; u0 and u2 have a -> b -> a and b -> b.
    Dataset d =
        Fixtures.builder(3, "a", "b")
            .add(0, A, 1, 0, NAN, NAN, 1f)
            .add(0, B, 2, 0, NAN, NAN, 1f)
            .add(0, A, 3, 0, NAN, NAN, 1f)
            .add(2, B, 1, 0, NAN, NAN, 1f)
            .add(2, B, 2, 0, NAN, NAN, 1f)
            .build();
    Model m = new MarkovTrainer(1).fit(d, 0);
    // Last = b: c(b -> a) = 1, c(b -> b) = 1, c(b) = 2; p = (0.4, 0.6).
    assertArrayEquals(
        new float[] {1.4f / 3, 1.6f / 3}, Fixtures.score(m, Fixtures.query(B)), 1e-6f);
  }

  @Test
  void configIsValidated() {
    assertThrows(IllegalArgumentException.class, () -> new MarkovTrainer(0));
    assertThrows(IllegalArgumentException.class, () -> new MarkovTrainer(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new MarkovTrainer(Double.POSITIVE_INFINITY));
    assertEquals("markov(alpha=0.1)", new MarkovTrainer(0.1).describe());
    assertEquals("markov(alpha=1000)", new MarkovTrainer(1000).describe());
  }
}
