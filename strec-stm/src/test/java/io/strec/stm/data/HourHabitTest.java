package io.strec.stm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.strec.model.History;
import org.junit.jupiter.api.Test;

/**
 * The habit term's shares against values computed independently (Python, {@code exp(-dh^2 / 2)} per
 * event over the sum of all of them, printed to seven decimals), for the history of {@link
 * RepeatFeaturesTest}: local hours 8, 12, 18 (offset 0) and 8, 12.5 (offset -300) for items 1, 2,
 * 3, 1, 2, and a query at 11:00 local time (offset -300).
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
}
