package io.strec.encoder.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Properties of the fitted transforms on seeded, correlated random data, and their files. */
class TransformPropertiesTest {
  @TempDir Path dir;

  /** n correlated, shifted vectors: x = z A + b with a random mixing matrix A. */
  static float[][] correlated(int n, int d, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] mix = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        mix[i][j] = rng.nextGaussian() * (i == j ? 3 : 0.5) / (1 + j);
      }
    }
    float[][] x = new float[n][d];
    for (int r = 0; r < n; r++) {
      double[] z = new double[d];
      for (int i = 0; i < d; i++) {
        z[i] = rng.nextGaussian();
      }
      for (int j = 0; j < d; j++) {
        double s = 5 - j;
        for (int i = 0; i < d; i++) {
          s += z[i] * mix[i][j];
        }
        x[r][j] = (float) s;
      }
    }
    return x;
  }

  static double[][] covarianceOf(float[][] y) {
    return Moments.covariance(y, Moments.mean(y));
  }

  @Test
  void whitenedTrainingDataHasIdentityCovariance() {
    float[][] x = correlated(400, 12, 1);
    float[][] y = Whitening.fit(x, 0).applyAll(x);
    double[] mean = Moments.mean(y);
    double[][] cov = covarianceOf(y);
    for (int i = 0; i < cov.length; i++) {
      assertEquals(0, mean[i], 1e-6, "mean " + i);
      for (int j = 0; j < cov.length; j++) {
        assertEquals(i == j ? 1 : 0, cov[i][j], 1e-6, "cov[" + i + "][" + j + "]");
      }
    }
  }

  @Test
  void whitenedPcaTrainingDataHasIdentityCovarianceInKDimensions() {
    float[][] x = correlated(400, 12, 2);
    float[][] y = Pca.fitWhitened(x, 5, 0).applyAll(x);
    double[][] cov = covarianceOf(y);
    assertEquals(5, cov.length);
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 5; j++) {
        assertEquals(i == j ? 1 : 0, cov[i][j], 1e-6, "cov[" + i + "][" + j + "]");
      }
    }
  }

  @Test
  void pcaKeepsKUncorrelatedComponentsOfDescendingVariance() {
    float[][] x = correlated(300, 10, 3);
    for (int k : new int[] {1, 4, 10}) {
      Pca pca = Pca.fit(x, k);
      assertEquals(k, pca.outputDimension());
      assertEquals(10, pca.inputDimension());
      float[][] y = pca.applyAll(x);
      assertEquals(k, y[0].length);
      double[][] cov = covarianceOf(y);
      double[] explained = pca.explainedVariance();
      for (int j = 0; j < k; j++) {
        assertEquals(explained[j], cov[j][j], 1e-5 * explained[0], "variance along component " + j);
        if (j > 0) {
          assertTrue(explained[j - 1] >= explained[j], "explained variance descending at " + j);
        }
        for (int i = 0; i < j; i++) {
          assertEquals(
              0, cov[i][j], 1e-5 * explained[0], "components " + i + " and " + j + " uncorrelated");
        }
      }
    }
    assertEquals(1, Pca.fit(x, 10).explainedVarianceRatio(), 1e-12);
    assertTrue(Pca.fit(x, 3).explainedVarianceRatio() < Pca.fit(x, 4).explainedVarianceRatio());
  }

  @Test
  void standardizedTrainingDataHasZeroMeanUnitVariance() {
    float[][] x = correlated(200, 7, 4);
    for (float[] row : x) {
      row[3] = 0.1f; // a constant dimension is centred only
    }
    float[][] y = Standardize.fit(x).applyAll(x);
    double[] mean = Moments.mean(y);
    double[][] cov = covarianceOf(y);
    for (int i = 0; i < 7; i++) {
      assertEquals(0, mean[i], 1e-6, "mean " + i);
      assertEquals(i == 3 ? 0 : 1, cov[i][i], 1e-6, "variance " + i);
    }
  }

  @Test
  void transformsRoundTripThroughTheirFiles() throws IOException {
    float[][] x = correlated(100, 8, 5);
    float[] probe = correlated(1, 8, 6)[0];
    VectorTransform[] fitted = {
      Standardize.fit(x), Whitening.fit(x, 1e-3), Pca.fit(x, 3), Pca.fitWhitened(x, 2, 0)
    };
    for (int i = 0; i < fitted.length; i++) {
      Path file = dir.resolve("t" + i + ".vtf");
      fitted[i].write(file);
      VectorTransform back = VectorTransform.read(file);
      assertEquals(fitted[i].getClass(), back.getClass());
      assertEquals(fitted[i].describe(), back.describe());
      assertArrayEquals(fitted[i].apply(probe), back.apply(probe), fitted[i].describe());
    }
    assertInstanceOf(Pca.class, VectorTransform.read(dir.resolve("t3.vtf")));
    assertTrue(((Pca) VectorTransform.read(dir.resolve("t3.vtf"))).whitened());
  }

  @Test
  void damagedTransformFilesAreClearErrors() throws IOException {
    Path file = dir.resolve("pca.vtf");
    Pca.fit(correlated(50, 6, 7), 2).write(file);
    byte[] good = Files.readAllBytes(file);

    byte[] flipped = good.clone();
    flipped[good.length / 2] ^= 1;
    Files.write(file, flipped);
    StoreFormatException e =
        assertThrows(StoreFormatException.class, () -> VectorTransform.read(file));
    assertTrue(
        e.getMessage().contains(file.toString()) && e.getMessage().contains("checksum"),
        e.getMessage());

    Files.write(file, Arrays.copyOf(good, 30));
    e = assertThrows(StoreFormatException.class, () -> VectorTransform.read(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());

    Files.writeString(file, "not a transform");
    e = assertThrows(StoreFormatException.class, () -> VectorTransform.read(file));
    assertTrue(e.getMessage().contains("magic"), e.getMessage());
  }

  @Test
  void singularCovarianceNeedsEpsilon() {
    float[][] x = correlated(50, 4, 8);
    for (float[] row : x) {
      row[3] = row[0] + row[1]; // rank 3
    }
    // row[0] + row[1] rounds to float, so the smallest eigenvalue is rounding-size, not exactly 0.
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Whitening.fit(x, 0));
    assertTrue(e.getMessage().contains("singular"), e.getMessage());
    Whitening damped = Whitening.fit(x, 1e-3);
    for (float v : damped.apply(x[0])) {
      assertTrue(Float.isFinite(v));
    }
    assertThrows(IllegalArgumentException.class, () -> Pca.fitWhitened(x, 4, 0));
    assertEquals(3, Pca.fitWhitened(x, 3, 0).outputDimension());
  }

  @Test
  void badArgumentsAreRejected() {
    float[][] x = correlated(20, 4, 9);
    assertThrows(IllegalArgumentException.class, () -> Pca.fit(x, 0));
    assertThrows(IllegalArgumentException.class, () -> Pca.fit(x, 5));
    assertThrows(IllegalArgumentException.class, () -> Whitening.fit(x, -1));
    assertThrows(IllegalArgumentException.class, () -> Standardize.fit(new float[0][]));
    assertThrows(
        IllegalArgumentException.class, () -> Standardize.fit(new float[][] {{1, 2}, {3}}));
    assertThrows(
        IllegalArgumentException.class, () -> Standardize.fit(new float[][] {{1, Float.NaN}}));
    assertThrows(IllegalArgumentException.class, () -> Standardize.fit(x).apply(new float[3]));
  }
}
