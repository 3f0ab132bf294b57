package io.strec.eval;

import io.strec.feature.LocalTimeFeatures;
import io.strec.model.Query;
import io.strec.util.Geo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Named ways to split cases into segments, for per-segment breakdowns: local hour-of-day bucket,
 * weekday / weekend, distance band of the target from the query place, and history length.
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

  public static final List<Segmentation> ALL = List.of(HOUR, DAY, DISTANCE, HISTORY);

  /** Metrics per segment label (sorted by label), each with {@code n}, HR@10, NDCG@10 and MRR. */
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
          Map<String, Double> all = Metrics.summarize(r, List.of(10));
          Map<String, Double> m = new LinkedHashMap<>();
          m.put("n", (double) r.length);
          m.put("HR@10", all.get("HR@10"));
          m.put("NDCG@10", all.get("NDCG@10"));
          m.put("MRR", all.get("MRR"));
          out.put(label, m);
        });
    return out;
  }
}
