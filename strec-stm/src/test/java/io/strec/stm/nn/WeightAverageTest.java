package io.strec.stm.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The moving average of the weights against the same recurrence computed here in doubles, its swap,
 * and its checkpoint form.
 */
class WeightAverageTest {
  private static Params params(NDManager m) {
    Params p = new Params(m, DataType.FLOAT32);
    p.add("b", new double[] {1, -2, 3});
    p.constant("w", 0.5, 2, 2);
    return p;
  }

  /** The weights of step {@code t}: some values that move in both directions. */
  private static void step(Params p, int t) {
    Params.set(p.get("b"), new float[] {t, -t * 0.5f, (float) Math.sin(t)});
    Params.set(p.get("w"), new float[] {1f / (t + 1), t % 3, -t, 2});
  }

  @Test
  void followsTheRecurrenceWithItsWarmStart() {
    try (NDManager m = NDManager.newBaseManager()) {
      Params p = params(m);
      double halfLife = 4;
      double[] ref = {1, -2, 3};
      try (WeightAverage avg = new WeightAverage(p, m, halfLife)) {
        assertEquals(1, avg.every());
        double decay = Math.pow(0.5, 1 / halfLife);
        for (int t = 1; t <= 40; t++) {
          step(p, t);
          avg.update();
          double d = Math.min(decay, t / (9.0 + t));
          float[] b = p.get("b").toFloatArray();
          for (int i = 0; i < 3; i++) {
            ref[i] = d * ref[i] + (1 - d) * b[i];
          }
        }
        assertEquals(40, avg.updates());
        float[] now = p.get("b").toFloatArray();
        avg.swap();
        float[] got = p.get("b").toFloatArray();
        for (int i = 0; i < 3; i++) {
          assertEquals(ref[i], got[i], 1e-4 * (1 + Math.abs(ref[i])), "b[" + i + "]");
        }
        // After 40 steps the early steps weigh little: the average is near the last steps'.
        assertTrue(Math.abs(got[0] - 40) < 6 && got[0] < 40, "b[0] " + got[0]);
        avg.swap();
        assertArrayEquals(now, p.get("b").toFloatArray(), 0f, "two swaps leave the weights");
      }
    }
  }

  /**
   * On the CPU the update runs in Java over the arrays' memory: it is the engine's {@code a * d + w
   * * (1 - d)} bit for bit, here over 70,000 weights (several blocks) and 30 steps of the warm
   * start and after it.
   */
  @Test
  void theJavaUpdateIsTheEngineArithmeticBitForBit() {
    try (NDManager m = NDManager.newBaseManager()) {
      Params p = new Params(m, DataType.FLOAT32);
      double[] init = new double[70_000];
      for (int i = 0; i < init.length; i++) {
        init[i] = Math.sin(0.37 * i) * 3;
      }
      p.add("w", init);
      ai.djl.ndarray.NDArray ref = p.get("w").stopGradient().duplicate();
      try (WeightAverage avg = new WeightAverage(p, m, 5)) {
        for (int t = 1; t <= 30; t++) {
          float[] w = new float[init.length];
          for (int i = 0; i < w.length; i++) {
            w[i] = (float) (Math.cos(0.11 * i * t) * t);
          }
          Params.set(p.get("w"), w);
          double d = avg.nextDecay();
          avg.update();
          try (ai.djl.ndarray.NDArray wt = p.get("w").stopGradient();
              ai.djl.ndarray.NDArray part = Layers.scale(wt, 1 - d)) {
            ref.muli(d).addi(part);
          }
        }
        avg.swap();
        assertArrayEquals(ref.toFloatArray(), p.get("w").toFloatArray(), 0f);
      }
    }
  }

  @Test
  void roundTripsThroughACheckpoint() throws IOException {
    try (NDManager m = NDManager.newBaseManager()) {
      Params p = params(m);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      float[] averaged;
      try (WeightAverage avg = new WeightAverage(p, m, 3)) {
        for (int t = 1; t <= 7; t++) {
          step(p, t);
          avg.update();
        }
        avg.write(new DataOutputStream(bytes));
        avg.swap();
        averaged = p.get("w").toFloatArray();
        avg.swap();
      }
      Params q = params(m);
      step(q, 7);
      try (WeightAverage back = new WeightAverage(q, m, 3)) {
        back.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(7, back.updates());
        back.swap();
        assertArrayEquals(averaged, q.get("w").toFloatArray(), 0f);
      }
    }
  }

  @Test
  void refusesANonPositiveHalfLife() {
    try (NDManager m = NDManager.newBaseManager()) {
      Params p = params(m);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new WeightAverage(p, m, 0));
      assertTrue(e.getMessage().contains("half-life"), e.getMessage());
    }
  }
}
