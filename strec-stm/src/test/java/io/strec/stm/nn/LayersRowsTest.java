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
 * {@link Layers#rows}: the rows it reads, and gradients that are the same bits in every run. The
 * engine's own indexed read added the gradients of a read this large with atomic additions from
 * several threads, in an order that changed from run to run.
 */
class LayersRowsTest {
  private static final int ROWS = 7;
  private static final int COLS = 3;
  private static final int READS = 40_000;

  /**
   * A (7, 3) table read at 40,000 seeded indices; the upstream gradient is seeded too. The forward
   * pass is the table's rows; the table's gradient is, element by element, the float sum of the
   * upstream rows that read it, added in index order (computed here in Java): equal to the last
   * bit, in each of five runs.
   */
  @Test
  void readsRowsAndAddsGradientsInIndexOrder() {
    SplittableRandom rnd = new SplittableRandom(11);
    float[] table = new float[ROWS * COLS];
    for (int i = 0; i < table.length; i++) {
      table[i] = (float) rnd.nextGaussian();
    }
    long[] index = new long[READS];
    float[] upstream = new float[READS * COLS];
    for (int i = 0; i < READS; i++) {
      index[i] = rnd.nextInt(ROWS);
      for (int c = 0; c < COLS; c++) {
        upstream[i * COLS + c] = (float) rnd.nextGaussian();
      }
    }
    float[] expectedGrad = new float[ROWS * COLS];
    float[] expectedRows = new float[READS * COLS];
    for (int i = 0; i < READS; i++) {
      int k = (int) index[i];
      for (int c = 0; c < COLS; c++) {
        expectedGrad[k * COLS + c] += upstream[i * COLS + c];
        expectedRows[i * COLS + c] = table[k * COLS + c];
      }
    }
    for (int run = 0; run < 5; run++) {
      try (NDManager m = NDManager.newBaseManager();
          GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray t = m.create(table, new Shape(ROWS, COLS));
        t.setRequiresGradient(true);
        NDArray read = Layers.rows(t, m.create(index));
        assertEquals(new Shape(READS, COLS), read.getShape());
        assertArrayEquals(expectedRows, read.toFloatArray(), 0f, "rows, run " + run);
        gc.backward(read.mul(m.create(upstream, new Shape(READS, COLS))).sum());
        assertArrayEquals(expectedGrad, t.getGradient().toFloatArray(), 0f, "gradient, run " + run);
      }
    }
  }

  /** Arrays of other ranks: a vector reads entries, a (n, a, b) array reads (a, b) blocks. */
  @Test
  void readsAlongTheFirstAxisOfAnyRank() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray v = m.create(new float[] {10, 11, 12, 13});
      NDArray idx = m.create(new long[] {3, 0, 3});
      assertArrayEquals(new float[] {13, 10, 13}, Layers.rows(v, idx).toFloatArray(), 0f);
      assertEquals(new Shape(3), Layers.rows(v, idx).getShape());
      NDArray cube = m.arange(0f, 12f).reshape(3, 2, 2);
      NDArray picked = Layers.rows(cube, m.create(new long[] {2, 1}));
      assertEquals(new Shape(2, 2, 2), picked.getShape());
      assertArrayEquals(new float[] {8, 9, 10, 11, 4, 5, 6, 7}, picked.toFloatArray(), 0f);
    }
  }
}
