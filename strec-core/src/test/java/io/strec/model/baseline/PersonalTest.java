package io.strec.model.baseline;

import static io.strec.model.baseline.Fixtures.NAN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.strec.data.Dataset;
import io.strec.model.History;
import io.strec.model.Model;
import org.junit.jupiter.api.Test;

class PersonalTest {
  /** Training counts a 2, b 4, c 1: popularity scaled by the largest is (0.5, 1, 0.25). */
  private static Dataset data() {
    Dataset.Builder b = Fixtures.builder(1, "a", "b", "c");
    int[] items = {0, 0, 1, 1, 1, 1, 2};
    for (int k = 0; k < items.length; k++) {
      b.add(0, items[k], k, 0, NAN, NAN, 1f);
    }
    return b.build();
  }

  /**
   * At t = 10000: a 1 h and 0 s ago, b 2 h ago, an unknown item, and an a stamped after the query.
   */
  private static History history() {
    return Fixtures.history(new int[] {1, 0, -1, 0}, new long[] {2_800, 6_400, 9_000, 10_000});
  }

  @Test
  void exponentialDecayPlusPopularity() {
    Model m = new PersonalTrainer(3_600, 0.01).fit(data(), 0);
    float[] s = Fixtures.score(m, Fixtures.query(history(), 10_000));
    assertArrayEquals(
        new float[] {(float) (Math.exp(-1) + 1 + 0.005), (float) (Math.exp(-2) + 0.01), 0.0025f},
        s,
        1e-6f);
  }

  @Test
  void infiniteTauCountsVisits() {
    Model m = new PersonalTrainer(Double.POSITIVE_INFINITY, 0.01).fit(data(), 0);
    float[] s = Fixtures.score(m, Fixtures.query(history(), 10_000));
    assertArrayEquals(new float[] {2.005f, 1.01f, 0.0025f}, s, 1e-6f);
  }

  @Test
  void eventsAfterTheQueryCountAsAgeZero() {
    Model m = new PersonalTrainer(60, 0).fit(data(), 0);
    History h = Fixtures.history(new int[] {2}, new long[] {20_000});
    assertArrayEquals(new float[] {0, 0, 1}, Fixtures.score(m, Fixtures.query(h, 10_000)), 1e-6f);
  }

  @Test
  void emptyHistoryRanksByPopularity() {
    Model m = new PersonalTrainer(86_400, 1e-4).fit(data(), 0);
    assertArrayEquals(
        new float[] {0.5e-4f, 1e-4f, 0.25e-4f}, Fixtures.score(m, Fixtures.query()), 1e-9f);
  }

  @Test
  void configIsValidatedAndDescribed() {
    assertThrows(IllegalArgumentException.class, () -> new PersonalTrainer(0, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new PersonalTrainer(Double.NaN, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new PersonalTrainer(60, -1));
    assertEquals("personal(tau=7d,eps=0.0001)", new PersonalTrainer(7 * 86_400, 1e-4).describe());
    assertEquals("personal(tau=1h,eps=0.0001)", new PersonalTrainer(3_600, 1e-4).describe());
    assertEquals("personal(tau=90s,eps=0)", new PersonalTrainer(90, 0).describe());
    assertEquals(
        "personal(tau=inf,eps=0.0001)",
        new PersonalTrainer(Double.POSITIVE_INFINITY, 1e-4).describe());
  }
}
