package io.strec.encoder.store;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Eigendecomposition {@code A = V diag(values) V^T} of a real symmetric matrix by the cyclic Jacobi
 * method: sweep over every off-diagonal pair, zeroing it with a plane rotation, until the
 * off-diagonal mass is negligible. Each sweep costs O(d^3) and about 6-10 sweeps are needed, which
 * is fine for d up to ~1000; in exchange eigenvectors come out orthonormal to machine precision
 * even for clustered eigenvalues.
 *
 * <p>Eigenvalues are sorted descending (ties keep the rotation order) and every eigenvector is
 * signed so that its largest-magnitude component (the first, on ties) is positive, which makes
 * results reproducible across runs and implementations.
 */
public final class SymmetricEigen {
  private static final int MAX_SWEEPS = 100;

  private final double[] values;
  private final double[][] vectors;

  private SymmetricEigen(double[] values, double[][] vectors) {
    this.values = values;
    this.vectors = vectors;
  }

  /**
   * Decomposes {@code a}, which must be square, finite and symmetric to within 1e-9 of its largest
   * entry; the lower triangle is taken as given.
   */
  public static SymmetricEigen of(double[][] a) {
    int d = a.length;
    if (d == 0) {
      throw new IllegalArgumentException("empty matrix");
    }
    double scale = 0;
    for (int i = 0; i < d; i++) {
      if (a[i].length != d) {
        throw new IllegalArgumentException(
            "matrix is not square: row " + i + " has " + a[i].length + " entries, expected " + d);
      }
      for (double x : a[i]) {
        if (!Double.isFinite(x)) {
          throw new IllegalArgumentException("matrix has a non-finite entry " + x + " in row " + i);
        }
        scale = Math.max(scale, Math.abs(x));
      }
    }
    double[][] m = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        if (Math.abs(a[i][j] - a[j][i]) > 1e-9 * scale) {
          throw new IllegalArgumentException(
              "matrix is not symmetric: ["
                  + i
                  + "]["
                  + j
                  + "]="
                  + a[i][j]
                  + " but ["
                  + j
                  + "]["
                  + i
                  + "]="
                  + a[j][i]);
        }
        m[i][j] = i >= j ? a[i][j] : a[j][i];
      }
    }
    // Rows of vt are the eigenvectors, so that rotations touch contiguous memory.
    double[][] vt = new double[d][d];
    for (int i = 0; i < d; i++) {
      vt[i][i] = 1;
    }
    jacobi(m, vt);
    double[] diag = new double[d];
    for (int i = 0; i < d; i++) {
      diag[i] = m[i][i];
    }
    Integer[] order = IntStream.range(0, d).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> diag[i]).reversed());
    double[] values = new double[d];
    double[][] vectors = new double[d][];
    for (int r = 0; r < d; r++) {
      values[r] = diag[order[r]];
      vectors[r] = signed(vt[order[r]]);
    }
    return new SymmetricEigen(values, vectors);
  }

  private static void jacobi(double[][] a, double[][] vt) {
    int d = a.length;
    double total = 0;
    for (double[] row : a) {
      for (double x : row) {
        total += x * x;
      }
    }
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      double off = 0;
      for (int p = 0; p < d; p++) {
        for (int q = p + 1; q < d; q++) {
          off += a[p][q] * a[p][q];
        }
      }
      // Converged when the off-diagonal mass is at rounding level of the whole matrix.
      if (off <= 1e-30 * total || off == 0) {
        return;
      }
      for (int p = 0; p < d - 1; p++) {
        for (int q = p + 1; q < d; q++) {
          double apq = a[p][q];
          if (apq == 0) {
            continue;
          }
          double app = a[p][p];
          double aqq = a[q][q];
          // After a few sweeps, an entry too small to change either diagonal is simply dropped.
          if (sweep > 3
              && Math.abs(app) + 100 * Math.abs(apq) == Math.abs(app)
              && Math.abs(aqq) + 100 * Math.abs(apq) == Math.abs(aqq)) {
            a[p][q] = 0;
            a[q][p] = 0;
            continue;
          }
          rotate(a, vt, p, q, app, aqq, apq);
        }
      }
    }
    throw new ArithmeticException(
        "Jacobi eigendecomposition did not converge in " + MAX_SWEEPS + " sweeps");
  }

  /** Zeroes a[p][q] with the rotation that diagonalises the 2x2 block (Golub & Van Loan 8.5.2). */
  private static void rotate(
      double[][] a, double[][] vt, int p, int q, double app, double aqq, double apq) {
    double theta = (aqq - app) / (2 * apq);
    // The smaller root of t^2 + 2 theta t - 1 = 0, so |rotation angle| <= pi/4; for a huge theta,
    // theta^2 would overflow and t ~ 1 / (2 theta).
    double t =
        Math.abs(theta) > 1e150
            ? 0.5 / theta
            : Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
    if (theta == 0) {
      t = 1;
    }
    double c = 1 / Math.sqrt(t * t + 1);
    double s = t * c;
    double[] rp = a[p];
    double[] rq = a[q];
    int d = a.length;
    for (int k = 0; k < d; k++) {
      double akp = rp[k];
      double akq = rq[k];
      double np = c * akp - s * akq;
      double nq = s * akp + c * akq;
      rp[k] = np;
      rq[k] = nq;
      a[k][p] = np;
      a[k][q] = nq;
    }
    rp[p] = app - t * apq;
    rq[q] = aqq + t * apq;
    rp[q] = 0;
    rq[p] = 0;
    double[] vp = vt[p];
    double[] vq = vt[q];
    for (int k = 0; k < d; k++) {
      double x = vp[k];
      double y = vq[k];
      vp[k] = c * x - s * y;
      vq[k] = s * x + c * y;
    }
  }

  private static double[] signed(double[] v) {
    int arg = 0;
    for (int i = 1; i < v.length; i++) {
      if (Math.abs(v[i]) > Math.abs(v[arg])) {
        arg = i;
      }
    }
    double[] out = v.clone();
    if (out[arg] < 0) {
      for (int i = 0; i < out.length; i++) {
        out[i] = -out[i];
      }
    }
    return out;
  }

  public int dimension() {
    return values.length;
  }

  /** Eigenvalues, descending (a copy). */
  public double[] values() {
    return values.clone();
  }

  /** Unit eigenvectors as rows, row {@code i} belonging to {@code values()[i]} (a copy). */
  public double[][] vectors() {
    double[][] out = new double[vectors.length][];
    for (int i = 0; i < vectors.length; i++) {
      out[i] = vectors[i].clone();
    }
    return out;
  }

  /** {@code V diag(values) V^T}, the matrix this decomposes up to rounding. */
  public double[][] reconstruct() {
    int d = values.length;
    double[][] out = new double[d][d];
    for (int k = 0; k < d; k++) {
      double[] v = vectors[k];
      for (int i = 0; i < d; i++) {
        double f = values[k] * v[i];
        for (int j = 0; j < d; j++) {
          out[i][j] += f * v[j];
        }
      }
    }
    return out;
  }
}
