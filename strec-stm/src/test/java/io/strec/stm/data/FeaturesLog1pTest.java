package io.strec.stm.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Features#log1p} against {@link Math#log1p}, which the JDK specifies to within one unit in
 * the last place of the exact value: within four units of it over twelve orders of magnitude on
 * either side of 1 and near -1, the special values as {@link Math#log1p} gives them, and the floats
 * a batch's features are rounded to the same.
 */
class FeaturesLog1pTest {
  @Test
  void itAgreesWithTheLibraryToAFewUnitsInTheLastPlace() {
    SplittableRandom rnd = new SplittableRandom(20261206L);
    int floatsDiffering = 0;
    for (int i = 0; i < 200_000; i++) {
      double x =
          switch (i % 4) {
            case 0 -> Math.pow(10, rnd.nextDouble(-12, 12)); // (1e-12, 1e12)
            case 1 -> -Math.pow(10, rnd.nextDouble(-12, 0)) * rnd.nextDouble(); // (-1, 0)
            case 2 -> -1 + Math.pow(10, rnd.nextDouble(-12, -1)); // just above -1
            default -> rnd.nextDouble() * 50; // the range of counts and hours
          };
      double want = Math.log1p(x);
      double got = Features.log1p(x);
      assertTrue(
          Math.abs(got - want) <= 4 * Math.ulp(want),
          "log1p(" + x + "): " + got + " against " + want);
      if ((float) got != (float) want) {
        floatsDiffering++;
      }
    }
    // A float differs only where the exact value lies within a few double ulps of the midpoint of
    // two floats: about 2^-27 of the cases.
    assertTrue(floatsDiffering <= 2, floatsDiffering + " floats differ");
  }

  @Test
  void theSpecialValuesAreTheLibrarys() {
    for (double x :
        new double[] {
          0.0,
          -0.0,
          1e-300,
          -1e-300,
          Double.MIN_VALUE,
          -1.0,
          -2.0,
          Double.NaN,
          Double.POSITIVE_INFINITY,
          Double.NEGATIVE_INFINITY,
          Double.MAX_VALUE
        }) {
      assertEquals(Math.log1p(x), Features.log1p(x), "log1p(" + x + ")");
    }
    assertEquals(
        Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Features.log1p(-0.0)));
  }

  @Test
  void knownValues() {
    // Independent values: log(2), log(11) and log(1 + 1e-10) = 1e-10 - 5e-21 (series).
    assertEquals(0.6931471805599453, Features.log1p(1.0), 1e-16);
    assertEquals(2.3978952727983707, Features.log1p(10.0), 4e-16);
    assertEquals(9.9999999995e-11, Features.log1p(1e-10), 1e-25);
  }
}
