package io.strec.stm.nn;

/**
 * Row-major float32 kernels of the Java forward pass ({@link QueryForward}), each doing what the
 * engine op of {@link Layers} it stands for does, to float rounding. The inner loops have the axpy
 * form {@code out[j] += a * w[k * n + j]} over contiguous rows, which the JIT vectorises.
 */
final class FloatOps {
  /** {@link Layers#layerNorm}'s epsilon, added to the variance before the square root. */
  private static final float LN_EPS = 1e-5f;

  private static final double SQRT_HALF = Math.sqrt(0.5);

  /** Coefficients of the polynomial in {@code t} in the exponent of {@link #erf}'s erfc fit. */
  private static final double[] ERFC = {
    -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806,
    0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277
  };

  private FloatOps() {}

  /**
   * {@code out[rows x n] = x[rows x k] W[k x n]}, overwriting {@code out}; {@code x} starts at
   * {@code xOff}, {@code W} is given by rows ({@link #rows}).
   *
   * <p>The JIT vectorises the inner loop only where it can tell that the array it stores to is not
   * the one it loads from: a row array of {@code W} and an accumulator allocated here (a flat
   * {@code W} and output, with offsets, ran about 4 times slower). Four rows of {@code W} go into
   * each pass, which halves the loop's fixed cost again.
   */
  static void matMul(float[] x, int xOff, int rows, float[][] w, float[] out) {
    int k = w.length;
    int n = w[0].length;
    float[] acc = new float[n];
    for (int i = 0; i < rows; i++) {
      java.util.Arrays.fill(acc, 0f);
      int xi = xOff + i * k;
      int kk = 0;
      for (; kk + 3 < k; kk += 4) {
        float a0 = x[xi + kk];
        float a1 = x[xi + kk + 1];
        float a2 = x[xi + kk + 2];
        float a3 = x[xi + kk + 3];
        float[] w0 = w[kk];
        float[] w1 = w[kk + 1];
        float[] w2 = w[kk + 2];
        float[] w3 = w[kk + 3];
        for (int j = 0; j < n; j++) {
          acc[j] += a0 * w0[j] + a1 * w1[j] + a2 * w2[j] + a3 * w3[j];
        }
      }
      for (; kk < k; kk++) {
        float a = x[xi + kk];
        float[] wk = w[kk];
        for (int j = 0; j < n; j++) {
          acc[j] += a * wk[j];
        }
      }
      System.arraycopy(acc, 0, out, i * n, n);
    }
  }

  /** The rows of a row-major (rows x n) matrix, for {@link #matMul}. */
  static float[][] rows(float[] flat, int n) {
    if (n < 1 || flat.length % n != 0) {
      throw new IllegalArgumentException(flat.length + " values are not rows of " + n);
    }
    float[][] out = new float[flat.length / n][];
    for (int r = 0; r < out.length; r++) {
      out[r] = java.util.Arrays.copyOfRange(flat, r * n, (r + 1) * n);
    }
    return out;
  }

  /** Adds the row {@code b[n]} to each of the {@code rows} rows of {@code y}. */
  static void addRow(float[] y, int rows, float[] b) {
    int n = b.length;
    for (int i = 0; i < rows; i++) {
      int o = i * n;
      for (int j = 0; j < n; j++) {
        y[o + j] += b[j];
      }
    }
  }

  /**
   * {@link Layers#layerNorm} of each row of {@code x[rows x d]} into {@code out}: centred by the
   * mean, divided by the square root of the biased variance of the centred values plus {@code
   * 1e-5}, then {@code * g + b}. Sums are in double.
   */
  static void layerNorm(float[] x, int xOff, int rows, int d, float[] g, float[] b, float[] out) {
    for (int i = 0; i < rows; i++) {
      int xi = xOff + i * d;
      int o = i * d;
      double sum = 0;
      for (int j = 0; j < d; j++) {
        sum += x[xi + j];
      }
      float mean = (float) (sum / d);
      double sq = 0;
      for (int j = 0; j < d; j++) {
        float c = x[xi + j] - mean;
        out[o + j] = c;
        sq += (double) c * c;
      }
      float var = (float) (sq / d);
      float sd = (float) Math.sqrt(var + LN_EPS);
      for (int j = 0; j < d; j++) {
        out[o + j] = out[o + j] / sd * g[j] + b[j];
      }
    }
  }

  /** The exact GELU, {@code 0.5 x (1 + erf(x / sqrt 2))} (torch's default), in place. */
  static void gelu(float[] x, int len) {
    for (int i = 0; i < len; i++) {
      x[i] = gelu(x[i]);
    }
  }

  static float gelu(float x) {
    return (float) (0.5 * x * (1 + erf(x * SQRT_HALF)));
  }

  /**
   * The error function from the Chebyshev fit of {@code erfc} in Numerical Recipes (2nd ed., §6.2,
   * {@code erfcc}): the fractional error of {@code erfc} is below 1.2e-7 everywhere, so that of
   * {@code 1 + erf} in the GELU is too (about float precision).
   */
  static double erf(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double p = ERFC[ERFC.length - 1];
    for (int i = ERFC.length - 2; i >= 0; i--) {
      p = ERFC[i] + t * p;
    }
    double erfc = t * Math.exp(-z * z + p);
    return x >= 0 ? 1 - erfc : erfc - 1;
  }
}
