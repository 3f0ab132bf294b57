package io.strec.eval.stats;

import java.util.Locale;

/**
 * Mean and sample standard deviation of a set of values, such as one metric over several seeds.
 *
 * @param mean arithmetic mean
 * @param std sample standard deviation (divisor n - 1); 0 when n = 1, where it is undefined
 * @param n number of values, at least 1
 */
public record Summary(double mean, double std, int n) {

  public Summary {
    if (n < 1) {
      throw new IllegalArgumentException("a summary needs at least one value, got n=" + n);
    }
    if (!Double.isFinite(mean) || !Double.isFinite(std) || std < 0) {
      throw new IllegalArgumentException(
          "mean and std must be finite, std >= 0: " + mean + ", " + std);
    }
  }

  /** Summarises {@code values}, which must be non-empty and finite. */
  public static Summary of(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("cannot summarise an empty array");
    }
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            "value " + i + " of " + values.length + " is not finite: " + values[i]);
      }
    }
    double mean = mean(values);
    if (values.length == 1) {
      return new Summary(mean, 0.0, 1);
    }
    // Two passes: the one-pass sum-of-squares formula cancels badly when std << mean.
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    return new Summary(mean, Math.sqrt(ss / (values.length - 1)), values.length);
  }

  static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  /** {@code mean ± std} with four decimals, e.g. {@code 0.2435 ± 0.0031}. */
  public String format() {
    return String.format(Locale.ROOT, "%.4f \u00b1 %.4f", mean, std);
  }
}
