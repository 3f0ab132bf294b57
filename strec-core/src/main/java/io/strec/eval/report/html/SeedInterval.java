package io.strec.eval.report.html;

import io.strec.eval.stats.StudentT;
import io.strec.eval.stats.Summary;

/** The 95% interval of a mean over seeds, from Student's t with n - 1 degrees of freedom. */
final class SeedInterval {
  private SeedInterval() {}

  /**
   * {@code t(0.975, n-1) · s / sqrt(n)}, half the width of the interval around the mean of {@code
   * values}; NaN when there are fewer than two values or one is not finite (no interval to draw).
   */
  static double halfWidth(double[] values) {
    if (values.length < 2) {
      return Double.NaN;
    }
    for (double v : values) {
      if (!Double.isFinite(v)) {
        return Double.NaN;
      }
    }
    Summary s = Summary.of(values);
    return StudentT.quantile(0.975, values.length - 1) * s.std() / Math.sqrt(values.length);
  }

  /** The mean of {@code values}; NaN when one of them is not finite. */
  static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }
}
