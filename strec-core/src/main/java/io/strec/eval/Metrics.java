package io.strec.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rank-based metrics for one relevant item per case, as defined in docs/protocols.md. */
public final class Metrics {
  /** The default cut-offs. */
  public static final List<Integer> DEFAULT_KS = List.of(1, 5, 10, 20);

  private Metrics() {}

  /** 1 when the target is in the top k. */
  public static double hit(int rank, int k) {
    return rank <= k ? 1.0 : 0.0;
  }

  /** 1/log2(rank + 1) when rank <= k, else 0. */
  public static double ndcg(int rank, int k) {
    return rank <= k ? 1.0 / (Math.log(rank + 1.0) / Math.log(2.0)) : 0.0;
  }

  public static double reciprocalRank(int rank) {
    return 1.0 / rank;
  }

  /** The per-case value of a metric named {@code HR@k}, {@code NDCG@k} or {@code MRR}. */
  public static double value(String metric, int rank) {
    if (metric.equals("MRR")) {
      return reciprocalRank(rank);
    }
    int at = metric.indexOf('@');
    if (at > 0) {
      int k = Integer.parseInt(metric.substring(at + 1));
      switch (metric.substring(0, at)) {
        case "HR", "Acc", "Recall":
          return hit(rank, k);
        case "NDCG":
          return ndcg(rank, k);
        default:
          break;
      }
    }
    throw new IllegalArgumentException(
        "unknown metric '" + metric + "' (expected HR@k, NDCG@k or MRR)");
  }

  /**
   * HR@k and NDCG@k for every k, then MRR, averaged over {@code ranks}; NaN when there are none.
   */
  public static Map<String, Double> summarize(int[] ranks, List<Integer> ks) {
    Map<String, Double> out = new LinkedHashMap<>();
    int n = ranks.length;
    for (int k : ks) {
      double s = 0;
      for (int r : ranks) {
        s += hit(r, k);
      }
      out.put("HR@" + k, n == 0 ? Double.NaN : s / n);
    }
    for (int k : ks) {
      double s = 0;
      for (int r : ranks) {
        s += ndcg(r, k);
      }
      out.put("NDCG@" + k, n == 0 ? Double.NaN : s / n);
    }
    double s = 0;
    for (int r : ranks) {
      s += reciprocalRank(r);
    }
    out.put("MRR", n == 0 ? Double.NaN : s / n);
    return out;
  }
}
