package io.strec.stm.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The attention's bias tables read by gathering along the pairs' buckets: the very values of the
 * table's rows, and a table gradient that is each bucket's sum of its pairs' gradients.
 */
class PairBiasTest {
  @Test
  void gatheredPairsReadTheTablesOwnEntriesAndSumTheGradientPerBucket() {
    int n = 3;
    int lq = 4;
    int lk = 5;
    int heads = 2;
    int buckets = 7;
    SplittableRandom r = new SplittableRandom(5);
    long[] idx = new long[n * lq * lk];
    for (int k = 0; k < idx.length; k++) {
      idx[k] = r.nextInt(buckets);
    }
    float[] table = new float[buckets * heads];
    for (int k = 0; k < table.length; k++) {
      table[k] = (float) r.nextGaussian();
    }
    float[] upstream = new float[n * heads * lq * lk];
    for (int k = 0; k < upstream.length; k++) {
      upstream[k] = (float) r.nextGaussian();
    }
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray t = m.create(table, new Shape(buckets, heads));
      t.setRequiresGradient(true);
      float[] got;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray bias =
            BiasedAttention.pairBias(
                t, BiasedAttention.pairIndex(m, idx, buckets, heads), n, lq, lk, heads);
        got = bias.toFloatArray();
        gc.backward(bias.mul(m.create(upstream, new Shape(n, heads, lq, lk))).sum());
      }
      float[] grad = t.getGradient().toFloatArray();
      double[] want = new double[buckets * heads];
      for (int b = 0; b < n; b++) {
        for (int i = 0; i < lq; i++) {
          for (int j = 0; j < lk; j++) {
            int pair = (b * lq + i) * lk + j;
            for (int h = 0; h < heads; h++) {
              int out = ((b * heads + h) * lq + i) * lk + j;
              assertEquals(table[(int) idx[pair] * heads + h], got[out], "pair " + pair);
              want[(int) idx[pair] * heads + h] += upstream[out];
            }
          }
        }
      }
      for (int k = 0; k < want.length; k++) {
        assertEquals(want[k], grad[k], 1e-4, "gradient of table entry " + k);
      }
    }
  }

  @Test
  void aBucketOutsideTheTableIsNamed() {
    try (NDManager m = NDManager.newBaseManager()) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> BiasedAttention.pairIndex(m, new long[] {0, 3, 9}, 5, 2));
      assertTrue(e.getMessage().contains("pair 2 has bucket 9"), e.getMessage());
      NDArray index = BiasedAttention.pairIndex(m, new long[] {2, 0}, 3, 2);
      assertArrayEquals(new long[] {2, 2, 0, 0}, index.toLongArray());
      NDArray table = m.zeros(new Shape(3, 4));
      assertThrows(
          IllegalArgumentException.class, () -> BiasedAttention.pairBias(table, index, 1, 1, 2, 2));
    }
  }
}
