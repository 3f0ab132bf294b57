package io.strec.stm.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.strec.stm.Ablation;
import io.strec.stm.Devices;
import io.strec.stm.StmConfig;
import io.strec.stm.data.Batch;
import io.strec.stm.data.TestBatches;
import io.strec.stm.testing.Fixtures;
import io.strec.util.Geo;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The dense score terms are components: the network creates the parameters each declares, keeps
 * weight decay off them as they say, sums them in order and reports them by name; and each one's
 * values equal its formula computed here in double from the same inputs.
 */
class DenseTermTest {
  private static final int N = 5;

  /** Item places: the last item has none. */
  private static final double[] LAT = {40.70, 40.72, 40.75, 40.60, Double.NaN};

  private static final double[] LON = {-74.00, -73.98, -74.05, -73.90, Double.NaN};
  private static final int[] COUNTS = {0, 1, 4, 9, 30};

  private static Network network(NDManager m, StmConfig c) {
    return new Network(
        c,
        m,
        DataType.FLOAT32,
        Fixtures.vectors(N, 6, 2),
        COUNTS,
        LAT,
        LON,
        4,
        new SplittableRandom(1));
  }

  @Test
  void theNetworkDeclaresEachTermsParametersAndKeepsDecayOffThem() {
    StmConfig c = Fixtures.tiny(1);
    try (NDManager m = NDManager.newBaseManager(Devices.configured())) {
      Network net = network(m, c);
      assertEquals(
          List.of("interest", "prior", "distance"),
          net.denseTerms().stream().map(ScoreTerm::name).toList());
      assertEquals(
          List.of("interest", "prior", "distance", "repeat", "transition", "similar"),
          net.terms().stream().map(ScoreTerm::name).toList());
      Params p = net.params();
      assertEquals(new Shape(1), p.get("pop.w").getShape());
      assertEquals(new Shape(N), p.get("id.bias").getShape());
      assertEquals(new Shape(c.dim(), 2), p.get("dist.w").getShape());
      assertArrayEquals(new float[] {-0.3f, 1f}, p.get("dist.b").toFloatArray());
      Set<String> decayed = net.decayed();
      for (String name : p.names()) {
        for (DenseTerm t : net.denseTerms()) {
          if (t.owns(name)) {
            assertFalse(decayed.contains(name), name + " is " + t + "'s and not decayed");
          }
        }
      }
      assertTrue(decayed.contains("id.emb"), "the encoder's embeddings still decay");
      assertTrue(decayed.contains("l0.ff.w1"), "the encoder's matrices still decay");
      assertFalse(decayed.contains("l0.ln1.b"), "a vector is never decayed");
    }
  }

  @Test
  void withoutItemIdsThePriorHasNoItemBias() {
    StmConfig c = Fixtures.tiny(1).withAblations(EnumSet.of(Ablation.ID));
    try (NDManager m = NDManager.newBaseManager(Devices.configured())) {
      Network net = network(m, c);
      assertFalse(net.params().has("id.bias"));
      assertTrue(net.params().has("pop.w"));
      float[] prior = net.itemPrior();
      assertArrayEquals(new float[N], prior, "pop.w starts at 0");
    }
  }

  @Test
  void priorAndDistanceEqualTheirFormulas() {
    StmConfig c = Fixtures.tiny(1);
    double lonScale = Math.cos(Math.toRadians(40.7));
    float[] qLat = {40.71f, 40.80f, 0f};
    float[] qLon = {-74.01f, -73.95f, 0f};
    float[] qHas = {1f, 1f, 0f};
    double far = -0.4;
    double near = 1.7;
    float[] bias = {0.1f, -0.2f, 0.3f, 0f, 0.05f};
    try (NDManager m = NDManager.newBaseManager(Devices.configured())) {
      Network net = network(m, c);
      PriorTerm prior = new PriorTerm(logCount(m), seen(m), N, true);
      DistanceTerm distance = new DistanceTerm(LAT, LON, lonScale, m, DataType.FLOAT32);
      try (NDManager step = m.newSubManager()) {
        Map<String, NDArray> w = new HashMap<>(net.params().viewsIn(step, true));
        w.put("pop.w", step.create(new float[] {0.5f}));
        w.put("id.bias", step.create(bias));
        w.put("dist.w", step.zeros(new Shape(c.dim(), 2)));
        w.put("dist.b", step.create(new float[] {(float) far, (float) near}));
        Batch bt = TestBatches.queries(qLat, qLon, qHas);
        NDArray u = step.ones(new Shape(3, c.dim()));
        NDArray coef = distance.coefficients(step, w, u, bt);
        assertArrayEquals(
            new float[] {(float) far, (float) near, (float) far, (float) near, 0f, 0f},
            coef.toFloatArray(),
            1e-6f,
            "a query without a place has no distance coefficients");
        Network.QueryTerms q = new Network.QueryTerms(u, coef, List.of(), null);
        DenseTerm.Step s = step(step, bt, w, q, c.dim());

        float[] p = prior.values(s).orElseThrow().toFloatArray();
        for (int i = 0; i < N; i++) {
          // An item never seen in training (item 0) has no bias.
          double want = 0.5 * Math.log1p(COUNTS[i]) + (COUNTS[i] > 0 ? bias[i] : 0);
          assertEquals(want, p[i], 1e-5, "prior of item " + i);
        }
        assertEquals(0f, p[0], "item 0 was never seen: neither popularity nor bias");

        float[] d = distance.values(s).orElseThrow().toFloatArray();
        for (int k = 0; k < 3; k++) {
          for (int i = 0; i < N; i++) {
            double want = 0;
            if (qHas[k] > 0 && !Double.isNaN(LAT[i])) {
              double dy = (LAT[i] - qLat[k]) * Geo.KM_PER_DEGREE;
              double dx = (LON[i] - qLon[k]) * Geo.KM_PER_DEGREE * lonScale;
              double d2 = dx * dx + dy * dy;
              want = far * Math.log(1 + 100 * d2) + near * Math.exp(-4 * Math.min(d2, 11));
            }
            assertEquals(
                want, d[k * N + i], 2e-4 + 1e-4 * Math.abs(want), "query " + k + " item " + i);
          }
        }
        // Training adds the two bases in place: the same values.
        NDArray logits = step.zeros(new Shape(3, N));
        distance.addTo(logits, s);
        assertArrayEquals(d, logits.toFloatArray(), 1e-5f);

        // With the training places' bases kept, training reads them: the same values, whether the
        // places come in the queries' order or not; a step with a place not kept computes them.
        distance.trainingPlaces(new float[] {40.80f, 40.71f}, new float[] {-73.95f, -74.01f});
        assertTrue(distance.keptBases(s) != null, "every query's place is kept");
        NDArray kept = step.zeros(new Shape(3, N));
        distance.addTo(kept, s);
        assertArrayEquals(logits.toFloatArray(), kept.toFloatArray(), 1e-6f);
        distance.trainingPlaces(new float[] {40.80f}, new float[] {-73.95f});
        assertTrue(distance.keptBases(s) == null, "the place of query 0 is not kept");
        NDArray missing = step.zeros(new Shape(3, N));
        distance.addTo(missing, s);
        assertArrayEquals(logits.toFloatArray(), missing.toFloatArray(), 1e-6f);
        distance.forgetTrainingPlaces();

        Batch nowhere = TestBatches.queries(qLat, qLon, new float[3]);
        DenseTerm.Step none = step(step, nowhere, w, q, c.dim());
        assertTrue(distance.values(none).isEmpty(), "no query has a place: the term is zero");
        NDArray untouched = step.ones(new Shape(3, N));
        distance.addTo(untouched, none);
        float[] ones = new float[3 * N];
        Arrays.fill(ones, 1f);
        assertArrayEquals(ones, untouched.toFloatArray());
      }
    }
  }

  /** The step of {@code bt} over the whole catalogue, with zero item vectors (no interest). */
  private static DenseTerm.Step step(
      NDManager step, Batch bt, Map<String, NDArray> w, Network.QueryTerms q, int d) {
    return new DenseTerm.Step(
        step, bt, w, q, step.zeros(new Shape(N, d)), ItemTable.whole(N), ItemRows.none());
  }

  private static NDArray seen(NDManager m) {
    float[] sn = new float[N];
    for (int i = 0; i < N; i++) {
      sn[i] = COUNTS[i] > 0 ? 1f : 0f;
    }
    return m.create(sn, new Shape(N, 1));
  }

  private static NDArray logCount(NDManager m) {
    float[] lc = new float[N];
    for (int i = 0; i < N; i++) {
      lc[i] = (float) Math.log1p(COUNTS[i]);
    }
    return m.create(lc, new Shape(N, 1));
  }
}
