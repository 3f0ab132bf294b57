package io.strec.stm.data;

import io.strec.model.History;
import java.util.Arrays;
import java.util.Locale;

/**
 * Features of the items a user already interacted with, for one query. For each of the most recent
 * distinct history items ({@link Kind#HISTORY}): the log visit count, visits decayed with a day, a
 * week and a month of half-life-like time scales, and whether it is the very last item. {@link
 * Kind#TIMED} adds when the user went there against when the query is, and what the user did after
 * the query's last items:
 *
 * <ul>
 *   <li>visits near the query's local hour of day, each weighted {@code exp(-dh^2 / 2)} by its
 *       distance {@code dh} in hours on the 24-hour circle;
 *   <li>the same, only visits on the query's kind of day (weekday or weekend);
 *   <li>the same, only visits on the query's day of the week;
 *   <li>visits near the query's hour with a width of 3 hours ({@code exp(-dh^2 / 18)});
 *   <li>how often the item directly followed the query's last item in this history, within a day;
 *   <li>how often it came two events after the query's second-to-last item, within a day;
 *   <li>visits near two hours after the query's hour, with a width of 2 hours ({@code exp(-ah^2 /
 *       8)}, {@code ah} the distance to that hour), what a query at the last event's time (the
 *       protocols' {@code --query-time last}) needs rather than the query's own hour;
 *   <li>the same, only visits on the query's kind of day.
 * </ul>
 *
 * <p>Counts enter as {@code log(1 + x)}. Local times are each event's own offset, and the query's
 * offset for the query. Only events before the query are looked at, and at most {@link #LOOKBACK}
 * of them.
 */
public final class RepeatFeatures {
  /** Oldest history event looked at, counted back from the query. */
  public static final int LOOKBACK = 1000;

  private static final double[] SCALES = {86_400.0, 7 * 86_400.0, 30 * 86_400.0};

  private static final long DAY = 86_400L;

  /** Where the kernels of the hours after the query are centred, in hours after it. */
  private static final double LATER_HOURS = 2.0;

  /** Which features a slot carries. */
  public enum Kind {
    /** Counts, decayed counts and the last-item flag: 5 features (models saved before TIMED). */
    HISTORY(5),
    /** {@link #HISTORY} and the time-of-day, day-of-week and personal-sequence features: 13. */
    TIMED(13),
    /**
     * {@link #TIMED} and where and how recently: the distance in flat kilometres from the query
     * place to the place of the item's latest visit ({@code log(1 + km)}, 0 when either is
     * unknown), the hours since that visit ({@code log(1 + h)}), the item's share of the events
     * looked at (its visits over all of them, not logged), and its rank among the distinct items by
     * latest visit ({@code log(1 + r)}, 0 for the last item): 17.
     */
    PLACED(17),
    /**
     * {@link #PLACED} and when the user went from the query's last item to the item: how often the
     * item directly followed the query's last item within a day, each time weighted by how near the
     * hour of that visit was to the query's hour ({@code exp(-dh^2 / 2)}), and the same with the
     * hour the user left the last item: 19.
     */
    ROUTED(19);

    private final int dim;

    Kind(int dim) {
      this.dim = dim;
    }

    /** Features per slot. */
    public int dim() {
      return dim;
    }

    /** The setting's value: {@code history}, {@code timed}, {@code placed} or {@code routed}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The kind named {@code label}.
     *
     * @throws IllegalArgumentException naming the value and the valid ones
     */
    public static Kind parse(String label) {
      for (Kind k : values()) {
        if (k.label().equals(label)) {
          return k;
        }
      }
      throw new IllegalArgumentException(
          "repeat features must be history, timed, placed or routed, not '" + label + "'");
    }

    /** The repeat term's slot source with these features. */
    public SlotSource source() {
      Kind kind = this;
      return new SlotSource() {
        @Override
        public int dim() {
          return kind.dim;
        }

        @Override
        public void write(Query query, int slots, long[] items, float[] features, int offset) {
          RepeatFeatures.write(kind, query, slots, items, features, offset);
        }

        @Override
        public String toString() {
          return "repeat features (" + kind.label() + ")";
        }
      };
    }
  }

  private RepeatFeatures() {}

  /**
   * Writes the {@code kind} features of history events {@code [0, query.end())} into {@code slots}
   * slots starting at {@code slotOffset}; unused slots get index {@code query.pad()} and zero
   * features.
   */
  public static void write(
      Kind kind, SlotSource.Query query, int slots, long[] idx, float[] feat, int slotOffset) {
    int dim = kind.dim;
    History h = query.history();
    int end = query.end();
    Arrays.fill(idx, slotOffset, slotOffset + slots, query.pad());
    Arrays.fill(feat, slotOffset * dim, (slotOffset + slots) * dim, 0f);
    SmallIntMap slotOf = new SmallIntMap(slots);
    int from = Math.max(0, end - LOOKBACK);
    int used = 0;
    boolean timed = kind != Kind.HISTORY;
    boolean placed = kind == Kind.PLACED || kind == Kind.ROUTED;
    boolean routed = kind == Kind.ROUTED;
    int looked = 0;
    int last = end > 0 ? h.item(end - 1) : -1;
    int secondLast = end > 1 ? h.item(end - 2) : -1;
    long queryLocal = query.time() + 60L * query.tzMinutes();
    double queryHour = Math.floorMod(queryLocal, DAY) / 3600.0;
    int queryDay = dayOfWeek(queryLocal);
    double laterHour = (queryHour + LATER_HOURS) % 24;
    for (int k = end - 1; k >= from; k--) {
      int item = h.item(k);
      if (item < 0) {
        continue;
      }
      looked++;
      int s = slotOf.get(item);
      boolean latest = s < 0;
      if (latest) {
        if (used == slots) {
          continue;
        }
        s = used++;
        slotOf.put(item, s);
        idx[slotOffset + s] = item;
      }
      int f = (slotOffset + s) * dim;
      double age = Math.max(0, query.time() - h.time(k));
      if (latest) {
        if (k == end - 1) {
          feat[f + 4] = 1f;
        }
        if (placed) {
          double km =
              Features.distanceKm(
                  query.latitude(), query.longitude(), h.latitude(k), h.longitude(k));
          feat[f + 13] = Double.isNaN(km) ? 0f : (float) km;
          feat[f + 14] = (float) (age / 3600.0);
          feat[f + 16] = s;
        }
      }
      feat[f] += 1f;
      for (int c = 0; c < SCALES.length; c++) {
        feat[f + 1 + c] += (float) Math.exp(-age / SCALES[c]);
      }
      if (timed) {
        long local = h.time(k) + 60L * h.tzOffsetMinutes(k);
        double hour = Math.floorMod(local, DAY) / 3600.0;
        double dh = hoursApart(hour, queryHour);
        float near = (float) Math.exp(-0.5 * dh * dh);
        int day = dayOfWeek(local);
        boolean sameKindOfDay = (day >= 5) == (queryDay >= 5);
        feat[f + 5] += near;
        if (sameKindOfDay) {
          feat[f + 6] += near;
        }
        if (day == queryDay) {
          feat[f + 7] += near;
        }
        feat[f + 8] += (float) Math.exp(-dh * dh / 18.0);
        if (k > 0 && h.item(k - 1) == last && h.time(k) - h.time(k - 1) <= DAY) {
          feat[f + 9] += 1f;
          if (routed) {
            feat[f + 17] += near;
            long left = h.time(k - 1) + 60L * h.tzOffsetMinutes(k - 1);
            double dl = hoursApart(Math.floorMod(left, DAY) / 3600.0, queryHour);
            feat[f + 18] += (float) Math.exp(-0.5 * dl * dl);
          }
        }
        if (k > 1 && h.item(k - 2) == secondLast && h.time(k) - h.time(k - 2) <= DAY) {
          feat[f + 10] += 1f;
        }
        double ah = hoursApart(hour, laterHour);
        float later = (float) Math.exp(-ah * ah / 8.0);
        feat[f + 11] += later;
        if (sameKindOfDay) {
          feat[f + 12] += later;
        }
      }
    }
    for (int s = 0; s < used; s++) {
      int f = (slotOffset + s) * dim;
      if (placed) {
        feat[f + 15] = feat[f] / looked;
      }
      for (int c = 0; c < dim; c++) {
        // log(1 + 0) is 0, and many of a slot's features are (visits near the query's hour or
        // weekday, after the last items): the same floats without their logarithms.
        if (c != 4 && c != 15 && feat[f + c] != 0f) {
          feat[f + c] = (float) Features.log1p(feat[f + c]);
        }
      }
    }
  }

  /** The distance in hours between two hours of the day, on the 24-hour circle (0 to 12). */
  private static double hoursApart(double a, double b) {
    double d = Math.abs(a - b);
    return Math.min(d, 24 - d);
  }

  /** Day of the week of a local time in seconds since the epoch: Monday 0 ... Sunday 6. */
  static int dayOfWeek(long localSeconds) {
    return (int) Math.floorMod(Math.floorDiv(localSeconds, DAY) + 3, 7L);
  }
}
