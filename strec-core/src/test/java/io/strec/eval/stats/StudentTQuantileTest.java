package io.strec.eval.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The t quantile against scipy 1.17.1, made by:
 *
 * <pre>
 * from scipy.stats import t
 * for p, df in [(0.975, 1), (0.975, 2), (0.975, 4), (0.975, 30), (0.95, 10), (0.025, 5),
 *               (0.999, 3.5)]:
 *     print(p, df, repr(t.ppf(p, df)))
 * </pre>
 */
class StudentTQuantileTest {
  private static final double RTOL = 1e-9;

  private static void assertQuantile(double expected, double p, double df) {
    double got = StudentT.quantile(p, df);
    assertEquals(expected, got, RTOL * Math.abs(expected), "t.ppf(" + p + ", " + df + ")");
  }

  @Test
  void matchesScipy() {
    assertQuantile(12.706204736174694, 0.975, 1);
    assertQuantile(4.302652729749462, 0.975, 2);
    assertQuantile(2.7764451051977934, 0.975, 4);
    assertQuantile(2.0422724563012378, 0.975, 30);
    assertQuantile(1.8124611228116756, 0.95, 10);
    assertQuantile(-2.5705818356363155, 0.025, 5);
    assertQuantile(8.315567604516115, 0.999, 3.5);
  }

  @Test
  void isTheInverseOfTheCdfAndSymmetric() {
    for (double df : new double[] {1, 2.5, 7, 100}) {
      for (double p : new double[] {0.6, 0.9, 0.99}) {
        double t = StudentT.quantile(p, df);
        assertEquals(p, StudentT.cdf(t, df), 1e-12, "cdf(quantile(" + p + ")) at df " + df);
        assertEquals(-t, StudentT.quantile(1 - p, df), 1e-9 * t);
      }
    }
    assertEquals(0.0, StudentT.quantile(0.5, 3));
  }

  @Test
  void rejectsProbabilitiesOutsideTheOpenInterval() {
    var e = assertThrows(IllegalArgumentException.class, () -> StudentT.quantile(1.0, 3));
    assertEquals("p must lie in (0, 1), got 1.0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> StudentT.quantile(0.0, 3));
    assertThrows(IllegalArgumentException.class, () -> StudentT.quantile(Double.NaN, 3));
    assertThrows(IllegalArgumentException.class, () -> StudentT.quantile(0.9, 0));
  }
}
