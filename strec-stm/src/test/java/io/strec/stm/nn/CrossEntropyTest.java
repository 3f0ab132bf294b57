package io.strec.stm.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Network#crossEntropy}, the training loss of the full softmax with label smoothing: its
 * values against a computation in double here, and its gradient against the closed form {@code
 * softmax(x) - ((1 - s) onehot(target) + s / n)}, derived by hand, not by the engine.
 */
class CrossEntropyTest {
  private static final int ROWS = 4;
  private static final int ITEMS = 7;
  private static final long[] TARGETS = {1, 6, 0, 3};

  @Test
  void valuesAreTheSmoothedTargetsCrossEntropy() {
    float[] x = logits();
    for (double s : new double[] {0, 0.1, 0.35}) {
      try (NDManager m = NDManager.newBaseManager()) {
        float[] got =
            Network.crossEntropy(
                    m.create(x, new Shape(ROWS, ITEMS)), m.create(TARGETS, new Shape(ROWS, 1)), s)
                .toFloatArray();
        assertEquals(ROWS, got.length);
        for (int r = 0; r < ROWS; r++) {
          double lse = logSumExp(x, r);
          double mean = 0;
          for (int i = 0; i < ITEMS; i++) {
            mean += (x[r * ITEMS + i] - lse) / ITEMS;
          }
          double want = -((1 - s) * (x[r * ITEMS + (int) TARGETS[r]] - lse) + s * mean);
          assertEquals(want, got[r], 1e-5, "row " + r + ", s = " + s);
        }
      }
    }
  }

  @Test
  void gradientIsTheSoftmaxLessTheSmoothedTarget() {
    float[] x = logits();
    for (double s : new double[] {0, 0.1, 0.35}) {
      try (NDManager m = NDManager.newBaseManager();
          GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray logits = m.create(x, new Shape(ROWS, ITEMS));
        logits.setRequiresGradient(true);
        gc.backward(Network.crossEntropy(logits, m.create(TARGETS, new Shape(ROWS, 1)), s).sum());
        float[] want = new float[ROWS * ITEMS];
        for (int r = 0; r < ROWS; r++) {
          double lse = logSumExp(x, r);
          for (int i = 0; i < ITEMS; i++) {
            double target = (i == TARGETS[r] ? 1 - s : 0) + s / ITEMS;
            want[r * ITEMS + i] = (float) (Math.exp(x[r * ITEMS + i] - lse) - target);
          }
        }
        assertArrayEquals(want, logits.getGradient().toFloatArray(), 1e-6f, "s = " + s);
      }
    }
  }

  private static float[] logits() {
    SplittableRandom rnd = new SplittableRandom(21);
    float[] x = new float[ROWS * ITEMS];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (3 * rnd.nextGaussian());
    }
    return x;
  }

  private static double logSumExp(float[] x, int row) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < ITEMS; i++) {
      max = Math.max(max, x[row * ITEMS + i]);
    }
    double sum = 0;
    for (int i = 0; i < ITEMS; i++) {
      sum += Math.exp(x[row * ITEMS + i] - max);
    }
    return max + Math.log(sum);
  }
}
