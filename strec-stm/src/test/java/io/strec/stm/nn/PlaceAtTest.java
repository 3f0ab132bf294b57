package io.strec.stm.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * {@link Network#placeAt}: slot values placed at their columns, padding slots adding nothing and
 * getting no gradient, with a free column of the row or, where a row has none, the extra column.
 */
class PlaceAtTest {
  private static final int COLS = 4;

  /** The matrix and the values' gradient under the loss sum(matrix * weights). */
  private static float[][] placeAndGrad(long[] idx, int rows, int width, float[] values) {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray v = m.create(values, new Shape(rows, width));
      v.setRequiresGradient(true);
      float[] weights = new float[rows * COLS];
      for (int i = 0; i < weights.length; i++) {
        weights[i] = i + 1;
      }
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray placed = Network.placeAt(m, idx, rows, width, v, DataType.FLOAT32, COLS);
        float[] out = placed.toFloatArray();
        assertEquals(new Shape(rows, COLS), placed.getShape());
        gc.backward(placed.mul(m.create(weights, new Shape(rows, COLS))).sum());
        return new float[][] {out, v.getGradient().toFloatArray()};
      }
    }
  }

  @Test
  void paddingAddsNothingAndGetsNoGradient() {
    // Row 0: items 2 and 0, then a padding slot; row 1: padding, item 1, padding.
    long[] idx = {2, 0, COLS, COLS, 1, COLS};
    float[][] r = placeAndGrad(idx, 2, 3, new float[] {5f, -3f, 7f, 11f, 2f, -13f});
    assertArrayEquals(new float[] {-3f, 0f, 5f, 0f, 0f, 2f, 0f, 0f}, r[0]);
    // d loss / d value = the weight at its column; 0 for padding.
    assertArrayEquals(new float[] {3f, 1f, 0f, 0f, 6f, 0f}, r[1]);
  }

  @Test
  void aRowWithEveryColumnTakenFallsBackToTheExtraColumn() {
    long[] idx = {3, 1, 0, 2, COLS, COLS, COLS, 1, COLS, COLS};
    float[][] r = placeAndGrad(idx, 2, 5, new float[] {1f, 2f, 3f, 4f, 9f, 8f, 7f, 6f, 5f, 4f});
    assertArrayEquals(new float[] {3f, 2f, 4f, 1f, 0f, 6f, 0f, 0f}, r[0]);
    assertArrayEquals(new float[] {4f, 2f, 1f, 3f, 0f, 0f, 0f, 6f, 0f, 0f}, r[1]);
  }

  @Test
  void rowsWithoutPaddingAreScatteredAsTheyAre() {
    long[] idx = {1, 3, 0, 2};
    float[][] r = placeAndGrad(idx, 2, 2, new float[] {1f, 2f, 3f, 4f});
    assertArrayEquals(new float[] {0f, 1f, 0f, 2f, 3f, 0f, 4f, 0f}, r[0]);
    assertArrayEquals(new float[] {2f, 4f, 5f, 7f}, r[1]);
  }
}
