package io.strec.stm.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

/**
 * Java's view of an array's memory: writes through it are the array's, a transposed (not
 * contiguous) array, for which the engine would hand out a copy, is refused, as are arrays that are
 * not float32, and the float64 sum of squares is the engine's to rounding.
 */
class HostMemoryTest {
  @Test
  void writesGoIntoTheArray() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
      assertTrue(HostMemory.holds(a));
      FloatBuffer f = HostMemory.floats(a);
      assertEquals(6, f.limit());
      assertEquals(6f, f.get(5), 0f, "row-major");
      for (int i = 0; i < 6; i++) {
        f.put(i, f.get(i) * 10 + 1);
      }
      assertArrayEquals(new float[] {11, 21, 31, 41, 51, 61}, a.toFloatArray(), 0f);
      try (NDArray twice = Layers.scale(a, 2)) {
        assertArrayEquals(new float[] {22, 42, 62, 82, 102, 122}, twice.toFloatArray(), 0f);
      }
    }
  }

  @Test
  void refusesCopiesAndOtherTypes() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
      NDArray t = a.transpose();
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> HostMemory.floats(t));
      assertTrue(e.getMessage().contains("copy"), e.getMessage());
      assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, a.toFloatArray(), 0f, "left as it was");
      NDArray d = m.create(new double[] {1, 2});
      assertFalse(HostMemory.holds(d));
      assertThrows(IllegalStateException.class, () -> HostMemory.floats(d));
      assertEquals(DataType.FLOAT64, d.getDataType());
    }
  }

  @Test
  void sumOfSquaresIsTheEnginesToRounding() {
    float[] v = new float[10_001];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (Math.sin(1.3 * i) * Math.exp(Math.cos(i)));
    }
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(v);
      double engine = a.toType(DataType.FLOAT64, true).square().sum().getDouble();
      assertEquals(engine, HostMemory.sumOfSquares(HostMemory.floats(a)), 1e-12 * engine);
    }
  }
}
