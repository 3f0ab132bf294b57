package io.strec.encoder.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Whitening#eigen} remembers the last decompositions: an equal covariance (another array)
 * gets the remembered one, which is exactly what a fresh decomposition gives; a different one is
 * decomposed; the oldest is forgotten beyond {@link Whitening#REMEMBERED}.
 */
class WhiteningEigenMemoTest {
  /**
   * A full-rank covariance ({@link SymmetricEigenTest#lowRank} of more vectors than dimensions).
   */
  private static double[][] covariance(long seed, int d) {
    return SymmetricEigenTest.lowRank(d, 3 * d, new SplittableRandom(seed));
  }

  private static double[][] copy(double[][] a) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }

  @Test
  void anEqualCovarianceGetsTheRememberedDecompositionBitForBit() {
    double[][] c = covariance(1, 12);
    SymmetricEigen first = Whitening.eigen(copy(c));
    SymmetricEigen again = Whitening.eigen(copy(c));
    assertSame(first, again, "an equal covariance is not decomposed again");
    SymmetricEigen fresh = SymmetricEigen.of(copy(c));
    assertArrayEquals(fresh.values(), again.values(), 0.0);
    for (int k = 0; k < 12; k++) {
      assertArrayEquals(fresh.vectors()[k], again.vectors()[k], 0.0);
    }
    double[][] other = copy(c);
    other[3][5] = Math.nextUp(other[3][5]);
    other[5][3] = other[3][5];
    assertNotSame(first, Whitening.eigen(other), "one entry differs: decomposed afresh");
  }

  @Test
  void theOldestIsForgotten() {
    double[][] c = covariance(2, 8);
    SymmetricEigen first = Whitening.eigen(copy(c));
    for (int k = 0; k < Whitening.REMEMBERED; k++) {
      Whitening.eigen(covariance(10 + k, 8));
    }
    assertNotSame(first, Whitening.eigen(copy(c)));
  }
}
