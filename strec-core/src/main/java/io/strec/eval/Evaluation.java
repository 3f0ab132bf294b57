package io.strec.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The immutable result of evaluating one model on one split.
 *
 * @param model model name
 * @param setting the hyper-parameter setting that was evaluated
 * @param caseIds case ids, parallel to {@code ranks}
 * @param ranks full-ranking rank of the target per case (1 = best)
 * @param tops per case, the catalogue indices of the items ranked first (best first; as many as the
 *     evaluator's top-N, fewer where fewer items could be ranked), parallel to {@code ranks}
 * @param metrics HR@k, NDCG@k and MRR over all cases (full ranking)
 * @param beyondAccuracy coverage, mean popularity and mean distance of the top-N lists
 * @param segments per segmentation, per label, metrics
 * @param sampled metrics against sampled negatives, only when asked for; labelled as sampled
 * @param fitSeconds time to fit the model
 * @param evalSeconds time to score and rank all cases
 */
public record Evaluation(
    String model,
    String setting,
    List<String> caseIds,
    int[] ranks,
    int[][] tops,
    Map<String, Double> metrics,
    Map<String, Double> beyondAccuracy,
    Map<String, Map<String, Map<String, Double>>> segments,
    Optional<SampledMetrics> sampled,
    double fitSeconds,
    double evalSeconds) {

  /** Metrics where the target was ranked against sampled negatives instead of the catalogue. */
  public record SampledMetrics(int negatives, long seed, Map<String, Double> metrics) {}

  public Evaluation {
    caseIds = List.copyOf(caseIds);
    ranks = ranks.clone();
    int[][] copied = new int[tops.length][];
    for (int c = 0; c < tops.length; c++) {
      copied[c] = tops[c].clone();
    }
    tops = copied;
    metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    beyondAccuracy = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(beyondAccuracy));
    segments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(segments));
    if (caseIds.size() != ranks.length) {
      throw new IllegalArgumentException(
          "case ids and ranks differ in length: " + caseIds.size() + " != " + ranks.length);
    }
    if (tops.length != ranks.length) {
      throw new IllegalArgumentException(
          "top lists and ranks differ in length: " + tops.length + " != " + ranks.length);
    }
  }

  @Override
  public int[] ranks() {
    return ranks.clone();
  }

  /** The items case {@code c} ranked first, best first (catalogue indices). */
  public int[] top(int c) {
    return tops[c].clone();
  }

  @Override
  public int[][] tops() {
    int[][] out = new int[tops.length][];
    for (int c = 0; c < tops.length; c++) {
      out[c] = tops[c].clone();
    }
    return out;
  }

  public int numCases() {
    return ranks.length;
  }

  /** The mean of the metric named {@code name} over all cases, e.g. {@code MRR}. */
  public double metric(String name) {
    Double v = metrics.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no metric '" + name + "'; have " + metrics.keySet());
    }
    return v;
  }

  /** The mean of {@code metric} over all cases; throws when it was not computed (see above). */
  public double metric(Metric metric) {
    return metric(metric.name());
  }

  /** Per-case values of the metric named {@code metric} ({@link Metrics#byName}), in case order. */
  public double[] perCase(String metric) {
    return perCase(Metrics.byName(metric));
  }

  /** Per-case values of a metric, e.g. reciprocal ranks for MRR, in case order. */
  public double[] perCase(Metric metric) {
    double[] out = new double[ranks.length];
    for (int c = 0; c < ranks.length; c++) {
      out[c] = metric.value(ranks[c]);
    }
    return out;
  }

  /** A copy with another fit time (the evaluator does not see fitting). */
  public Evaluation withFit(String newSetting, double seconds) {
    return new Evaluation(
        model,
        newSetting,
        caseIds,
        ranks,
        tops,
        metrics,
        beyondAccuracy,
        segments,
        sampled,
        seconds,
        evalSeconds);
  }
}
