package io.strec.stm.data;

import java.util.ArrayList;
import java.util.List;

/** Frozen language-model vectors as the tensors take them: each row L2-normalised, row-major. */
public final class UnitRows {
  private UnitRows() {}

  /**
   * Scales each row of the row-major {@code flat} to unit length in place (a zero row stays zero),
   * as {@link #flatten} does; returns {@code flat}.
   */
  public static float[] unit(float[] flat, int dim) {
    if (dim == 0 ? flat.length != 0 : flat.length % dim != 0) {
      throw new IllegalArgumentException(flat.length + " values are not rows of " + dim);
    }
    for (int at = 0; dim > 0 && at < flat.length; at += dim) {
      double norm = 0;
      for (int k = at; k < at + dim; k++) {
        norm += (double) flat[k] * flat[k];
      }
      double s = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (int k = at; k < at + dim; k++) {
        flat[k] = (float) (flat[k] * s);
      }
    }
    return flat;
  }

  /**
   * The rows, each scaled to unit length (a zero row stays zero), flattened row-major.
   *
   * @param dim the length every row must have
   */
  public static float[] flatten(float[][] rows, int dim) {
    float[] out = new float[rows.length * dim];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != dim) {
        throw new IllegalArgumentException(
            "text vector dimensions differ: item "
                + i
                + " has "
                + rows[i].length
                + ", item 0 has "
                + dim);
      }
      double norm = 0;
      for (float x : rows[i]) {
        norm += (double) x * x;
      }
      double s = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (int k = 0; k < dim; k++) {
        out[i * dim + k] = (float) (rows[i][k] * s);
      }
    }
    return out;
  }

  /**
   * The non-zero rows among the first {@code rows} of {@code text}, scaled to unit length: every
   * one when there are at most {@code most}, else rows taken at an even stride, at most {@code
   * most} of them.
   */
  public static List<float[]> sample(ItemText text, int rows, int most) {
    int dim = text.dim();
    long stride = Math.max(1L, (rows + (long) most - 1) / most);
    List<float[]> out = new ArrayList<>();
    for (long i = 0; i < rows; i += stride) {
      float[] u = unit(text.row((int) i), dim);
      if (!isZero(u)) {
        out.add(u);
      }
    }
    return out;
  }

  /** Whether every value of {@code row} is zero. */
  public static boolean isZero(float[] row) {
    for (float x : row) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }
}
