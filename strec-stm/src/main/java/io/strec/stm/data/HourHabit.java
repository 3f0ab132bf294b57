package io.strec.stm.data;

import io.strec.data.Dataset;
import io.strec.model.History;
import java.util.Arrays;
import java.util.Locale;

/**
 * How much of a user's time near the query's hour of day each of their items took: the habit term's
 * input. Each of the last {@link RepeatFeatures#LOOKBACK} history events counts {@code exp(-dh^2 /
 * 2)}, {@code dh} the distance in hours on the 24-hour circle between its local hour (its own
 * offset) and the query's (the query's offset); an item's share is its events' sum over all of
 * theirs. The shares of a history add up to 1 (none when it is empty).
 *
 * <p>Unlike the repeat term's counts, a share does not grow with the length of the history: it says
 * which of the user's places is the usual one at this hour, however often the user checks in.
 *
 * <p>When the query's time is not the moment asked about but the last event's ({@code --query-time
 * last}), the next event comes later by a gap the model does not know. {@link Kernel#afterGaps}
 * then weighs an event by the hours the next event may come at: {@code sum_g p_g exp(-dh_g^2 / 2)},
 * {@code dh_g} its distance on the circle from the query's hour plus {@code g + 1/2} hours and
 * {@code p_g} the share of the training data's gaps of {@code g} to {@code g + 1} hours between a
 * user's consecutive events less than a day apart ({@link Kernel#ofGaps}).
 */
public final class HourHabit {
  private static final long DAY = 86_400L;

  /** The items with a share, ascending, and their shares (same length, each in (0, 1]). */
  public record Shares(int[] items, float[] shares) {
    public Shares {
      if (items.length != shares.length) {
        throw new IllegalArgumentException(
            items.length + " habit items for " + shares.length + " shares");
      }
    }

    /** No item has a share: an empty history. */
    public static Shares none() {
      return new Shares(new int[0], new float[0]);
    }

    public int size() {
      return items.length;
    }

    /** The share of {@code item}, 0 when it has none. */
    public float of(int item) {
      int k = Arrays.binarySearch(items, item);
      return k >= 0 ? shares[k] : 0f;
    }
  }

  /**
   * How an event counts by its local hour against the query's: {@link #POINT}, {@code exp(-dh^2 /
   * 2)} of their distance, or {@link #afterGaps} the same averaged over the gaps after which the
   * next event may come.
   */
  public static final class Kernel {
    /** Gap classes of an hour each, from 0 to 24 hours. */
    public static final int GAPS = 24;

    /** The distance from the query's own hour. */
    public static final Kernel POINT = new Kernel(null);

    /** Each gap class's share, summing to 1; null for {@link #POINT}. */
    private final double[] shares;

    private Kernel(double[] shares) {
      this.shares = shares;
    }

    /**
     * The kernel averaged over gaps of {@code g} to {@code g + 1} hours with the weights {@code
     * counts[g]} ({@link #GAPS} of them, each finite and >= 0), taken as shares of their sum.
     *
     * @throws IllegalArgumentException when there are not {@link #GAPS} weights, one is negative or
     *     not finite, or they sum to 0
     */
    public static Kernel afterGaps(double[] counts) {
      if (counts.length != GAPS) {
        throw new IllegalArgumentException(
            "the habit kernel takes " + GAPS + " gap weights, not " + counts.length);
      }
      double sum = 0;
      for (double c : counts) {
        if (!(c >= 0) || Double.isInfinite(c)) {
          throw new IllegalArgumentException(
              "a habit gap weight must be a finite number >= 0, not " + c);
        }
        sum += c;
      }
      if (!(sum > 0)) {
        throw new IllegalArgumentException("the habit gap weights sum to 0");
      }
      double[] shares = new double[GAPS];
      for (int g = 0; g < GAPS; g++) {
        shares[g] = counts[g] / sum;
      }
      return new Kernel(shares);
    }

    /**
     * The gaps of {@code data}: each user's consecutive events less than a day apart, counted by
     * whole hours; {@link #POINT} when there are none.
     */
    public static Kernel ofGaps(Dataset data) {
      double[] counts = new double[GAPS];
      long n = 0;
      for (int u = 0; u < data.numUsers(); u++) {
        int[] ev = data.eventsOf(u);
        for (int k = 1; k < ev.length; k++) {
          long gap = data.time(ev[k]) - data.time(ev[k - 1]);
          if (gap >= 0 && gap < DAY) {
            counts[(int) (gap / 3600)]++;
            n++;
          }
        }
      }
      return n == 0 ? POINT : afterGaps(counts);
    }

    public boolean isPoint() {
      return shares == null;
    }

    /** Each gap class's share (a copy); empty for {@link #POINT}. */
    public double[] shares() {
      return shares == null ? new double[0] : shares.clone();
    }

    /** The weight of an event whose local hour is {@code offset} hours after the query's. */
    double weight(double offset) {
      if (shares == null) {
        return near(offset);
      }
      double w = 0;
      for (int g = 0; g < GAPS; g++) {
        w += shares[g] * near(offset - (g + 0.5));
      }
      return w;
    }

    /**
     * {@code exp(-dh^2 / 2)} of the distance {@code dh} on the 24-hour circle of {@code offset}.
     */
    private static double near(double offset) {
      double d = Math.abs(offset) % 24;
      double dh = Math.min(d, 24 - d);
      return Math.exp(-0.5 * dh * dh);
    }

    /** The shares as text ({@link #parse} reads it back); empty for {@link #POINT}. */
    public String format() {
      if (shares == null) {
        return "";
      }
      StringBuilder b = new StringBuilder();
      for (int g = 0; g < GAPS; g++) {
        b.append(g == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6f", shares[g]));
      }
      return b.toString();
    }

    /**
     * Reads {@link #format}'s text: {@link #POINT} for an empty one.
     *
     * @throws IllegalArgumentException naming the text when it is not {@link #GAPS} numbers
     */
    public static Kernel parse(String text) {
      if (text.isBlank()) {
        return POINT;
      }
      String[] parts = text.split(",", -1);
      double[] counts = new double[parts.length];
      try {
        for (int g = 0; g < parts.length; g++) {
          counts[g] = Double.parseDouble(parts[g].trim());
        }
        return afterGaps(counts);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "habit gap shares must be "
                + GAPS
                + " numbers >= 0 separated by commas, not '"
                + text
                + "': "
                + e.getMessage(),
            e);
      }
    }
  }

  private HourHabit() {}

  /**
   * The shares of the items of {@code history} for a query at {@code epochSecond} with local offset
   * {@code tzMinutes}, by the distance from the query's hour ({@link Kernel#POINT}).
   */
  public static Shares of(History history, long epochSecond, int tzMinutes, int numItems) {
    return of(history, epochSecond, tzMinutes, numItems, Kernel.POINT);
  }

  /**
   * The shares of the items of {@code history} for a query at {@code epochSecond} with local offset
   * {@code tzMinutes}, each event weighed by {@code kernel}. Items outside {@code [0, numItems)}
   * (unknown to the catalogue) carry weight in the total but get no share.
   */
  public static Shares of(
      History history, long epochSecond, int tzMinutes, int numItems, Kernel kernel) {
    int end = history.size();
    int from = Math.max(0, end - RepeatFeatures.LOOKBACK);
    if (end == from) {
      return Shares.none();
    }
    double queryHour = Math.floorMod(epochSecond + 60L * tzMinutes, DAY) / 3600.0;
    SmallIntMap slotOf = new SmallIntMap(end - from);
    int[] items = new int[end - from];
    double[] mass = new double[end - from];
    int used = 0;
    double total = 0;
    for (int k = from; k < end; k++) {
      long local = history.time(k) + 60L * history.tzOffsetMinutes(k);
      double w = kernel.weight(Math.floorMod(local, DAY) / 3600.0 - queryHour);
      total += w;
      int item = history.item(k);
      if (item < 0 || item >= numItems) {
        continue;
      }
      int s = slotOf.get(item);
      if (s < 0) {
        s = used++;
        slotOf.put(item, s);
        items[s] = item;
      }
      mass[s] += w;
    }
    if (!(total > 0) || used == 0) {
      return Shares.none();
    }
    Integer[] order = new Integer[used];
    for (int s = 0; s < used; s++) {
      order[s] = s;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(items[a], items[b]));
    int[] outItems = new int[used];
    float[] outShares = new float[used];
    for (int j = 0; j < used; j++) {
      outItems[j] = items[order[j]];
      outShares[j] = (float) (mass[order[j]] / total);
    }
    return new Shares(outItems, outShares);
  }
}
