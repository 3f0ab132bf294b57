package io.strec.model.baseline;

/** Global item popularity from training counts, shared by the baselines as prior or fallback. */
final class Popularity {
  private Popularity() {}

  /** Each item's share of all training events, {@code c(i) / sum c}; all zero without events. */
  static double[] share(int[] counts) {
    long total = 0;
    for (int c : counts) {
      total += c;
    }
    double[] p = new double[counts.length];
    if (total > 0) {
      for (int i = 0; i < p.length; i++) {
        p[i] = (double) counts[i] / total;
      }
    }
    return p;
  }

  /**
   * Counts scaled into [0, 1] by the largest count, {@code c(i) / max c}; all zero without events.
   */
  static double[] byMax(int[] counts) {
    int max = 0;
    for (int c : counts) {
      max = Math.max(max, c);
    }
    double[] p = new double[counts.length];
    if (max > 0) {
      for (int i = 0; i < p.length; i++) {
        p[i] = (double) counts[i] / max;
      }
    }
    return p;
  }
}
