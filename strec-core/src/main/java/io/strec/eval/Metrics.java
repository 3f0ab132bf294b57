package io.strec.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The rank-based metrics STREC knows, found by name ({@code HR@10} is {@link HitRate} cut at 10),
 * and their means over a split; definitions in docs/protocols.md. A new metric is one class with a
 * {@link MetricFamily}, listed in {@link #FAMILIES}.
 */
public final class Metrics {
  /** The default cut-offs. */
  public static final List<Integer> DEFAULT_KS = List.of(1, 5, 10, 20);

  /** Every family, in the order reports give them. */
  private static final List<MetricFamily> FAMILIES =
      List.of(HitRate.FAMILY, Ndcg.FAMILY, ReciprocalRank.FAMILY);

  private Metrics() {}

  /**
   * The metric {@code name} denotes, e.g. {@code HR@10}, {@code NDCG@5} or {@code MRR}.
   *
   * @throws IllegalArgumentException naming {@code name} and the known names when there is none
   */
  public static Metric byName(String name) {
    Objects.requireNonNull(name, "name");
    for (MetricFamily f : FAMILIES) {
      Optional<Metric> m = f.parse(name);
      if (m.isPresent()) {
        return m.get();
      }
    }
    throw new IllegalArgumentException(
        "unknown metric '"
            + name
            + "'; known: "
            + FAMILIES.stream().map(MetricFamily::describe).collect(Collectors.joining(", ")));
  }

  /** The metrics reported for the cut-offs {@code ks}: HR@k for every k, NDCG@k, then MRR. */
  public static List<Metric> reported(List<Integer> ks) {
    List<Metric> out = new ArrayList<>();
    FAMILIES.forEach(f -> out.addAll(f.reported(ks)));
    return List.copyOf(out);
  }

  /** The mean of every {@link #reported} metric over {@code ranks}, by name; NaN when none. */
  public static Map<String, Double> summarize(int[] ranks, List<Integer> ks) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Metric m : reported(ks)) {
      out.put(m.name(), m.mean(ranks));
    }
    return out;
  }
}
