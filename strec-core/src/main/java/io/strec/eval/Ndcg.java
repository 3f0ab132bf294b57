package io.strec.eval;

/**
 * NDCG@k: 1 / log2(rank + 1) when the target is in the top k, else 0. The ideal list puts the one
 * target first, so its DCG is 1 and no further normalisation is needed.
 *
 * @param k the cut-off, >= 1
 */
public record Ndcg(int k) implements Metric {
  public static final MetricFamily FAMILY = MetricFamily.withCutoff("NDCG", Ndcg::new);

  public Ndcg {
    if (k < 1) {
      throw new IllegalArgumentException("NDCG cut-off must be >= 1: " + k);
    }
  }

  @Override
  public String name() {
    return "NDCG@" + k;
  }

  @Override
  public double value(int rank) {
    return rank <= k ? 1.0 / (Math.log(rank + 1.0) / Math.log(2.0)) : 0.0;
  }

  @Override
  public String toString() {
    return name();
  }
}
