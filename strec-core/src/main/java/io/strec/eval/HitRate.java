package io.strec.eval;

/**
 * HR@k, the hit rate: 1 when the target is in the top k, else 0. With one relevant item per case
 * this is the same number as Acc@k (the name next-POI papers use) and Recall@k, so those names read
 * as HR@k too.
 *
 * @param k the cut-off, >= 1
 */
public record HitRate(int k) implements Metric {
  public static final MetricFamily FAMILY =
      MetricFamily.withCutoff("HR", HitRate::new, "Acc", "Recall");

  public HitRate {
    if (k < 1) {
      throw new IllegalArgumentException("HR cut-off must be >= 1: " + k);
    }
  }

  @Override
  public String name() {
    return "HR@" + k;
  }

  @Override
  public double value(int rank) {
    return rank <= k ? 1.0 : 0.0;
  }

  @Override
  public String toString() {
    return name();
  }
}
