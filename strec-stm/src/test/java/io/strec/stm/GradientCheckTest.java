package io.strec.stm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.strec.stm.nn.BiasedAttention;
import io.strec.stm.nn.ItemEncoder;
import io.strec.stm.nn.Layers;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Central finite differences against autograd, in float64, for the custom layers: attention with
 * interval and distance biases (through the bias tables too), the gated item encoder, layer norm.
 * Tolerances: |numeric - analytic| <= 1e-6 + 1e-5 |numeric|, step 1e-6.
 */
class GradientCheckTest {
  private static final double EPS = 1e-6;
  private static final double ATOL = 1e-6;
  private static final double RTOL = 1e-5;

  @Test
  void attentionWithIntervalAndDistanceBiases() {
    try (NDManager m = NDManager.newBaseManager()) {
      SplittableRandom r = new SplittableRandom(3);
      int n = 2;
      int l = 4;
      int d = 4;
      int h = 2;
      long[] tb = new long[n * l * l];
      long[] db = new long[n * l * l];
      double[] allowed = new double[n * l * l];
      for (int b = 0; b < n; b++) {
        for (int i = 0; i < l; i++) {
          for (int j = 0; j <= i; j++) {
            int k = (b * l + i) * l + j;
            tb[k] = r.nextInt(5);
            db[k] = r.nextInt(6);
            allowed[k] = 1;
          }
        }
      }
      NDArray tIdx = BiasedAttention.pairIndex(m, tb, 5, h);
      NDArray dIdx = BiasedAttention.pairIndex(m, db, 6, h);
      NDArray mask = m.create(allowed, new Shape(n, l, l));
      double[] probe = random(r, n * l * d);
      NDArray weightsOut = m.create(probe, new Shape(n, l, d));
      check(
          m,
          in ->
              BiasedAttention.apply(
                      in.get(0), in.get(0), in.get(1), in.get(2), in.get(3), in.get(4), in.get(5),
                      in.get(6), tIdx, dIdx, mask, h)
                  .out()
                  .mul(weightsOut)
                  .sum(),
          List.of(
              random(r, n * l * d),
              random(r, d * d),
              random(r, d * d),
              random(r, d * d),
              random(r, d * d),
              random(r, 5 * h),
              random(r, 6 * h)),
          List.of(
              new Shape(n, l, d),
              new Shape(d, d),
              new Shape(d, d),
              new Shape(d, d),
              new Shape(d, d),
              new Shape(5, h),
              new Shape(6, h)));
    }
  }

  @Test
  void gatedItemEncoder() {
    try (NDManager m = NDManager.newBaseManager()) {
      SplittableRandom r = new SplittableRandom(5);
      int items = 5;
      int tdim = 6;
      int d = 4;
      NDArray logCount = m.create(new double[] {0, 0.5, 1.2, 2.0, 0}, new Shape(items, 1));
      NDArray seen = m.create(new double[] {0, 1, 1, 1, 0}, new Shape(items, 1));
      NDArray probe = m.create(random(r, items * d), new Shape(items, d));
      check(
          m,
          in ->
              ItemEncoder.apply(
                      in.get(0), in.get(1), in.get(2), in.get(3), in.get(4), in.get(5), logCount,
                      seen, in.get(6), in.get(7))
                  .mul(probe)
                  .sum(),
          List.of(
              random(r, items * tdim),
              random(r, tdim * d),
              random(r, d),
              random(r, d * d),
              random(r, d),
              random(r, items * d),
              random(r, 1),
              random(r, 1)),
          List.of(
              new Shape(items, tdim),
              new Shape(tdim, d),
              new Shape(d),
              new Shape(d, d),
              new Shape(d),
              new Shape(items, d),
              new Shape(1),
              new Shape(1)));
    }
  }

  @Test
  void layerNorm() {
    try (NDManager m = NDManager.newBaseManager()) {
      SplittableRandom r = new SplittableRandom(9);
      NDArray probe = m.create(random(r, 3 * 5), new Shape(3, 5));
      check(
          m,
          in -> Layers.layerNorm(in.get(0), in.get(1), in.get(2)).mul(probe).sum(),
          List.of(random(r, 15), random(r, 5), random(r, 5)),
          List.of(new Shape(3, 5), new Shape(5), new Shape(5)));
    }
  }

  @Test
  void unseenItemsDependOnTextAlone() {
    try (NDManager m = NDManager.newBaseManager()) {
      SplittableRandom r = new SplittableRandom(11);
      NDArray text = m.create(random(r, 2 * 3), new Shape(2, 3));
      NDArray w1 = m.create(random(r, 3 * 4), new Shape(3, 4));
      NDArray b1 = m.zeros(new Shape(4), DataType.FLOAT64);
      NDArray w2 = m.create(random(r, 16), new Shape(4, 4));
      NDArray b2 = m.zeros(new Shape(4), DataType.FLOAT64);
      NDArray seen = m.create(new double[] {1, 0}, new Shape(2, 1));
      NDArray lc = m.create(new double[] {1, 0}, new Shape(2, 1));
      NDArray ga = m.create(new double[] {1});
      NDArray gc = m.create(new double[] {0});
      double[] a =
          ItemEncoder.apply(
                  text, w1, b1, w2, b2, m.create(random(r, 8), new Shape(2, 4)), lc, seen, ga, gc)
              .toDoubleArray();
      double[] b =
          ItemEncoder.apply(
                  text, w1, b1, w2, b2, m.create(random(r, 8), new Shape(2, 4)), lc, seen, ga, gc)
              .toDoubleArray();
      for (int k = 4; k < 8; k++) {
        assertEquals(
            a[k], b[k], 0.0, "an unseen item's vector must not depend on its ID embedding");
      }
    }
  }

  private static double[] random(SplittableRandom r, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextGaussian() * 0.5;
    }
    return v;
  }

  private static void check(
      NDManager m, Function<NDList, NDArray> f, List<double[]> values, List<Shape> shapes) {
    NDList in = new NDList();
    for (int k = 0; k < values.size(); k++) {
      NDArray a = m.create(values.get(k), shapes.get(k));
      a.setRequiresGradient(true);
      in.add(a);
    }
    List<double[]> analytic = new ArrayList<>();
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray out = f.apply(in);
      assertEquals(DataType.FLOAT64, out.getDataType());
      gc.backward(out);
    }
    for (NDArray a : in) {
      analytic.add(a.getGradient().toDoubleArray());
    }
    for (int k = 0; k < values.size(); k++) {
      double[] v = values.get(k).clone();
      for (int i = 0; i < v.length; i++) {
        double keep = v[i];
        v[i] = keep + EPS;
        double up = eval(m, f, values, shapes, k, v);
        v[i] = keep - EPS;
        double down = eval(m, f, values, shapes, k, v);
        v[i] = keep;
        double numeric = (up - down) / (2 * EPS);
        double got = analytic.get(k)[i];
        assertEquals(numeric, got, ATOL + RTOL * Math.abs(numeric), "input " + k + " entry " + i);
      }
    }
  }

  private static double eval(
      NDManager m,
      Function<NDList, NDArray> f,
      List<double[]> values,
      List<Shape> shapes,
      int k,
      double[] v) {
    try (NDManager s = m.newSubManager()) {
      NDList in = new NDList();
      for (int j = 0; j < values.size(); j++) {
        in.add(s.create(j == k ? v : values.get(j), shapes.get(j)));
      }
      return f.apply(in).getDouble();
    }
  }
}
