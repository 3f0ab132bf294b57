package io.strec.encoder.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transforms against numpy/LAPACK on a fixed 12 x 5 matrix: the values come from {@code
 * reference/store/transforms_reference.py}, checked in beside its output; rerun it to regenerate.
 */
class TransformsReferenceTest {
  static final double RTOL = 1e-6;

  /** Only matters for entries that are zero up to rounding. */
  static final double ATOL = 1e-12;

  static JsonNode ref;
  static float[][] x;
  static float[][] probes;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in =
        TransformsReferenceTest.class.getResourceAsStream(
            "/reference/store/transforms_reference.json")) {
      assertTrue(in != null, "reference/store/transforms_reference.json is on the test class path");
      ref = new ObjectMapper().readTree(in);
    }
    x = floats(ref.get("matrix"));
    probes = floats(ref.get("probes"));
  }

  static float[][] floats(JsonNode rows) {
    float[][] out = new float[rows.size()][];
    for (int r = 0; r < out.length; r++) {
      out[r] = new float[rows.get(r).size()];
      for (int c = 0; c < out[r].length; c++) {
        double v = rows.get(r).get(c).asDouble();
        out[r][c] = (float) v;
        assertEquals(v, out[r][c], 0.0, "the script writes float32 values exactly");
      }
    }
    return out;
  }

  static void assertClose(double expected, double actual, String what) {
    assertTrue(
        Math.abs(expected - actual) <= ATOL + RTOL * Math.abs(expected),
        what + ": expected " + expected + ", got " + actual + " (rtol " + RTOL + ")");
  }

  static void assertRowsClose(JsonNode expected, float[][] actual, String what) {
    assertEquals(expected.size(), actual.length, what + ": rows");
    for (int r = 0; r < actual.length; r++) {
      assertEquals(expected.get(r).size(), actual[r].length, what + ": columns of row " + r);
      for (int c = 0; c < actual[r].length; c++) {
        assertClose(
            expected.get(r).get(c).asDouble(), actual[r][c], what + "[" + r + "][" + c + "]");
      }
    }
  }

  @Test
  void covarianceAndEigenpairsMatchLapack() {
    double[] mean = Moments.mean(x);
    double[][] cov = Moments.covariance(x, mean);
    for (int i = 0; i < mean.length; i++) {
      assertClose(ref.get("mean").get(i).asDouble(), mean[i], "mean[" + i + "]");
      for (int j = 0; j < mean.length; j++) {
        assertClose(
            ref.get("covariance").get(i).get(j).asDouble(), cov[i][j], "cov[" + i + "][" + j + "]");
      }
    }
    SymmetricEigen e = SymmetricEigen.of(cov);
    double[] values = e.values();
    double[][] vectors = e.vectors();
    for (int k = 0; k < values.length; k++) {
      assertClose(ref.get("eigenvalues").get(k).asDouble(), values[k], "eigenvalue " + k);
      for (int i = 0; i < values.length; i++) {
        // The same sign convention on both sides, so the vectors compare directly.
        assertClose(
            ref.get("eigenvectors").get(k).get(i).asDouble(),
            vectors[k][i],
            "eigenvector " + k + "[" + i + "]");
      }
    }
  }

  @Test
  void standardizeMatchesNumpy() {
    Standardize s = Standardize.fit(x);
    assertRowsClose(ref.get("standardized"), s.applyAll(x), "standardized");
    assertRowsClose(ref.get("standardized_probes"), s.applyAll(probes), "standardized probes");
  }

  @Test
  void whiteningMatchesNumpy() {
    Whitening w = Whitening.fit(x, 0);
    assertRowsClose(ref.get("whitened"), w.applyAll(x), "whitened");
    assertRowsClose(ref.get("whitened_probes"), w.applyAll(probes), "whitened probes");
    Whitening damped = Whitening.fit(x, ref.get("whitening_epsilon").asDouble());
    assertRowsClose(ref.get("whitened_epsilon"), damped.applyAll(x), "whitened with epsilon");
  }

  @Test
  void pcaMatchesNumpy() {
    int k = ref.get("pca_k").asInt();
    Pca pca = Pca.fit(x, k);
    assertRowsClose(ref.get("pca"), pca.applyAll(x), "pca");
    assertRowsClose(ref.get("pca_probes"), pca.applyAll(probes), "pca probes");
    assertClose(
        ref.get("pca_explained_variance_ratio").asDouble(),
        pca.explainedVarianceRatio(),
        "explained variance ratio");
    Pca white = Pca.fitWhitened(x, k, 0);
    assertRowsClose(ref.get("pca_whitened"), white.applyAll(x), "whitened pca");
    assertRowsClose(ref.get("pca_whitened_probes"), white.applyAll(probes), "whitened pca probes");
  }
}
