package io.strec.encoder.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Whitening#apply} adds a column of the matrix at a time; it must give, to the last bit, the
 * row-by-row dot products {@code sum_j W[i][j] (x[j] - mean[j])} added in the order of {@code j},
 * computed here from the fitted matrix and means (the values themselves are checked against NumPy
 * in {@link TransformsReferenceTest}).
 */
class WhiteningApplyTest {
  @Test
  void columnOrderGivesTheRowDotProductsExactly() {
    SplittableRandom rnd = new SplittableRandom(7);
    int d = 37;
    float[][] x = new float[300][d];
    for (float[] row : x) {
      for (int j = 0; j < d; j++) {
        // Correlated columns, so the whitening is far from diagonal.
        row[j] = (float) (rnd.nextGaussian() + (j > 0 ? 0.6 * row[j - 1] : 0));
      }
    }
    Whitening w = Whitening.fit(x, 1e-3);
    double[][] m = w.matrix();
    double[] mean = w.mean();
    for (int r = 0; r < 50; r++) {
      float[] v = new float[d];
      for (int j = 0; j < d; j++) {
        v[j] = (float) (3 * rnd.nextGaussian());
      }
      float[] got = w.apply(v);
      for (int i = 0; i < d; i++) {
        double s = 0;
        for (int j = 0; j < d; j++) {
          s += m[i][j] * (v[j] - mean[j]);
        }
        assertEquals(
            Float.floatToIntBits((float) s), Float.floatToIntBits(got[i]), "row " + r + ", " + i);
      }
    }
  }
}
