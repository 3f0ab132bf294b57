package io.strec.model;

import java.util.Arrays;

/**
 * The events a model may see for one query, oldest first, as parallel arrays.
 *
 * <p>An item index of -1 marks an event whose item is outside the catalogue (for example a place
 * first visited after training): its time and place are still known.
 */
public final class History {
  private static final History EMPTY =
      new History(new int[0], new long[0], new int[0], new double[0], new double[0]);

  private final int[] items;
  private final long[] times;
  private final int[] tzMinutes;
  private final double[] lats;
  private final double[] lons;

  public History(int[] items, long[] times, int[] tzMinutes, double[] lats, double[] lons) {
    int n = items.length;
    if (times.length != n || tzMinutes.length != n || lats.length != n || lons.length != n) {
      throw new IllegalArgumentException(
          "history arrays differ in length: items "
              + n
              + ", times "
              + times.length
              + ", tz "
              + tzMinutes.length
              + ", lats "
              + lats.length
              + ", lons "
              + lons.length);
    }
    for (int k = 1; k < n; k++) {
      if (times[k] < times[k - 1]) {
        throw new IllegalArgumentException("history not sorted by time at position " + k);
      }
    }
    this.items = items;
    this.times = times;
    this.tzMinutes = tzMinutes;
    this.lats = lats;
    this.lons = lons;
  }

  /** The first {@code n} of the given events of {@code data} (indices in time order). */
  public static History of(io.strec.data.Dataset data, int[] events, int n) {
    int[] it = new int[n];
    long[] t = new long[n];
    int[] tz = new int[n];
    double[] la = new double[n];
    double[] lo = new double[n];
    for (int k = 0; k < n; k++) {
      int e = events[k];
      it[k] = data.item(e);
      t[k] = data.time(e);
      tz[k] = data.tzOffsetMinutes(e);
      la[k] = data.latitude(e);
      lo[k] = data.longitude(e);
    }
    return new History(it, t, tz, la, lo);
  }

  public static History empty() {
    return EMPTY;
  }

  public int size() {
    return items.length;
  }

  public boolean isEmpty() {
    return items.length == 0;
  }

  /** Item index of event k, -1 when outside the catalogue. */
  public int item(int k) {
    return items[k];
  }

  public long time(int k) {
    return times[k];
  }

  public int tzOffsetMinutes(int k) {
    return tzMinutes[k];
  }

  public double latitude(int k) {
    return lats[k];
  }

  public double longitude(int k) {
    return lons[k];
  }

  /** A copy of the item indices. */
  public int[] items() {
    return items.clone();
  }

  /** The first {@code n} events (all when there are fewer). */
  public History first(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("negative prefix length " + n);
    }
    if (n >= items.length) {
      return this;
    }
    return new History(
        Arrays.copyOf(items, n),
        Arrays.copyOf(times, n),
        Arrays.copyOf(tzMinutes, n),
        Arrays.copyOf(lats, n),
        Arrays.copyOf(lons, n));
  }

  /** The last {@code n} events (all when there are fewer). */
  public History last(int n) {
    if (n >= items.length) {
      return this;
    }
    int from = items.length - n;
    return new History(
        Arrays.copyOfRange(items, from, items.length),
        Arrays.copyOfRange(times, from, times.length),
        Arrays.copyOfRange(tzMinutes, from, tzMinutes.length),
        Arrays.copyOfRange(lats, from, lats.length),
        Arrays.copyOfRange(lons, from, lons.length));
  }
}
