package io.strec.model.baseline;

import static io.strec.model.baseline.Fixtures.NAN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.strec.data.Dataset;
import io.strec.feature.LocalTimeFeatures;
import io.strec.model.History;
import io.strec.model.Model;
import io.strec.model.Query;
import org.junit.jupiter.api.Test;

class TimePopTest {
  private static final long DAY = 86_400;
  private static final long HOUR = 3_600;

  /** 1970-01-05, the first Monday after the epoch (a Thursday). */
  private static final long MONDAY = 4 * DAY;

  @Test
  void hourOfWeekStartsMondayAndTheEpochIsAThursday() {
    assertEquals(72, LocalTimeFeatures.hourOfWeek(0, 0)); // Thursday 00:00 = 3 * 24
    assertEquals(72 + 13, LocalTimeFeatures.hourOfWeek(13 * HOUR + 59 * 60, 0));
    assertEquals(0, LocalTimeFeatures.hourOfWeek(MONDAY, 0));
    assertEquals(167, LocalTimeFeatures.hourOfWeek(MONDAY - 1, 0)); // Sunday 23:59:59
    assertEquals(71, LocalTimeFeatures.hourOfWeek(-1, 0)); // Wednesday 1969-12-31 23:59:59
    assertEquals(0, LocalTimeFeatures.hourOfWeek(MONDAY + 7 * DAY * 2_000, 0));
    // 2012-04-03 18:30 was a Tuesday: 24 + 18.
    assertEquals(42, LocalTimeFeatures.hourOfWeek(1_333_477_800L, 0));
  }

  @Test
  void queryUsesLocalTime() {
    // Monday 02:00 UTC at UTC-4 is Sunday 22:00 local.
    Query q = new Query(0, History.empty(), MONDAY + 2 * HOUR, -240, NAN, NAN);
    assertEquals(6 * 24 + 22, LocalTimeFeatures.hourOfWeek(q.localEpochSecond(), 0));
  }

  /**
   * a: Monday 00:30 local (UTC), Monday 00:10 local at UTC+2 (Sunday 22:10 UTC), so c(a, 0) = 2. b:
   * Monday 01:15 (bucket 1), Sunday 23:45 (167), Thursday 1970-01-01 00:00 (72), so c(b) = 3.
   */
  private static Dataset data() {
    return Fixtures.builder(2, "a", "b")
        .add(0, 0, MONDAY + 30 * 60, 0, NAN, NAN, 1f)
        .add(1, 0, MONDAY - 2 * HOUR + 10 * 60, 120, NAN, NAN, 1f)
        .add(0, 1, MONDAY + HOUR + 15 * 60, 0, NAN, NAN, 1f)
        .add(1, 1, MONDAY - 15 * 60, 0, NAN, NAN, 1f)
        .add(1, 1, 0, 0, NAN, NAN, 1f)
        .build();
  }

  /** A query at local hour of week {@code how}, expressed with a UTC-5 offset. */
  private static Query at(int how) {
    long local = MONDAY + 7 * DAY + how * HOUR + 20 * 60;
    return new Query(0, History.empty(), local + 5 * HOUR, -300, NAN, NAN);
  }

  @Test
  void singleBucketSmoothedTowardTheMeanHourlyCount() {
    Model m = new TimePopTrainer(0.5, 0).fit(data(), 0);
    assertArrayEquals(
        new float[] {(float) ((2 + 0.5 * 2 / 168.0) / 1.5), (float) ((0 + 0.5 * 3 / 168.0) / 1.5)},
        Fixtures.score(m, at(0)),
        1e-6f);
    assertArrayEquals(
        new float[] {(float) ((0 + 0.5 * 2 / 168.0) / 1.5), (float) ((1 + 0.5 * 3 / 168.0) / 1.5)},
        Fixtures.score(m, at(167)),
        1e-6f);
  }

  @Test
  void windowAveragesNeighbouringHoursAcrossTheWeekBoundary() {
    Model m = new TimePopTrainer(0.5, 1).fit(data(), 0);
    // Hours 167, 0, 1: a has 2 events, b has 2.
    assertArrayEquals(
        new float[] {
          (float) ((2 / 3.0 + 0.5 * 2 / 168.0) / 1.5), (float) ((2 / 3.0 + 0.5 * 3 / 168.0) / 1.5)
        },
        Fixtures.score(m, at(0)),
        1e-6f);
    // Hours 71, 72, 73: only b's Thursday event.
    assertArrayEquals(
        new float[] {
          (float) ((0.5 * 2 / 168.0) / 1.5), (float) ((1 / 3.0 + 0.5 * 3 / 168.0) / 1.5)
        },
        Fixtures.score(m, at(73)),
        1e-6f);
  }

  @Test
  void alphaZeroIsTheRawBucketCount() {
    Model m = new TimePopTrainer(0, 0).fit(data(), 0);
    assertArrayEquals(new float[] {2, 0}, Fixtures.score(m, at(0)), 1e-6f);
    assertArrayEquals(new float[] {0, 1}, Fixtures.score(m, at(72)), 1e-6f);
    assertArrayEquals(new float[] {0, 0}, Fixtures.score(m, at(100)), 1e-6f);
  }

  @Test
  void configIsValidatedAndDescribed() {
    assertThrows(IllegalArgumentException.class, () -> new TimePopTrainer(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> new TimePopTrainer(Double.NaN, 0));
    assertThrows(IllegalArgumentException.class, () -> new TimePopTrainer(1, -1));
    assertThrows(IllegalArgumentException.class, () -> new TimePopTrainer(1, 84));
    assertEquals("time-pop(alpha=0.5,window=1)", new TimePopTrainer(0.5, 1).describe());
  }

  /**
   * The model keeps only each item's nonzero hour buckets; its scores must equal, bit for bit, the
   * definition evaluated over the dense count table, for every hour, window and alpha.
   */
  @Test
  void compressedCountsGiveExactlyTheDenseDefinition() {
    Dataset d = Fixtures.random(11, 25, 70, 2_000);
    int n = d.numItems();
    int[][] byHour = new int[LocalTimeFeatures.HOURS_PER_WEEK][n];
    for (int e = 0; e < d.numEvents(); e++) {
      byHour[LocalTimeFeatures.hourOfWeek(d.localTime(e), 0)][d.item(e)]++;
    }
    int[] total = d.itemCounts();
    for (int w : new int[] {0, 1, 5, 83}) {
      for (double alpha : new double[] {0, 0.1, 2, 10}) {
        Model m = new TimePopTrainer(alpha, w).fit(d, 0);
        for (int h = 0; h < LocalTimeFeatures.HOURS_PER_WEEK; h++) {
          float[] expected = new float[n];
          for (int i = 0; i < n; i++) {
            long window = 0;
            for (int k = -w; k <= w; k++) {
              window += byHour[Math.floorMod(h + k, LocalTimeFeatures.HOURS_PER_WEEK)][i];
            }
            double mean = (double) window / (2 * w + 1);
            double prior = (double) total[i] / LocalTimeFeatures.HOURS_PER_WEEK;
            expected[i] = (float) ((mean + alpha * prior) / (1 + alpha));
          }
          Query q = new Query(0, History.empty(), MONDAY + h * HOUR, 0, NAN, NAN);
          assertArrayEquals(expected, Fixtures.score(m, q), "w=" + w + " alpha=" + alpha);
        }
      }
    }
  }
}
