package io.strec.encoder.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Reconstruction, orthonormality, ordering and sign convention on seeded random matrices. */
class SymmetricEigenTest {
  static double[][] randomSymmetric(int d, SplittableRandom rng) {
    double[][] a = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        a[i][j] = a[j][i] = rng.nextDouble(-1, 1);
      }
    }
    return a;
  }

  /** A covariance of rank {@code rank}: the Gram matrix of {@code rank} random vectors. */
  static double[][] lowRank(int d, int rank, SplittableRandom rng) {
    double[][] b = new double[rank][d];
    for (double[] row : b) {
      for (int i = 0; i < d; i++) {
        row[i] = rng.nextGaussian();
      }
    }
    double[][] a = new double[d][d];
    for (double[] row : b) {
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          a[i][j] += row[i] * row[j];
        }
      }
    }
    return a;
  }

  static void assertDecomposes(double[][] a, double atol) {
    SymmetricEigen e = SymmetricEigen.of(a);
    int d = a.length;
    double[][] r = e.reconstruct();
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        assertEquals(a[i][j], r[i][j], atol, "reconstruction [" + i + "][" + j + "]");
      }
    }
    double[][] v = e.vectors();
    for (int p = 0; p < d; p++) {
      for (int q = 0; q < d; q++) {
        double dot = 0;
        for (int k = 0; k < d; k++) {
          dot += v[p][k] * v[q][k];
        }
        assertEquals(p == q ? 1 : 0, dot, 1e-12, "V V^T [" + p + "][" + q + "]");
      }
    }
    double[] values = e.values();
    for (int k = 1; k < d; k++) {
      assertTrue(values[k - 1] >= values[k], "descending at " + k);
    }
    for (int k = 0; k < d; k++) {
      // A v = lambda v, row by row.
      for (int i = 0; i < d; i++) {
        double av = 0;
        for (int j = 0; j < d; j++) {
          av += a[i][j] * v[k][j];
        }
        assertEquals(values[k] * v[k][i], av, atol, "A v = lambda v for pair " + k);
      }
      int arg = 0;
      for (int i = 1; i < d; i++) {
        arg = Math.abs(v[k][i]) > Math.abs(v[k][arg]) ? i : arg;
      }
      assertTrue(v[k][arg] > 0, "largest component of eigenvector " + k + " is positive");
    }
  }

  @Test
  void decomposesRandomSymmetricMatrices() {
    SplittableRandom rng = new SplittableRandom(20240611);
    for (int d : new int[] {1, 2, 3, 5, 10, 40, 120}) {
      assertDecomposes(randomSymmetric(d, rng), 1e-12 * d);
    }
  }

  @Test
  void decomposesSingularAndDegenerateMatrices() {
    SplittableRandom rng = new SplittableRandom(7);
    double[][] a = lowRank(30, 4, rng);
    assertDecomposes(a, 1e-11);
    double[] values = SymmetricEigen.of(a).values();
    for (int k = 4; k < 30; k++) {
      assertEquals(0, values[k], 1e-12, "eigenvalue " + k + " of a rank-4 matrix");
    }
    double[][] identity = new double[6][6];
    for (int i = 0; i < 6; i++) {
      identity[i][i] = 3;
    }
    assertDecomposes(identity, 0);
    assertDecomposes(new double[4][4], 0);
  }

  @Test
  void diagonalMatrixGivesSortedValuesAndUnitVectors() {
    SymmetricEigen e = SymmetricEigen.of(new double[][] {{1, 0, 0}, {0, -2, 0}, {0, 0, 5}});
    assertEquals(5, e.values()[0]);
    assertEquals(1, e.values()[1]);
    assertEquals(-2, e.values()[2]);
    assertEquals(1, e.vectors()[0][2]);
  }

  @Test
  void handlesWidelyScaledEntries() {
    // theta = (a_qq - a_pp) / (2 a_pq) is huge here; its square would overflow.
    assertDecomposes(new double[][] {{1e200, 1e-200}, {1e-200, -1e200}}, 1e-15 * 1e200);
    assertDecomposes(new double[][] {{1e-3, 1e-170}, {1e-170, 2e-3}}, 1e-18);
  }

  @Test
  void rejectsMalformedInput() {
    assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.of(new double[0][0]));
    assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.of(new double[][] {{1, 2}}));
    assertThrows(
        IllegalArgumentException.class, () -> SymmetricEigen.of(new double[][] {{1, 2}, {3, 1}}));
    assertThrows(
        IllegalArgumentException.class, () -> SymmetricEigen.of(new double[][] {{Double.NaN}}));
  }
}
