package io.strec.eval;

/**
 * A rank-based measure of one evaluation case, whose one relevant item (the target) the evaluator
 * ranked against the catalogue. Reports give its mean over the cases of a split. Implementations
 * are immutable and equal when they measure the same thing; {@link Metrics} finds them by name.
 */
public interface Metric {
  /**
   * The name reports use and {@link Metrics#byName} reads back, e.g. {@code HR@10} or {@code MRR}.
   */
  String name();

  /** The value for one case whose target is at {@code rank} (1 = best); in [0, 1]. */
  double value(int rank);

  /**
   * The mean of {@link #value} over {@code ranks}; NaN when there are none, since 0 would read as a
   * measured result.
   */
  default double mean(int[] ranks) {
    double s = 0;
    for (int r : ranks) {
      s += value(r);
    }
    return ranks.length == 0 ? Double.NaN : s / ranks.length;
  }
}
