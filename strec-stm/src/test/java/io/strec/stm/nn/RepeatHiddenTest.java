package io.strec.stm.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.strec.stm.data.Batch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A slot term's hidden layer, {@code value = f . (u W + b) + v . gelu(f A + u B + c)}: its values
 * against the same sum computed here in doubles (GELU through a power series of erf, independent of
 * the engine and of {@link FloatOps}), its gradients against central finite differences in float64,
 * and the Java forward pass of serving against the engine's.
 */
class RepeatHiddenTest {
  private static final int M = 3;
  private static final int SLOTS = 4;
  private static final int D = 5;
  private static final int HIDDEN = 6;
  private static final SlotTerm TERM = SlotTerm.REPEAT.withHidden(HIDDEN);
  private static final int DIM = TERM.dim();

  private static final List<String> NAMES =
      List.of("repeat.w", "repeat.b", "repeat.h.wf", "repeat.h.wu", "repeat.h.b", "repeat.h.v");
  private static final List<Shape> SHAPES =
      List.of(
          new Shape(D, DIM),
          new Shape(DIM),
          new Shape(DIM, HIDDEN),
          new Shape(D, HIDDEN),
          new Shape(HIDDEN),
          new Shape(HIDDEN, 1));

  private static double[] random(SplittableRandom r, long n, double scale) {
    double[] v = new double[Math.toIntExact(n)];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian() * scale;
    }
    return v;
  }

  private static float[] floats(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }

  /** The inputs: weights by name, then {@code u} (M x D) and the features (M x SLOTS x DIM). */
  private static Map<String, double[]> inputs(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Map<String, double[]> in = new HashMap<>();
    for (int k = 0; k < NAMES.size(); k++) {
      in.put(NAMES.get(k), random(r, SHAPES.get(k).size(), 0.5));
    }
    in.put("u", random(r, (long) M * D, 1.0));
    double[] f = random(r, (long) M * SLOTS * DIM, 1.0);
    for (int i = 0; i < f.length; i++) {
      // Features as the sources write them: float32 values.
      f[i] = (float) f[i];
    }
    in.put("f", f);
    return in;
  }

  private static Batch.Slots slots(double[] f) {
    long[] items = new long[M * SLOTS];
    for (int i = 0; i < items.length; i++) {
      items[i] = i;
    }
    return new Batch.Slots(SLOTS, DIM, items, floats(f));
  }

  /**
   * erf to double rounding: its Maclaurin series below |x| = 2.5 (where the terms stay below 1e3,
   * so cancellation costs at most 1e-13), above it 1 - erfc by erfc's continued fraction {@code
   * exp(-x^2) / (sqrt(pi) (x + (1/2) / (x + 1 / (x + (3/2) / (x + ...)))))}, 80 levels deep.
   */
  private static double erf(double x) {
    double a = Math.abs(x);
    if (a < 2.5) {
      double term = x;
      double sum = x;
      for (int n = 1; n < 100; n++) {
        term *= -x * x / n;
        sum += term / (2 * n + 1);
      }
      return 2 / Math.sqrt(Math.PI) * sum;
    }
    double t = a;
    for (int k = 80; k >= 1; k--) {
      t = a + (k / 2.0) / t;
    }
    double erfc = Math.exp(-a * a) / (Math.sqrt(Math.PI) * t);
    return Math.signum(x) * (1 - erfc);
  }

  private static double gelu(double x) {
    return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
  }

  /** The term's values computed in doubles, with plain loops. */
  private static double[] expected(Map<String, double[]> in) {
    double[] w = in.get("repeat.w");
    double[] b = in.get("repeat.b");
    double[] wf = in.get("repeat.h.wf");
    double[] wu = in.get("repeat.h.wu");
    double[] hb = in.get("repeat.h.b");
    double[] v = in.get("repeat.h.v");
    double[] u = in.get("u");
    double[] f = in.get("f");
    double[] out = new double[M * SLOTS];
    for (int p = 0; p < M; p++) {
      for (int k = 0; k < SLOTS; k++) {
        int fo = (p * SLOTS + k) * DIM;
        double value = 0;
        for (int j = 0; j < DIM; j++) {
          double coef = b[j];
          for (int i = 0; i < D; i++) {
            coef += u[p * D + i] * w[i * DIM + j];
          }
          value += f[fo + j] * coef;
        }
        for (int h = 0; h < HIDDEN; h++) {
          double pre = hb[h];
          for (int j = 0; j < DIM; j++) {
            pre += f[fo + j] * wf[j * HIDDEN + h];
          }
          for (int i = 0; i < D; i++) {
            pre += u[p * D + i] * wu[i * HIDDEN + h];
          }
          value += v[h] * gelu(pre);
        }
        out[p * SLOTS + k] = value;
      }
    }
    return out;
  }

  private static NDArray values(NDManager m, Map<String, double[]> in, Map<String, NDArray> w) {
    NDArray u = w.get("u");
    return TERM.values(m, w, u, slots(in.get("f")), M, DataType.FLOAT64);
  }

  private static Map<String, NDArray> arrays(NDManager m, Map<String, double[]> in) {
    Map<String, NDArray> w = new HashMap<>();
    for (int k = 0; k < NAMES.size(); k++) {
      w.put(NAMES.get(k), m.create(in.get(NAMES.get(k)), SHAPES.get(k)));
    }
    w.put("u", m.create(in.get("u"), new Shape(M, D)));
    return w;
  }

  @Test
  void valuesAreTheLinearTermPlusTheHiddenLayer() {
    for (long seed = 1; seed <= 20; seed++) {
      Map<String, double[]> in = inputs(seed);
      double[] want = expected(in);
      try (NDManager m = NDManager.newBaseManager()) {
        double[] got = values(m, in, arrays(m, in)).toDoubleArray();
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
          assertEquals(
              want[i], got[i], 1e-9 + 1e-9 * Math.abs(want[i]), "seed " + seed + " slot " + i);
        }
      }
    }
  }

  @Test
  void theReferenceErfIsErf() {
    // The values of Python's math.erf (CPython's own implementation), printed with repr.
    assertEquals(0.5204998778130465, erf(0.5), 1e-15);
    assertEquals(0.9953222650189527, erf(2.0), 1e-15);
    assertEquals(0.9999779095030014, erf(3.0), 1e-15);
    assertEquals(0.9999999845827421, erf(4.0), 1e-15);
    assertEquals(-erf(3.0), erf(-3.0), 0);
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    Map<String, double[]> in = inputs(11);
    SplittableRandom r = new SplittableRandom(12);
    double[] probe = random(r, (long) M * SLOTS, 1.0);
    double eps = 1e-6;
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray weights = m.create(probe, new Shape(M, SLOTS));
      Map<String, NDArray> w = arrays(m, in);
      Map<String, double[]> analytic = new HashMap<>();
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        w.values().forEach(a -> a.setRequiresGradient(true));
        gc.backward(values(m, in, w).mul(weights).sum());
      }
      w.forEach((name, a) -> analytic.put(name, a.getGradient().toDoubleArray()));
      for (String name : w.keySet()) {
        double[] x = in.get(name);
        for (int i = 0; i < x.length; i++) {
          double keep = x[i];
          x[i] = keep + eps;
          double up = probed(in, probe);
          x[i] = keep - eps;
          double down = probed(in, probe);
          x[i] = keep;
          double numeric = (up - down) / (2 * eps);
          assertEquals(
              numeric,
              analytic.get(name)[i],
              1e-6 + 1e-5 * Math.abs(numeric),
              name + " entry " + i);
        }
      }
    }
  }

  private static double probed(Map<String, double[]> in, double[] probe) {
    double[] v = expected(in);
    double s = 0;
    for (int i = 0; i < v.length; i++) {
      s += v[i] * probe[i];
    }
    return s;
  }

  @Test
  void servingComputesTheEnginesValues() {
    Map<String, double[]> in = inputs(13);
    try (NDManager m = NDManager.newBaseManager()) {
      Params params = new Params(m, DataType.FLOAT32);
      for (int k = 0; k < NAMES.size(); k++) {
        params.fixed(NAMES.get(k), floats(in.get(NAMES.get(k))), SHAPES.get(k).getShape());
      }
      SlotTerm.Weights weights = TERM.weights(params);
      Batch.Slots s = slots(in.get("f"));
      float[] u = floats(in.get("u"));
      float[] java = new float[M * SLOTS];
      for (int p = 0; p < M; p++) {
        float[] row = new float[D];
        System.arraycopy(u, p * D, row, 0, D);
        weights.values(row, s, p, java);
      }
      double[] want = expected(in);
      for (int i = 0; i < want.length; i++) {
        assertEquals(want[i], java[i], 1e-5 + 1e-5 * Math.abs(want[i]), "slot " + i);
      }
    }
  }
}
