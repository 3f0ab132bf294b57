package io.strec.stm.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.strec.stm.data.ItemText;
import io.strec.stm.data.UnitRows;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The whitened text input: over the catalogue it was fitted on it has mean zero and unit covariance
 * (checked in float64 here, not through the whitening's own algebra), an item without text stays
 * zero, and the mean and matrix are fixed arrays that are saved and read with the weights but are
 * no trainable parameters.
 */
class TextWhiteningTest {
  private static final int N = 600;
  private static final int D = 8;

  /**
   * Anisotropic vectors like a sentence encoder's: a shared direction plus spreads of different
   * sizes per axis, and one item without text.
   */
  private static float[][] catalogue() {
    SplittableRandom rnd = new SplittableRandom(7);
    float[][] v = new float[N][D];
    for (int i = 0; i < N; i++) {
      for (int k = 0; k < D; k++) {
        v[i][k] = (float) (2.0 + rnd.nextGaussian() * (0.2 + 0.3 * k));
      }
    }
    v[13] = new float[D];
    return v;
  }

  private static float[][] whitened(float[][] v, Params params, NDManager m) {
    float[] unit = UnitRows.flatten(v, D);
    try (NDArray x = m.create(unit, new Shape(v.length, D));
        NDArray y = TextWhitening.apply(x, params)) {
      float[] flat = y.toFloatArray();
      float[][] out = new float[v.length][D];
      for (int i = 0; i < v.length; i++) {
        System.arraycopy(flat, i * D, out[i], 0, D);
      }
      return out;
    }
  }

  private static Params fitted(float[][] v, NDManager m) {
    Params params = new Params(m, DataType.FLOAT32);
    TextWhitening.declare(params, ItemText.of(v), true);
    return params;
  }

  @Test
  void theFittedCatalogueComesOutCentredWithUnitCovariance() {
    float[][] v = catalogue();
    try (NDManager m = NDManager.newBaseManager()) {
      Params params = fitted(v, m);
      float[][] y = whitened(v, params, m);
      assertArrayEquals(new float[D], y[13], 0f, "an item without text stays zero");
      double[] mean = new double[D];
      int n = 0;
      for (int i = 0; i < N; i++) {
        if (i == 13) {
          continue;
        }
        n++;
        for (int k = 0; k < D; k++) {
          mean[k] += y[i][k];
        }
      }
      for (int k = 0; k < D; k++) {
        mean[k] /= n;
        assertEquals(0, mean[k], 1e-4, "mean of dimension " + k);
      }
      for (int a = 0; a < D; a++) {
        for (int b = 0; b < D; b++) {
          double c = 0;
          for (int i = 0; i < N; i++) {
            if (i != 13) {
              c += (y[i][a] - mean[a]) * (y[i][b] - mean[b]);
            }
          }
          c /= n;
          // eps damps every direction by lambda / (lambda + eps); here lambda >= 1e-3.
          assertEquals(a == b ? 1 : 0, c, a == b ? 0.1 : 0.02, "covariance " + a + "," + b);
        }
      }
      // The unit rows were far from white: their variance per axis is about 1e-2 or less.
      float[] unit = UnitRows.flatten(v, D);
      double var0 = 0;
      double mean0 = 0;
      for (int i = 0; i < N; i++) {
        mean0 += unit[i * D];
      }
      mean0 /= N;
      for (int i = 0; i < N; i++) {
        var0 += (unit[i * D] - mean0) * (unit[i * D] - mean0);
      }
      assertTrue(var0 / N < 0.05, "unit rows' variance " + var0 / N);
    }
  }

  /**
   * No fitted item's vector is shortened, and one far from the catalogue is shortened to the
   * longest fitted one, keeping its direction: the unshortened vector is computed here in float64
   * from the fixed mean and matrix.
   */
  @Test
  void aTextUnlikeTheCatalogueIsShortenedToTheLongestFittedVector() {
    float[][] v = catalogue();
    try (NDManager m = NDManager.newBaseManager()) {
      Params params = fitted(v, m);
      float[] mean = params.values().get(TextWhitening.MEAN);
      float[] w = params.values().get(TextWhitening.MATRIX);
      float cap = params.values().get(TextWhitening.CAP)[0];
      float[][] y = whitened(v, params, m);
      double longest = 0;
      for (int i = 0; i < N; i++) {
        if (i == 13) {
          continue; // no text
        }
        double[] u = unshortened(v[i], mean, w);
        assertArrayEquals(toFloat(u), y[i], 1e-4f, "item " + i + " is not shortened");
        longest = Math.max(longest, length(u));
      }
      assertEquals(longest * (1 + 1e-4), cap, 1e-4 * cap);
      // The candidate furthest from the catalogue: a basis vector or the alternating one.
      float[] odd = null;
      double oddLength = 0;
      for (int k = 0; k <= D; k++) {
        float[] x = new float[D];
        for (int j = 0; j < D; j++) {
          x[j] = k == D ? (j % 2 == 0 ? 1 : -1) : (j == k ? 1 : 0);
        }
        double len = length(unshortened(x, mean, w));
        if (len > oddLength) {
          odd = x;
          oddLength = len;
        }
      }
      assertTrue(
          oddLength > 1.5 * cap, "no candidate is far enough: " + oddLength + ", cap " + cap);
      double[] u = unshortened(odd, mean, w);
      float[] got = whitened(new float[][] {odd}, params, m)[0];
      assertEquals(cap, length(toDouble(got)), 1e-4 * cap);
      for (int k = 0; k < D; k++) {
        assertEquals(u[k] * cap / oddLength, got[k], 1e-4 * cap, "direction, dimension " + k);
      }
    }
  }

  /** {@code (x / |x| - mean) W} in float64. */
  private static double[] unshortened(float[] x, float[] mean, float[] w) {
    double norm = 0;
    for (float a : x) {
      norm += (double) a * a;
    }
    norm = Math.sqrt(norm);
    double[] out = new double[D];
    for (int j = 0; j < D; j++) {
      for (int k = 0; k < D; k++) {
        out[j] += (x[k] / norm - mean[k]) * w[k * D + j];
      }
    }
    return out;
  }

  private static double length(double[] u) {
    double s = 0;
    for (double a : u) {
      s += a * a;
    }
    return Math.sqrt(s);
  }

  private static float[] toFloat(double[] u) {
    float[] f = new float[u.length];
    for (int i = 0; i < u.length; i++) {
      f[i] = (float) u[i];
    }
    return f;
  }

  private static double[] toDouble(float[] u) {
    double[] d = new double[u.length];
    for (int i = 0; i < u.length; i++) {
      d[i] = u[i];
    }
    return d;
  }

  @Test
  void fewerThanTwoItemsWithTextGiveTheUnitVectors() {
    float[][] v = new float[3][D];
    v[1] = new float[] {3, 0, 4, 0, 0, 0, 0, 0};
    try (NDManager m = NDManager.newBaseManager()) {
      Params params = new Params(m, DataType.FLOAT32);
      TextWhitening.declare(params, ItemText.of(v), true);
      float[][] y = whitened(v, params, m);
      assertArrayEquals(new float[] {0.6f, 0, 0.8f, 0, 0, 0, 0, 0}, y[1], 1e-6f);
      assertArrayEquals(new float[D], y[0], 0f);
    }
  }

  @Test
  void theWhiteningIsFixedSavedAndReadButNotTrained() throws IOException {
    float[][] v = catalogue();
    try (NDManager m = NDManager.newBaseManager()) {
      Params fitted = new Params(m, DataType.FLOAT32);
      fitted.normal("w", new SplittableRandom(1), 1, 2, 2);
      TextWhitening.declare(fitted, ItemText.of(v), true);
      assertEquals(java.util.Set.of("w"), fitted.all().keySet(), "only trainable ones");
      assertEquals(4, fitted.size());
      assertFalse(fitted.get(TextWhitening.MEAN).hasGradient());
      assertEquals(
          java.util.List.of("w", TextWhitening.MEAN, TextWhitening.MATRIX, TextWhitening.CAP),
          fitted.names());
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        fitted.write(out);
      }
      Params read = Params.placeholders(m, DataType.FLOAT32);
      read.normal("w", new SplittableRandom(2), 1, 2, 2);
      TextWhitening.declare(read, ItemText.of(v), false);
      try (DataInputStream in =
          new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        read.read(in);
      }
      assertArrayEquals(
          fitted.values().get(TextWhitening.MATRIX), read.values().get(TextWhitening.MATRIX));
      assertArrayEquals(
          fitted.values().get(TextWhitening.MEAN), read.values().get(TextWhitening.MEAN));
      assertArrayEquals(whitened(v, fitted, m)[5], whitened(v, read, m)[5]);
    }
  }
}
