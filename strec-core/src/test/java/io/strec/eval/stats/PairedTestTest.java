package io.strec.eval.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairedTestTest {

  /** n cases of a metric in [0, 1) and a second system that is {@code shift} better, plus noise. */
  private static double[][] pair(int n, double shift, double noise, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] a = new double[n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      b[i] = rng.nextDouble();
      a[i] = b[i] + shift + noise * (rng.nextDouble() - 0.5);
    }
    return new double[][] {a, b};
  }

  @Test
  void sameSeedGivesTheSameResult() {
    double[][] ab = pair(200, 0.01, 0.5, 7);
    PairedResult r1 = PairedTest.compare(ab[0], ab[1], 2_000, 42);
    PairedResult r2 = PairedTest.compare(ab[0], ab[1], 2_000, 42);
    assertEquals(r1, r2);
    PairedResult other = PairedTest.compare(ab[0], ab[1], 2_000, 43);
    assertNotEquals(r1.ciLow(), other.ciLow(), "a different seed should draw different resamples");
    assertEquals(r1.tPValue(), other.tPValue(), "the t-test does not depend on the seed");
  }

  @Test
  void largeEffectIsSignificant() {
    double[][] ab = pair(300, 0.2, 0.2, 11);
    PairedResult r = PairedTest.compare(ab[0], ab[1], 99);
    assertEquals(PairedTest.DEFAULT_RESAMPLES, r.resamples());
    assertEquals(99, r.seed());
    assertEquals(300, r.n());
    assertTrue(r.bootstrapPValue() < 0.001, r.format());
    assertTrue(r.tPValue() < 0.001, r.format());
    assertTrue(r.ciLow() > 0.15 && r.ciHigh() < 0.25, r.format());
  }

  @Test
  void negativeEffectIsSignificantToo() {
    double[][] ab = pair(300, 0.2, 0.2, 12);
    PairedResult r = PairedTest.compare(ab[1], ab[0], 5);
    assertTrue(r.meanDiff() < 0);
    assertTrue(r.tStat() < 0);
    assertTrue(r.bootstrapPValue() < 0.001, r.format());
    assertTrue(r.ciHigh() < 0, r.format());
  }

  @Test
  void identicalInputsGivePOneAndAZeroInterval() {
    double[] a = {0.1, 0.5, 0.25, 0.9, 0.0};
    PairedResult r = PairedTest.compare(a, a.clone(), 1_000, 3);
    assertEquals(0.0, r.meanDiff());
    assertEquals(0.0, r.tStat());
    assertEquals(1.0, r.tPValue());
    assertEquals(1.0, r.bootstrapPValue());
    assertEquals(0.0, r.ciLow());
    assertEquals(0.0, r.ciHigh());
  }

  @Test
  void constantNonZeroDifferenceHasZeroVariance() {
    // Binary fractions, so that every difference is exactly 0.5 (with 0.1 steps it would not be).
    double[] b = {0.25, 0.5, 0.75};
    double[] a = {0.75, 1.0, 1.25};
    PairedResult r = PairedTest.compare(a, b, 500, 1);
    assertEquals(0.5, r.meanDiff());
    assertEquals(Double.POSITIVE_INFINITY, r.tStat());
    assertEquals(0.0, r.tPValue());
    assertEquals(0.0, r.bootstrapPValue());
    assertEquals(0.5, r.ciLow());
    assertEquals(0.5, r.ciHigh());
    PairedResult down = PairedTest.compare(b, a, 500, 1);
    assertEquals(Double.NEGATIVE_INFINITY, down.tStat());
    assertEquals(0.0, down.tPValue());
    // 0.3 - 0.2 and 0.4 - 0.3 differ from 0.2 - 0.1 in the last bit: not constant, so an ordinary
    // t-test with a huge but finite t.
    PairedResult nearly =
        PairedTest.compare(new double[] {0.2, 0.3, 0.4}, new double[] {0.1, 0.2, 0.3}, 500, 1);
    assertTrue(Double.isFinite(nearly.tStat()) && nearly.tStat() > 1e10, nearly.format());
  }

  @Test
  void intervalContainsTheMeanDifference() {
    for (long seed = 0; seed < 20; seed++) {
      double[][] ab = pair(50 + (int) seed * 10, 0.02 * (seed % 5) - 0.04, 0.6, seed);
      PairedResult r = PairedTest.compare(ab[0], ab[1], 2_000, seed);
      assertTrue(r.ciLow() <= r.meanDiff() && r.meanDiff() <= r.ciHigh(), r.format());
    }
  }

  @Test
  void bootstrapAgreesRoughlyWithTheTTestOnLargeSamples() {
    // For a mean over 400 cases the normal approximation is good; the two p-values should be close.
    double[][] ab = pair(400, 0.04, 0.8, 5);
    PairedResult r = PairedTest.compare(ab[0], ab[1], 20_000, 8);
    assertTrue(r.tPValue() > 0.0005 && r.tPValue() < 0.2, r.format());
    assertEquals(r.tPValue(), r.bootstrapPValue(), 0.3 * r.tPValue(), r.format());
  }

  @Test
  void quantileInterpolatesLikeNumpy() {
    double[] sorted = {1, 2, 3, 4, 5};
    // numpy.quantile([1,2,3,4,5], [0, 0.025, 0.5, 0.975, 1]) = [1, 1.1, 3, 4.9, 5]
    assertEquals(1.0, PairedTest.quantile(sorted, 0.0), 1e-12);
    assertEquals(1.1, PairedTest.quantile(sorted, 0.025), 1e-12);
    assertEquals(3.0, PairedTest.quantile(sorted, 0.5), 1e-12);
    assertEquals(4.9, PairedTest.quantile(sorted, 0.975), 1e-12);
    assertEquals(5.0, PairedTest.quantile(sorted, 1.0), 1e-12);
  }

  @Test
  void rejectsBadInputsNamingTheSizes() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PairedTest.compare(new double[3], new double[4], 1));
    assertTrue(e.getMessage().contains("3 != 4"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PairedTest.compare(new double[1], new double[1], 1));
    assertTrue(e.getMessage().contains("got 1"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PairedTest.compare(new double[] {1, Double.NaN}, new double[] {1, 2}, 1));
    assertTrue(e.getMessage().contains("case 1 of 2"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PairedTest.compare(
                    new double[] {1, 2}, new double[] {1, Double.POSITIVE_INFINITY}, 1));
    assertTrue(e.getMessage().contains("Infinity"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PairedTest.compare(new double[] {1, 2}, new double[] {1, 3}, 0, 1));
    assertTrue(e.getMessage().contains("got 0"), e.getMessage());
  }
}
