package io.strec.eval.stats;

/** Student's t distribution with {@code df > 0} degrees of freedom (df need not be an integer). */
public final class StudentT {
  private StudentT() {}

  /** {@code P(T <= t)}. */
  public static double cdf(double t, double df) {
    checkDf(df);
    if (Double.isNaN(t)) {
      throw new IllegalArgumentException("t is NaN");
    }
    double tail = 0.5 * twoSidedTail(Math.abs(t), df);
    return t > 0 ? 1 - tail : tail;
  }

  /** {@code P(|T| >= |t|)}, the two-sided p-value of a t statistic. */
  public static double twoSidedP(double t, double df) {
    checkDf(df);
    if (Double.isNaN(t)) {
      throw new IllegalArgumentException("t is NaN");
    }
    return twoSidedTail(Math.abs(t), df);
  }

  /**
   * The {@code p}-quantile: the t with {@code P(T <= t) = p}, for {@code 0 < p < 1}; e.g. {@code
   * quantile(0.975, n - 1)} is the half-width factor of a 95% interval of a mean of n values. Found
   * by bisection on {@link #cdf} to about 1e-12 relative error.
   */
  public static double quantile(double p, double df) {
    checkDf(df);
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("p must lie in (0, 1), got " + p);
    }
    if (p == 0.5) {
      return 0;
    }
    if (p < 0.5) {
      return -quantile(1 - p, df);
    }
    double lo = 0;
    double hi = 1;
    while (cdf(hi, df) < p) {
      lo = hi;
      hi *= 2;
    }
    for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
      double mid = 0.5 * (lo + hi);
      if (cdf(mid, df) < p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  /** P(|T| >= t) for t >= 0 is I_x(df/2, 1/2) with x = df / (df + t²). */
  private static double twoSidedTail(double t, double df) {
    if (Double.isInfinite(t)) {
      return 0;
    }
    double t2 = t * t;
    // Both x and 1 - x are formed as ratios so that neither loses digits to 1 - (...).
    double x = df / (df + t2);
    double y = t2 / (df + t2);
    return SpecialFunctions.regularizedBeta(x, y, df / 2, 0.5);
  }

  private static void checkDf(double df) {
    if (!(df > 0) || Double.isInfinite(df)) {
      throw new IllegalArgumentException("degrees of freedom must be finite and > 0, got " + df);
    }
  }
}
