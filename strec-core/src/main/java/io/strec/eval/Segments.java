package io.strec.eval;

import io.strec.data.Dataset;
import io.strec.feature.LocalTimeFeatures;
import io.strec.model.History;
import io.strec.model.Query;
import io.strec.util.Geo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Named ways to split cases into segments, for per-segment breakdowns: local hour-of-day bucket,
 * weekday / weekend, local day of the week, distance band of the target from the query place,
 * history length, whether the user had been to the target before, and the target's popularity in
 * the training rows (head / torso / tail).
 */
public final class Segments {
  /** A segmentation: a name and a label per case. */
  public record Segmentation(String name, Function<EvalCase, String> label) {}

  private Segments() {}

  public static final Segmentation HOUR =
      new Segmentation(
          "hour_of_day",
          c -> {
            int h =
                LocalTimeFeatures.hourOfDay(c.query().epochSecond(), c.query().tzOffsetMinutes());
            if (h < 6) {
              return "00-06 night";
            } else if (h < 11) {
              return "06-11 morning";
            } else if (h < 14) {
              return "11-14 midday";
            } else if (h < 18) {
              return "14-18 afternoon";
            }
            return "18-24 evening";
          });

  public static final Segmentation DAY =
      new Segmentation(
          "day_type",
          c ->
              LocalTimeFeatures.isWeekend(c.query().epochSecond(), c.query().tzOffsetMinutes())
                  ? "weekend"
                  : "weekday");

  private static final List<String> DAY_NAMES =
      List.of("1 Mon", "2 Tue", "3 Wed", "4 Thu", "5 Fri", "6 Sat", "7 Sun");

  /** The local ISO day of the week, labelled so that the labels sort Monday first. */
  public static final Segmentation DAY_OF_WEEK =
      new Segmentation(
          "day_of_week",
          c ->
              DAY_NAMES.get(
                  LocalTimeFeatures.dayOfWeek(c.query().epochSecond(), c.query().tzOffsetMinutes())
                      - 1));

  public static final Segmentation DISTANCE =
      new Segmentation(
          "target_distance_km",
          c -> {
            Query q = c.query();
            if (!q.hasLocation()
                || Double.isNaN(c.targetLatitude())
                || Double.isNaN(c.targetLongitude())) {
              return "unknown";
            }
            double d =
                Geo.haversineKm(
                    q.latitude(), q.longitude(), c.targetLatitude(), c.targetLongitude());
            if (d < 1) {
              return "0-1";
            } else if (d < 3) {
              return "1-3";
            } else if (d < 10) {
              return "3-10";
            }
            return "10+";
          });

  public static final Segmentation HISTORY =
      new Segmentation(
          "history_length",
          c -> {
            int n = c.query().history().size();
            if (n == 0) {
              return "0";
            } else if (n < 5) {
              return "1-4";
            } else if (n < 20) {
              return "5-19";
            } else if (n < 100) {
              return "20-99";
            }
            return "100+";
          });

  /** Label of {@link #TARGET_SEEN}: the target is the query's last history item. */
  public static final String SEEN_LAST = "1 last item";

  /** Label of {@link #TARGET_SEEN}: the target is in the history, not as its last item. */
  public static final String SEEN_EARLIER = "2 earlier item";

  /** Label of {@link #TARGET_SEEN}: the target is not in the query's history. */
  public static final String SEEN_NEVER = "3 new to user";

  /**
   * Whether the user had been to the target: the last item of the query's history (a repeat of the
   * last event), an earlier item of it, or neither (an item new to the user), which a model must
   * find among the whole catalogue rather than among the user's own items.
   */
  public static final Segmentation TARGET_SEEN =
      new Segmentation(
          "target_in_history",
          c -> {
            History h = c.query().history();
            int n = h.size();
            if (n > 0 && h.item(n - 1) == c.target()) {
              return SEEN_LAST;
            }
            for (int k = 0; k < n - 1; k++) {
              if (h.item(k) == c.target()) {
                return SEEN_EARLIER;
              }
            }
            return SEEN_NEVER;
          });

  /** The segmentations that need nothing but the case. */
  public static final List<Segmentation> ALL =
      List.of(HOUR, DAY, DAY_OF_WEEK, DISTANCE, HISTORY, TARGET_SEEN);

  /** Labels of {@link #popularity}, sorted head first. */
  public static final String HEAD = "1 head";

  public static final String TORSO = "2 torso";
  public static final String TAIL = "3 tail";

  /** {@link #ALL} followed by the popularity of the target in {@code train}. */
  public static List<Segmentation> of(Dataset train) {
    List<Segmentation> out = new ArrayList<>(ALL);
    out.add(popularity(train.itemCounts()));
    return List.copyOf(out);
  }

  /**
   * The target's popularity by equal thirds of the training events: an item is in the head when the
   * items strictly more popular than it hold less than a third of all training events, in the torso
   * when they hold less than two thirds, and in the tail otherwise. Each band thus holds about a
   * third of the events, the head in few items and the tail in many; items of equal count always
   * share a band, and items never seen in training (count 0) are tail.
   *
   * @param counts training events per catalogue item
   */
  public static Segmentation popularity(int[] counts) {
    int[] sorted = counts.clone();
    Arrays.sort(sorted);
    long total = 0;
    for (int c : counts) {
      if (c < 0) {
        throw new IllegalArgumentException("item counts must be >= 0, got " + c);
      }
      total += c;
    }
    // above.get(c): the events of the items whose count is greater than c.
    Map<Integer, Long> above = new HashMap<>();
    long sum = 0;
    for (int k = sorted.length - 1; k >= 0; k--) {
      above.putIfAbsent(sorted[k], sum);
      sum += sorted[k];
    }
    long all = total;
    return new Segmentation(
        "target_popularity",
        c -> {
          int count = counts[c.target()];
          if (count == 0 || all == 0) {
            return TAIL;
          }
          long before = above.get(count);
          if (3 * before < all) {
            return HEAD;
          }
          return 3 * before < 2 * all ? TORSO : TAIL;
        });
  }

  /** The metrics of each segment, after its number of cases. */
  private static final List<Metric> BREAKDOWN =
      List.of(new HitRate(1), new HitRate(10), new Ndcg(10), ReciprocalRank.MRR);

  /**
   * Metrics per segment label (sorted by label), each with {@code n}, HR@1, HR@10, NDCG@10 and MRR.
   */
  public static Map<String, Map<String, Double>> breakdown(
      Segmentation seg, List<EvalCase> cases, int[] ranks) {
    Map<String, List<Integer>> byLabel = new java.util.TreeMap<>();
    for (int c = 0; c < cases.size(); c++) {
      byLabel
          .computeIfAbsent(seg.label().apply(cases.get(c)), l -> new java.util.ArrayList<>())
          .add(ranks[c]);
    }
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    byLabel.forEach(
        (label, rs) -> {
          int[] r = rs.stream().mapToInt(Integer::intValue).toArray();
          Map<String, Double> m = new LinkedHashMap<>();
          m.put("n", (double) r.length);
          for (Metric metric : BREAKDOWN) {
            m.put(metric.name(), metric.mean(r));
          }
          out.put(label, m);
        });
    return out;
  }
}
