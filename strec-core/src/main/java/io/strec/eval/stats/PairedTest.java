package io.strec.eval.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Compares two systems evaluated on the same cases (or users): {@code a[i]} and {@code b[i]} are
 * the metric values of systems A and B on case i. All differences are {@code a - b}.
 *
 * <p><b>Paired t-test.</b> With {@code d[i] = a[i] - b[i]}, mean {@code m} and sample standard
 * deviation {@code s}, {@code t = m / (s / sqrt(n))} and the p-value is two-sided under Student's t
 * with {@code n - 1} degrees of freedom (what scipy's {@code ttest_rel} computes). When every
 * {@code d[i]} is the same value the variance is zero and t is undefined; then the p-value is 1 if
 * that value is 0 (and t is reported as 0) and 0 otherwise (t is ±infinity).
 *
 * <p><b>Paired bootstrap.</b> Each of the B resamples draws n case indices uniformly with
 * replacement from a {@link SplittableRandom} seeded with {@code seed} and records the mean {@code
 * m*} of the drawn differences. With {@code m} the observed mean difference, the p-value is
 *
 * <pre>
 *   m &gt; 0:  p = min(1, 2 · #{m* &lt;= 0} / B)
 *   m &lt; 0:  p = min(1, 2 · #{m* &gt;= 0} / B)
 *   m = 0:  p = 1
 * </pre>
 *
 * that is, twice the fraction of resampled means on the other side of zero from the observed one
 * (ties at zero count as the other side, which errs towards larger p), clipped to 1. A p-value of 0
 * means "below 2/B", not "impossible". The 95% interval is the percentile interval: the 2.5% and
 * 97.5% quantiles of the sorted {@code m*}, each interpolated linearly between the two nearest
 * order statistics at position {@code q · (B - 1)} (numpy's default "linear" method).
 *
 * <p>Same inputs, resample count and seed give the same result, bit for bit.
 */
public final class PairedTest {
  public static final int DEFAULT_RESAMPLES = 10_000;

  private PairedTest() {}

  /** Runs both tests with {@link #DEFAULT_RESAMPLES} bootstrap resamples. */
  public static PairedResult compare(double[] a, double[] b, long seed) {
    return compare(a, b, DEFAULT_RESAMPLES, seed);
  }

  /** Runs both tests with {@code resamples} bootstrap resamples drawn from {@code seed}. */
  public static PairedResult compare(double[] a, double[] b, int resamples, long seed) {
    double[] d = differences(a, b);
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
    }
    int n = d.length;
    double mean = Summary.mean(d);

    double t;
    double tP;
    if (allEqual(d)) {
      // Checked exactly rather than by s == 0: summing n copies of 0.1 and dividing by n need not
      // give back 0.1, so s can come out as a tiny positive number for constant differences.
      t = d[0] == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, d[0]);
      tP = d[0] == 0 ? 1 : 0;
    } else {
      double ss = 0;
      for (double v : d) {
        ss += (v - mean) * (v - mean);
      }
      double se = Math.sqrt(ss / (n - 1) / n);
      t = mean / se;
      tP = StudentT.twoSidedP(t, n - 1);
    }

    double[] means = resampledMeans(d, resamples, seed);
    double bootP = bootstrapP(mean, means);
    Arrays.sort(means);
    return new PairedResult(
        mean, t, tP, bootP, quantile(means, 0.025), quantile(means, 0.975), n, resamples, seed);
  }

  private static double[] differences(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "paired arrays differ in length: " + a.length + " != " + b.length);
    }
    if (a.length < 2) {
      throw new IllegalArgumentException("a paired test needs n >= 2 cases, got " + a.length);
    }
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      if (!Double.isFinite(a[i]) || !Double.isFinite(b[i])) {
        throw new IllegalArgumentException(
            "case " + i + " of " + a.length + " is not finite: a=" + a[i] + ", b=" + b[i]);
      }
      d[i] = a[i] - b[i];
    }
    return d;
  }

  private static boolean allEqual(double[] d) {
    for (double v : d) {
      if (v != d[0]) {
        return false;
      }
    }
    return true;
  }

  private static double[] resampledMeans(double[] d, int resamples, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = d.length;
    double[] means = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += d[rng.nextInt(n)];
      }
      means[r] = sum / n;
    }
    return means;
  }

  private static double bootstrapP(double observed, double[] means) {
    if (observed == 0) {
      return 1;
    }
    long otherSide = 0;
    for (double m : means) {
      if (observed > 0 ? m <= 0 : m >= 0) {
        otherSide++;
      }
    }
    return Math.min(1.0, 2.0 * otherSide / means.length);
  }

  /** The q-quantile of sorted values, interpolated linearly at position q · (length - 1). */
  static double quantile(double[] sorted, double q) {
    double h = q * (sorted.length - 1);
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }
}
