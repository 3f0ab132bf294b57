package io.strec.stm.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A matrix product gives the same bits wherever its input lies in memory. The engine reads a
 * batch's features where Java wrote them (a direct buffer of the C heap, whose offset from a
 * 64-byte boundary depends on what was allocated before it), and some BLAS libraries pick their
 * kernels by the alignment of their operands, which would make a fit's last bits depend on the
 * state of the heap. Checked for the products of a NYC training step (features times weights, state
 * times item vectors, and the transposed products of the backward pass) at every 16-byte offset.
 */
class AlignmentTest {
  /** {@code (rows, inner, cols)}: repeat features, text adaptor, state x catalogue. */
  private static final int[][] SHAPES = {{450, 19, 32}, {450, 384, 64}, {450, 64, 5058}};

  @Test
  void productsDoNotDependOnTheAlignmentOfTheirInput() {
    Engine.getEngine("PyTorch");
    SplittableRandom rnd = new SplittableRandom(5);
    try (NDManager m = NDManager.newBaseManager()) {
      for (int[] s : SHAPES) {
        float[] x = gaussian(rnd, s[0] * s[1]);
        // The weights in the engine's own memory, as a fit's are.
        NDArray w = m.create(gaussian(rnd, s[1] * s[2]), new Shape(s[1], s[2])).duplicate();
        int[] want = null;
        for (int offset = 0; offset < 64; offset += 16) {
          ByteBuffer memory = at(x, offset);
          NDArray in = m.create(memory, new Shape(s[0], s[1]), DataType.FLOAT32);
          // The engine reads that memory itself, not a copy of it.
          float first = memory.getFloat(0);
          memory.putFloat(0, first + 1);
          assertEquals(first + 1, in.getFloat(0, 0));
          memory.putFloat(0, first);
          float[] y = in.matMul(w).toFloatArray();
          float[] back = w.transpose().matMul(in.transpose()).toFloatArray();
          int[] got = {Arrays.hashCode(y), Arrays.hashCode(back)};
          if (want == null) {
            want = got;
          }
          assertEquals(
              Arrays.toString(want),
              Arrays.toString(got),
              Arrays.toString(s) + " at " + offset + " bytes past a 64-byte boundary");
        }
      }
    }
  }

  private static float[] gaussian(SplittableRandom rnd, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) rnd.nextGaussian();
    }
    return v;
  }

  /**
   * {@code v} in a direct buffer that starts {@code offset} bytes past a 64-byte boundary. The
   * aligned slice loses up to 63 bytes at each end of what was allocated, and the offset up to 48.
   */
  private static ByteBuffer at(float[] v, int offset) {
    ByteBuffer aligned =
        ByteBuffer.allocateDirect(v.length * 4 + 256)
            .order(ByteOrder.nativeOrder())
            .alignedSlice(64);
    aligned.position(offset);
    ByteBuffer b = aligned.slice().order(ByteOrder.nativeOrder());
    b.asFloatBuffer().put(v);
    b.limit(v.length * 4);
    return b;
  }
}
