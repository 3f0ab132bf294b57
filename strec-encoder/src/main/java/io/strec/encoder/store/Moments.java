package io.strec.encoder.store;

/**
 * Per-dimension means and the covariance of a sample of vectors, accumulated in double after
 * centring (two passes), which keeps the cancellation of {@code E[x^2] - E[x]^2} out. Variances
 * divide by n (the maximum-likelihood estimate, like numpy's {@code bias=True}): fitted transforms
 * make their own training data exactly zero-mean with unit (co)variance under that convention.
 */
final class Moments {
  private Moments() {}

  /** Checks that {@code x} is a non-empty, rectangular, finite sample and returns its dimension. */
  static int dimension(float[][] x) {
    if (x.length == 0) {
      throw new IllegalArgumentException("cannot fit on zero vectors");
    }
    int d = x[0].length;
    if (d == 0) {
      throw new IllegalArgumentException("cannot fit on zero-dimensional vectors");
    }
    for (int r = 0; r < x.length; r++) {
      if (x[r].length != d) {
        throw new IllegalArgumentException(
            "vector " + r + " has " + x[r].length + " dimensions, vector 0 has " + d);
      }
      for (int c = 0; c < d; c++) {
        if (!Float.isFinite(x[r][c])) {
          throw new IllegalArgumentException(
              "vector " + r + " has " + x[r][c] + " at dimension " + c);
        }
      }
    }
    return d;
  }

  static double[] mean(float[][] x) {
    int d = dimension(x);
    double[] m = new double[d];
    for (float[] row : x) {
      for (int c = 0; c < d; c++) {
        m[c] += row[c];
      }
    }
    for (int c = 0; c < d; c++) {
      m[c] /= x.length;
    }
    return m;
  }

  /** The full covariance matrix around {@code mean}. */
  static double[][] covariance(float[][] x, double[] mean) {
    int d = mean.length;
    double[][] cov = new double[d][d];
    double[] centred = new double[d];
    for (float[] row : x) {
      for (int c = 0; c < d; c++) {
        centred[c] = row[c] - mean[c];
      }
      // Upper triangle only; the loop over j is contiguous and vectorises.
      for (int i = 0; i < d; i++) {
        double ci = centred[i];
        double[] out = cov[i];
        for (int j = i; j < d; j++) {
          out[j] += ci * centred[j];
        }
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        cov[i][j] /= x.length;
        cov[j][i] = cov[i][j];
      }
    }
    return cov;
  }

  /** Checks that {@code v} has the {@code d} values a transform was fitted for. */
  static void checkInput(float[] v, int d, String transform) {
    if (v.length != d) {
      throw new IllegalArgumentException(
          transform + " expects " + d + " dimensions, got " + v.length);
    }
  }
}
