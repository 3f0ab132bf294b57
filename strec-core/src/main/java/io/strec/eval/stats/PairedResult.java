package io.strec.eval.stats;

import java.util.Locale;

/**
 * The outcome of a {@link PairedTest}: how much system A beats system B on the same cases, and how
 * sure we can be. Differences are always {@code a - b}.
 *
 * @param meanDiff mean of the per-case differences {@code a[i] - b[i]}
 * @param tStat paired t statistic; 0 when every difference is 0, ±infinity when every difference is
 *     the same non-zero value
 * @param tPValue two-sided p-value of the paired t-test (Student's t, n - 1 degrees of freedom)
 * @param bootstrapPValue two-sided paired-bootstrap p-value, defined in {@link PairedTest}
 * @param ciLow lower end of the 95% percentile bootstrap interval of the mean difference
 * @param ciHigh upper end of that interval
 * @param n number of paired cases
 * @param resamples number of bootstrap resamples
 * @param seed seed of the bootstrap's random number generator
 */
public record PairedResult(
    double meanDiff,
    double tStat,
    double tPValue,
    double bootstrapPValue,
    double ciLow,
    double ciHigh,
    int n,
    int resamples,
    long seed) {

  public PairedResult {
    if (!(tPValue >= 0 && tPValue <= 1) || !(bootstrapPValue >= 0 && bootstrapPValue <= 1)) {
      throw new IllegalArgumentException(
          "p-values must lie in [0, 1]: t " + tPValue + ", bootstrap " + bootstrapPValue);
    }
    if (!(ciLow <= ciHigh)) {
      throw new IllegalArgumentException(
          "confidence interval reversed: [" + ciLow + ", " + ciHigh + "]");
    }
  }

  /**
   * One line, e.g. {@code diff +0.0120 [95% CI +0.0041, +0.0198] t=3.02 p=0.0031 boot p=0.0028
   * (n=943)}.
   */
  public String format() {
    return String.format(
        Locale.ROOT,
        "diff %+.4f [95%% CI %+.4f, %+.4f] t=%.2f p=%.4g boot p=%.4g (n=%d, B=%d, seed=%d)",
        meanDiff,
        ciLow,
        ciHigh,
        tStat,
        tPValue,
        bootstrapPValue,
        n,
        resamples,
        seed);
  }
}
