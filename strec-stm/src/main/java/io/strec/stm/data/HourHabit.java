package io.strec.stm.data;

import io.strec.model.History;
import java.util.Arrays;

/**
 * How much of a user's time near the query's hour of day each of their items took: the habit term's
 * input. Each of the last {@link RepeatFeatures#LOOKBACK} history events counts {@code exp(-dh^2 /
 * 2)}, {@code dh} the distance in hours on the 24-hour circle between its local hour (its own
 * offset) and the query's (the query's offset); an item's share is its events' sum over all of
 * theirs. The shares of a history add up to 1 (none when it is empty).
 *
 * <p>Unlike the repeat term's counts, a share does not grow with the length of the history: it says
 * which of the user's places is the usual one at this hour, however often the user checks in.
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

  private HourHabit() {}

  /**
   * The shares of the items of {@code history} for a query at {@code epochSecond} with local offset
   * {@code tzMinutes}. Items outside {@code [0, numItems)} (unknown to the catalogue) carry weight
   * in the total but get no share.
   */
  public static Shares of(History history, long epochSecond, int tzMinutes, int numItems) {
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
      double d = Math.abs(Math.floorMod(local, DAY) / 3600.0 - queryHour);
      double dh = Math.min(d, 24 - d);
      double w = Math.exp(-0.5 * dh * dh);
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
