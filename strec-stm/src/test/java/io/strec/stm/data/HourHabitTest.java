package io.strec.stm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.Dataset;
import io.strec.data.Vocabulary;
import io.strec.model.History;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The habit term's shares against values computed independently (Python, {@code exp(-dh^2 / 2)} per
 * event over the sum of all of them, printed to seven decimals), for the history of {@link
 * RepeatFeaturesTest}: local hours 8, 12, 18 (offset 0) and 8, 12.5 (offset -300) for items 1, 2,
 * 3, 1, 2, and a query at 11:00 local time (offset -300).
 *
 * <p>The gap kernel's values are from the same kind of computation: each event weighs {@code sum_g
 * p_g exp(-dh_g^2 / 2)}, {@code dh_g} the distance on the 24-hour circle between its local hour and
 * the query's plus {@code g + 0.5}, here with {@code p_0 = 0.5, p_1 = 0.25, p_23 = 0.25}. Both are
 * printed by {@code src/test/resources/reference/hour_habit_reference.py}.
 */
class HourHabitTest {
  private static final long MON = 345_600L; // 1970-01-05T00:00Z, a Monday
  private static final long H = 3_600L;
  private static final long D = 86_400L;

  private static final History HISTORY = RepeatFeaturesTest.HISTORY;

  private static final long QUERY = MON + 7 * D + 16 * H;

  @Test
  void sharesMatchAnIndependentComputation() {
    HourHabit.Shares s = HourHabit.of(HISTORY, QUERY, -300, 10);
    assertArrayEquals(new int[] {1, 2, 3}, s.items());
    assertEquals(0.0233039, s.of(1), 1e-7);
    assertEquals(0.9766961, s.of(2), 1e-7);
    assertEquals(2.4016490e-11, s.of(3), 1e-16);
    assertEquals(0f, s.of(0));
    assertEquals(0f, s.of(7));
    double sum = 0;
    for (float v : s.shares()) {
      sum += v;
    }
    assertEquals(1.0, sum, 1e-6);
  }

  @Test
  void itemsOutsideTheCatalogueCountInTheTotalButGetNoShare() {
    History h =
        new History(
            new int[] {0, -1, 5},
            new long[] {MON + 11 * H, MON + 11 * H, MON + 11 * H},
            new int[3],
            new double[3],
            new double[3]);
    HourHabit.Shares s = HourHabit.of(h, MON + D + 11 * H, 0, 5);
    assertArrayEquals(new int[] {0}, s.items());
    assertEquals(1.0 / 3, s.of(0), 1e-7);
  }

  @Test
  void hoursAreDistancesOnTheCircle() {
    // Query at 23:30; item 0 at 00:30 (1 h away across midnight), item 1 at 20:30 (3 h away).
    History h =
        new History(
            new int[] {1, 0},
            new long[] {MON + 20 * H + 1800, MON + D + 1800},
            new int[2],
            new double[2],
            new double[2]);
    HourHabit.Shares s = HourHabit.of(h, MON + 2 * D + 23 * H + 1800, 0, 2);
    assertEquals(0.9820138, s.of(0), 1e-7);
    assertEquals(0.0179862, s.of(1), 1e-7);
  }

  @Test
  void anEmptyHistoryHasNoShares() {
    HourHabit.Shares s = HourHabit.of(History.empty(), QUERY, 0, 3);
    assertEquals(0, s.size());
  }

  @Test
  void onlyTheLastLookbackEventsCount() {
    int n = RepeatFeatures.LOOKBACK + 1;
    int[] items = new int[n];
    long[] times = new long[n];
    items[0] = 1; // the oldest event, beyond the lookback
    for (int k = 0; k < n; k++) {
      times[k] = MON + k * 60L;
    }
    History h = new History(items, times, new int[n], new double[n], new double[n]);
    HourHabit.Shares s = HourHabit.of(h, MON + 2 * D, 0, 2);
    assertArrayEquals(new int[] {0}, s.items());
    assertEquals(1.0, s.of(0), 1e-6);
  }

  /** Gap weights 2 for 0-1 h, 1 for 1-2 h and 1 for 23-24 h: shares 0.5, 0.25 and 0.25. */
  private static HourHabit.Kernel gaps() {
    double[] counts = new double[HourHabit.Kernel.GAPS];
    counts[0] = 2;
    counts[1] = 1;
    counts[23] = 1;
    return HourHabit.Kernel.afterGaps(counts);
  }

  @Test
  void theGapKernelMatchesAnIndependentComputation() {
    HourHabit.Shares s = HourHabit.of(HISTORY, QUERY, -300, 10, gaps());
    assertArrayEquals(new int[] {1, 2, 3}, s.items());
    assertEquals(1.7851137e-02, s.of(1), 1e-8);
    assertEquals(9.8214881e-01, s.of(2), 1e-7);
    assertEquals(5.0080221e-08, s.of(3), 1e-14);
  }

  @Test
  void thePointKernelIsTheDefault() {
    HourHabit.Shares a = HourHabit.of(HISTORY, QUERY, -300, 10);
    HourHabit.Shares b = HourHabit.of(HISTORY, QUERY, -300, 10, HourHabit.Kernel.POINT);
    assertArrayEquals(a.items(), b.items());
    assertArrayEquals(a.shares(), b.shares());
    assertTrue(HourHabit.Kernel.POINT.isPoint());
    assertEquals("", HourHabit.Kernel.POINT.format());
    assertTrue(HourHabit.Kernel.parse("").isPoint());
  }

  /**
   * The gaps of a dataset: consecutive events of one user, less than a day apart, by whole hours.
   * User 0: 30 min (class 0), 2 h (class 2), then 2 days (not counted); user 1: 23 h 59 min (class
   * 23) and exactly a day (not counted); user 2 has one event.
   */
  @Test
  void gapsAreCountedPerUserByWholeHoursUnderADay() {
    Dataset.Builder b =
        Dataset.builder("gaps", Vocabulary.of(List.of("a", "b", "c")), Vocabulary.of(List.of("x")));
    long t = 1_600_000_000L;
    for (long at : new long[] {t, t + 1800, t + 1800 + 2 * H, t + 1800 + 2 * H + 2 * D}) {
      b.add(0, 0, at, 0, 0, 0, 1f);
    }
    for (long at : new long[] {t, t + D - 60, t + 2 * D - 60}) {
      b.add(1, 0, at, 0, 0, 0, 1f);
    }
    b.add(2, 0, t, 0, 0, 0, 1f);
    double[] shares = HourHabit.Kernel.ofGaps(b.build()).shares();
    assertEquals(HourHabit.Kernel.GAPS, shares.length);
    for (int g = 0; g < shares.length; g++) {
      double want = g == 0 || g == 2 || g == 23 ? 1.0 / 3 : 0;
      assertEquals(want, shares[g], 1e-12, "gap class " + g);
    }
    Dataset far =
        Dataset.builder("far", Vocabulary.of(List.of("a")), Vocabulary.of(List.of("x")))
            .add(0, 0, t, 0, 0, 0, 1f)
            .add(0, 0, t + 3 * D, 0, 0, 0, 1f)
            .build();
    assertTrue(HourHabit.Kernel.ofGaps(far).isPoint(), "no two events within a day");
  }

  @Test
  void theGapSharesAreWrittenAndReadBack() {
    HourHabit.Kernel k = gaps();
    String text = k.format();
    assertEquals(
        "0.500000,0.250000" + ",0.000000".repeat(21) + ",0.250000", text, "one share per class");
    assertArrayEquals(k.shares(), HourHabit.Kernel.parse(text).shares(), 1e-12);
    HourHabit.Shares a = HourHabit.of(HISTORY, QUERY, -300, 10, k);
    HourHabit.Shares b = HourHabit.of(HISTORY, QUERY, -300, 10, HourHabit.Kernel.parse(text));
    assertArrayEquals(a.shares(), b.shares());
  }

  @Test
  void badGapSharesAreRefusedByValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HourHabit.Kernel.parse("0.5,x"));
    assertTrue(e.getMessage().contains("'0.5,x'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> HourHabit.Kernel.parse("1,1"));
    assertTrue(e.getMessage().contains("24 gap weights, not 2"), e.getMessage());
    double[] negative = new double[HourHabit.Kernel.GAPS];
    negative[3] = -1;
    e = assertThrows(IllegalArgumentException.class, () -> HourHabit.Kernel.afterGaps(negative));
    assertTrue(e.getMessage().contains("-1.0"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> HourHabit.Kernel.afterGaps(new double[HourHabit.Kernel.GAPS]));
  }
}
