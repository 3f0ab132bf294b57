package io.strec.stm.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * AdamW against an independent plain-Java Adam (the update rule written out per entry in float64):
 * dense steps with clipping and decoupled weight decay, and lazy steps of per-item rows, which move
 * only the rows given, keep the moments of the others, and equal the dense step when every row is
 * given.
 */
class AdamWTest {
  private static final double B1 = 0.9;
  private static final double B2 = 0.999;
  private static final double EPS = 1e-8;
  private static final double LR = 0.05;
  private static final double WD = 0.1;

  /** One entry's Adam state in the reference. */
  private static final class Ref {
    final double[] p;
    final double[] m;
    final double[] v;

    Ref(double[] p) {
      this.p = p.clone();
      this.m = new double[p.length];
      this.v = new double[p.length];
    }

    void step(int k, double g, boolean decays, double lr, long t) {
      m[k] = B1 * m[k] + (1 - B1) * g;
      v[k] = B2 * v[k] + (1 - B2) * g * g;
      if (decays) {
        p[k] *= 1 - lr * WD;
      }
      double mh = m[k] / (1 - Math.pow(B1, (double) t));
      double vh = v[k] / (1 - Math.pow(B2, (double) t));
      p[k] -= lr * mh / (Math.sqrt(vh) + EPS);
    }
  }

  /** Gradients {@code g} on {@code p} through a real backward pass: loss = sum(p * g). */
  private static void backward(NDManager m, NDArray p, float[] g) {
    try (NDManager step = m.newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray c = step.create(g, p.getShape());
      gc.backward(p.mul(c).sum());
    }
  }

  private static double[] values(NDArray a) {
    float[] f = a.toFloatArray();
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  private static void assertClose(double[] want, NDArray got, String what) {
    float[] g = got.toFloatArray();
    assertEquals(want.length, g.length, what);
    for (int i = 0; i < g.length; i++) {
      assertEquals(want[i], g[i], 1e-6 + 1e-5 * Math.abs(want[i]), what + "[" + i + "]");
    }
  }

  @Test
  void denseStepsFollowTheReferenceWithClippingAndDecoupledDecay() {
    try (NDManager m = NDManager.newBaseManager()) {
      Params params = new Params(m, DataType.FLOAT32);
      NDArray w = params.add("w", new double[] {0.5, -0.25, 1.0, 2.0});
      NDArray b = params.add("b", new double[] {0.1, -0.1});
      AdamW opt = new AdamW(params, m, LR, WD, 1, 100, Set.of("w"));
      Ref rw = new Ref(values(w));
      Ref rb = new Ref(values(b));
      // The second step's gradient norm (about 20) is above MAX_NORM: it is scaled to 5.
      float[][] gw = {{0.3f, -0.2f, 0.1f, 0.0f}, {10f, -10f, 10f, 10f}, {-0.5f, 0.25f, 0f, 1f}};
      float[][] gb = {{1f, -1f}, {5f, 5f}, {0.01f, 0f}};
      for (int s = 0; s < gw.length; s++) {
        backward(m, w, gw[s]);
        backward(m, b, gb[s]);
        double sq = 0;
        for (float x : gw[s]) {
          sq += x * x;
        }
        for (float x : gb[s]) {
          sq += x * x;
        }
        double norm = Math.sqrt(sq);
        assertEquals(norm, opt.gradientNorm(), 1e-5, "norm at step " + s);
        double clip = norm > AdamW.MAX_NORM ? AdamW.MAX_NORM / norm : 1;
        double lr = opt.rate(s);
        assertTrue(opt.update());
        for (int k = 0; k < gw[s].length; k++) {
          rw.step(k, gw[s][k] * clip, true, lr, s + 1);
        }
        for (int k = 0; k < gb[s].length; k++) {
          rb.step(k, gb[s][k] * clip, false, lr, s + 1);
        }
        assertClose(rw.p, w, "w after step " + (s + 1));
        assertClose(rb.p, b, "b after step " + (s + 1));
        assertEquals(0.0, opt.gradientNorm(), 0.0, "gradients are zeroed after the update");
      }
    }
  }

  @Test
  void rowStepsMoveOnlyTheirRowsAndKeepTheOthersMoments() {
    int n = 5;
    int d = 2;
    try (NDManager m = NDManager.newBaseManager()) {
      Params params = new Params(m, DataType.FLOAT32);
      double[] init = {0.1, 0.2, -0.3, 0.4, 0.5, -0.6, 0.7, 0.8, -0.9, 1.0};
      NDArray emb = table(params, "id.emb", init, n, d);
      NDArray dense = params.add("w", new double[] {1.0, -1.0});
      AdamW opt = new AdamW(params, m, LR, WD, 1, 100, Set.of("id.emb"));
      Ref ref = new Ref(init);
      Ref rw = new Ref(values(dense));
      long[][] ids = {{3, 1}, {1, 4}};
      float[][] rows = {{0.5f, -0.5f, 2f, 1f}, {-1f, 0.25f, 3f, -3f}};
      float[][] gw = {{0.1f, 0.2f}, {4f, 0f}};
      for (int s = 0; s < ids.length; s++) {
        backward(m, dense, gw[s]);
        double sq = 0;
        for (float x : rows[s]) {
          sq += x * x;
        }
        for (float x : gw[s]) {
          sq += x * x;
        }
        double norm = Math.sqrt(sq);
        double clip = norm > AdamW.MAX_NORM ? AdamW.MAX_NORM / norm : 1;
        double lr = opt.rate(s);
        double[] before = values(emb);
        try (NDManager tmp = m.newSubManager();
            ItemRows.Gradients g =
                ItemRows.Gradients.of(
                    m,
                    ids[s],
                    Map.of("id.emb", tmp.create(rows[s], new Shape(ids[s].length, d))))) {
          assertTrue(opt.update(g));
        }
        boolean[] touched = new boolean[n];
        for (int r = 0; r < ids[s].length; r++) {
          int row = (int) ids[s][r];
          touched[row] = true;
          for (int j = 0; j < d; j++) {
            ref.step(row * d + j, rows[s][r * d + j] * clip, true, lr, s + 1);
          }
        }
        for (int k = 0; k < gw[s].length; k++) {
          rw.step(k, gw[s][k] * clip, false, lr, s + 1);
        }
        assertClose(ref.p, emb, "id.emb after step " + (s + 1));
        assertClose(rw.p, dense, "w after step " + (s + 1));
        double[] after = values(emb);
        for (int row = 0; row < n; row++) {
          if (!touched[row]) {
            for (int j = 0; j < d; j++) {
              assertEquals(
                  before[row * d + j], after[row * d + j], 0.0, "row " + row + " was not read");
            }
          }
        }
      }
    }
  }

  @Test
  void everyRowGivenIsTheDenseStepOfATable() {
    int n = 4;
    int d = 3;
    float[] g = new float[n * d];
    for (int i = 0; i < g.length; i++) {
      g[i] = (float) Math.sin(i + 1);
    }
    double[] init = new double[n * d];
    for (int i = 0; i < init.length; i++) {
      init[i] = 0.1 * i - 0.5;
    }
    float[] viaDense;
    float[] viaRows;
    try (NDManager m = NDManager.newBaseManager()) {
      Params params = new Params(m, DataType.FLOAT32);
      NDArray emb = table(params, "id.emb", init, n, d);
      AdamW opt = new AdamW(params, m, LR, WD, 1, 100, Set.of("id.emb"));
      for (int s = 0; s < 2; s++) {
        backward(m, emb, g);
        assertTrue(opt.update());
      }
      viaDense = emb.toFloatArray();
    }
    try (NDManager m = NDManager.newBaseManager()) {
      Params params = new Params(m, DataType.FLOAT32);
      NDArray emb = table(params, "id.emb", init, n, d);
      AdamW opt = new AdamW(params, m, LR, WD, 1, 100, Set.of("id.emb"));
      long[] all = {2, 0, 3, 1};
      float[] permuted = new float[n * d];
      for (int r = 0; r < n; r++) {
        System.arraycopy(g, (int) all[r] * d, permuted, r * d, d);
      }
      for (int s = 0; s < 2; s++) {
        try (NDManager tmp = m.newSubManager();
            ItemRows.Gradients rg =
                ItemRows.Gradients.of(
                    m, all, Map.of("id.emb", tmp.create(permuted, new Shape(n, d))))) {
          assertTrue(opt.update(rg));
        }
      }
      viaRows = emb.toFloatArray();
    }
    assertArrayEquals(viaDense, viaRows, 1e-6f);
  }

  /**
   * The step in Java over the arrays' memory (the CPU's) is the engine operations' step bit for
   * bit: weights of several sizes, decayed and not, over steps with and without clipping, and their
   * gradients zeroed after it. The gradient norms are summed in another order, so the steps here
   * are checked one at a time from the same state, the clipped one included.
   */
  @Test
  void theJavaStepIsTheEngineStepBitForBit() {
    int[] sizes = {1, 7, 64, 1000, 70_000};
    float[][] javaWeights = new float[sizes.length][];
    float[][] engineWeights = new float[sizes.length][];
    for (boolean inJava : new boolean[] {true, false}) {
      try (NDManager m = NDManager.newBaseManager()) {
        Params params = new Params(m, DataType.FLOAT32);
        java.util.Set<String> decayed = new java.util.HashSet<>();
        for (int k = 0; k < sizes.length; k++) {
          double[] init = new double[sizes[k]];
          for (int i = 0; i < init.length; i++) {
            init[i] = Math.sin(7.0 * i + k) * 0.3;
          }
          params.add("w" + k, init);
          if (k % 2 == 0) {
            decayed.add("w" + k);
          }
        }
        AdamW opt = new AdamW(params, m, LR, WD, 2, 10, decayed, inJava);
        assertEquals(inJava, opt.onHost(), "where the step runs");
        // Step 3's gradients (entries up to 9) have a norm far above MAX_NORM: clipped.
        for (int s = 0; s < 5; s++) {
          for (int k = 0; k < sizes.length; k++) {
            float[] g = new float[sizes[k]];
            for (int i = 0; i < g.length; i++) {
              g[i] = (float) (Math.cos(3.1 * i + 1.7 * s + k) * (s == 2 ? 9 : 0.05 * (s + 1)));
            }
            backward(m, params.get("w" + k), g);
          }
          assertTrue(opt.update(), "step " + s);
          assertEquals(0.0, opt.gradientNorm(), 0.0, "gradients zeroed after step " + s);
        }
        for (int k = 0; k < sizes.length; k++) {
          (inJava ? javaWeights : engineWeights)[k] = params.get("w" + k).toFloatArray();
        }
      }
    }
    for (int k = 0; k < sizes.length; k++) {
      assertArrayEquals(engineWeights[k], javaWeights[k], 0f, "w" + k + " (" + sizes[k] + ")");
    }
  }

  /** A new (n x d) parameter {@code name} of {@code params} holding {@code init} row-major. */
  private static NDArray table(Params params, String name, double[] init, int n, int d) {
    NDArray t = params.constant(name, 0, n, d);
    float[] f = new float[init.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) init[i];
    }
    Params.set(t, f);
    return t;
  }

  /** Two threads that run the pieces side by side. */
  private static final class TwoLanes implements Lanes, AutoCloseable {
    final java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    int calls;

    @Override
    public int count() {
      return 2;
    }

    @Override
    public void runAll(java.util.List<Runnable> pieces) {
      calls++;
      java.util.List<java.util.concurrent.Future<?>> running = new java.util.ArrayList<>();
      for (Runnable r : pieces) {
        running.add(pool.submit(r));
      }
      for (var f : running) {
        try {
          f.get();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException(e);
        }
      }
    }

    @Override
    public void close() {
      pool.shutdownNow();
    }
  }

  /** Six weights of assorted sizes, the same values for the same seed. */
  private static Params assorted(NDManager m) {
    Params params = new Params(m, DataType.FLOAT32);
    java.util.SplittableRandom r = new java.util.SplittableRandom(9);
    params.normal("emb", r, 0.1, 300, 8);
    params.normal("w1", r, 0.1, 8, 8);
    params.add("b1", new double[] {0.1, 0.2, 0.3});
    params.normal("w2", r, 0.1, 50, 4);
    params.add("g", new double[] {1, 1});
    params.normal("w3", r, 0.1, 8, 2);
    return params;
  }

  @Test
  void stepsSpreadOverLanesAreBitForBitTheSerialOnes() {
    try (NDManager m = NDManager.newBaseManager();
        TwoLanes lanes = new TwoLanes()) {
      Params serial = assorted(m);
      Params spread = assorted(m);
      Set<String> decayed = Set.of("emb", "w1", "w2", "w3");
      AdamW a = new AdamW(serial, m, LR, WD, 1, 100, decayed);
      AdamW b = new AdamW(spread, m, LR, WD, 1, 100, decayed);
      WeightAverage avgA = new WeightAverage(serial, m, 2);
      WeightAverage avgB = new WeightAverage(spread, m, 2);
      java.util.SplittableRandom r = new java.util.SplittableRandom(4);
      for (int s = 0; s < 4; s++) {
        // Step 2's gradients are large: the global norm clips them.
        double scale = s == 2 ? 50 : 0.5;
        for (String name : serial.all().keySet()) {
          float[] g = new float[Math.toIntExact(serial.get(name).size())];
          for (int k = 0; k < g.length; k++) {
            g[k] = (float) (scale * r.nextGaussian());
          }
          backward(m, serial.get(name), g);
          backward(m, spread.get(name), g);
        }
        assertTrue(a.update());
        assertTrue(b.update(ItemRows.Gradients.NONE, lanes));
        avgA.update();
        avgB.update(lanes);
        for (String name : serial.all().keySet()) {
          assertArrayEquals(
              serial.get(name).toFloatArray(),
              spread.get(name).toFloatArray(),
              name + " after step " + (s + 1));
          assertEquals(0.0, b.gradientNorm(), 0.0, "gradients zeroed after step " + (s + 1));
        }
      }
      avgA.swap();
      avgB.swap();
      for (String name : serial.all().keySet()) {
        assertArrayEquals(
            serial.get(name).toFloatArray(), spread.get(name).toFloatArray(), "average " + name);
      }
      assertTrue(lanes.calls >= 8, "the lanes ran the pieces: " + lanes.calls);
      avgA.close();
      avgB.close();
    }
  }

  @Test
  void theLanesSplitEveryWeightOnceInCreationOrder() {
    try (NDManager m = NDManager.newBaseManager();
        TwoLanes lanes = new TwoLanes()) {
      Params params = assorted(m);
      java.util.List<java.util.List<String>> groups = lanes.split(params, Set.of("w2"));
      assertEquals(2, groups.size());
      // Costs 20,000 a weight plus its size: emb 22,400 goes first, then w1 (20,064) to the
      // other lane, w3 (20,016) to it too, b1 to emb's, g to w1's.
      assertEquals(java.util.List.of("emb", "b1"), groups.get(0));
      assertEquals(java.util.List.of("w1", "g", "w3"), groups.get(1));
      assertEquals(
          java.util.List.of(java.util.List.of("emb", "w1", "b1", "w2", "g", "w3")),
          Lanes.SERIAL.split(params, Set.of()));
    }
  }
}
