package io.strec.stm.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The float kernels of the Java forward pass against independent computations: {@code erf} and the
 * exact GELU against Python's {@code math.erf}, layer normalisation and the matrix product against
 * double-precision sums.
 */
class FloatOpsTest {
  /**
   * {x, erf(x), gelu(x)} from CPython 3 ({@code math.erf} is the C library's, accurate to double):
   *
   * <pre>
   * import math
   * for x in xs:
   *     print(x, math.erf(x), 0.5 * x * (1 + math.erf(x / math.sqrt(2))))
   * </pre>
   */
  private static final double[][] REFERENCE = {
    {-6.0, -1.0, -5.919525869479969e-09},
    {-3.5, -0.9999992569016276, -0.0008142017766243903},
    {-2.0, -0.9953222650189527, -0.04550026389635842},
    {-1.0, -0.8427007929497149, -0.15865525393145707},
    {-0.5, -0.5204998778130465, -0.15426876936299344},
    {-0.1, -0.1124629160182849, -0.0460172162722971},
    {-0.001, -0.0011283787909692365, -0.000499601057786089},
    {0.0, 0.0, 0.0},
    {0.001, 0.0011283787909692365, 0.000500398942213911},
    {0.1, 0.1124629160182849, 0.053982783727702904},
    {0.3, 0.3286267594591274, 0.18537342665668577},
    {0.5, 0.5204998778130465, 0.34573123063700656},
    {0.8, 0.7421009647076605, 0.6305156811332827},
    {1.0, 0.8427007929497149, 0.8413447460685429},
    {1.5, 0.9661051464753108, 1.399789198096713},
    {2.0, 0.9953222650189527, 1.9544997361036416},
    {2.5, 0.999593047982555, 2.4844758366855597},
    {3.0, 0.9999779095030014, 2.99595030590511},
    {4.0, 0.9999999845827421, 3.9998733150326675},
    {6.0, 1.0, 5.999999994080474},
  };

  @Test
  void erfMatchesTheReferenceToItsStatedError() {
    for (double[] r : REFERENCE) {
      // erfc = 1 - erf has fractional error below 1.2e-7.
      double erfc = 1 - Math.abs(r[1]);
      assertEquals(r[1], FloatOps.erf(r[0]), 1.2e-7 * erfc + 1e-15, "erf(" + r[0] + ")");
    }
  }

  @Test
  void geluMatchesTheReferenceToFloatPrecision() {
    for (double[] r : REFERENCE) {
      float x = (float) r[0];
      assertEquals(r[2], FloatOps.gelu(x), 2.5e-7 * Math.abs(r[2]) + 1e-30, "gelu(" + x + ")");
    }
  }

  @Test
  void layerNormOfRandomRowsMatchesADoubleComputation() {
    SplittableRandom rnd = new SplittableRandom(5);
    int rows = 7;
    int d = 24;
    float[] x = new float[rows * d];
    float[] g = new float[d];
    float[] b = new float[d];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (3 + 2 * rnd.nextGaussian());
    }
    for (int j = 0; j < d; j++) {
      g[j] = (float) rnd.nextGaussian();
      b[j] = (float) rnd.nextGaussian();
    }
    float[] out = new float[rows * d];
    FloatOps.layerNorm(x, 0, rows, d, g, b, out);
    for (int i = 0; i < rows; i++) {
      double mean = 0;
      for (int j = 0; j < d; j++) {
        mean += x[i * d + j];
      }
      mean /= d;
      double var = 0;
      for (int j = 0; j < d; j++) {
        var += (x[i * d + j] - mean) * (x[i * d + j] - mean);
      }
      var /= d;
      for (int j = 0; j < d; j++) {
        double want = (x[i * d + j] - mean) / Math.sqrt(var + 1e-5) * g[j] + b[j];
        assertEquals(want, out[i * d + j], 1e-5 * (1 + Math.abs(want)), "row " + i + " col " + j);
      }
    }
  }

  @Test
  void matMulMatchesADoubleSum() {
    SplittableRandom rnd = new SplittableRandom(9);
    int rows = 5;
    int k = 33;
    int n = 70;
    int off = 3;
    float[] x = new float[off + rows * k];
    float[] w = new float[k * n];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) rnd.nextGaussian();
    }
    float[] out = new float[rows * n];
    java.util.Arrays.fill(out, 42f);
    FloatOps.matMul(x, off, rows, FloatOps.rows(w, n), out);
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < n; j++) {
        double want = 0;
        for (int kk = 0; kk < k; kk++) {
          want += (double) x[off + i * k + kk] * w[kk * n + j];
        }
        assertEquals(want, out[i * n + j], 1e-5 * k, "row " + i + " col " + j);
      }
    }
  }
}
