package io.strec.stm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.strec.stm.nn.BiasedAttention;
import io.strec.stm.nn.Dropout;
import io.strec.stm.nn.Layers;
import io.strec.stm.nn.Network;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The regression test of stm's NaN and irreproducibility hunt. DJL's PyTorch engine wraps a Java
 * number given to {@code mul}/{@code div} in a tensor over a direct buffer and closes it when the
 * call returns, but autograd keeps that tensor for the backward pass; a garbage collection between
 * forward and backward then freed the buffer and the backward pass read whatever reused the memory
 * (here: NaN-filled buffers). The layers must give bit-identical gradients whether or not the
 * collector ran in between.
 */
class BackwardAfterGcTest {
  @Test
  void scaleKeepsItsScalarAliveUntilBackward() {
    assertSameGradients(in -> Layers.scale(in.get(0), 0.25).sum(), List.of(new Shape(3, 4)));
  }

  @Test
  void attentionGradientsSurviveACollection() {
    int n = 2;
    int l = 5;
    int d = 8;
    int h = 2;
    assertSameGradients(
        in -> {
          NDManager m = in.get(0).getManager();
          long[] buckets = new long[n * l * l];
          float[] allowed = new float[n * l * l];
          for (int b = 0; b < n; b++) {
            for (int i = 0; i < l; i++) {
              for (int j = 0; j <= i; j++) {
                buckets[(b * l + i) * l + j] = (i - j) % 3L;
                allowed[(b * l + i) * l + j] = 1;
              }
            }
          }
          NDArray idx = BiasedAttention.pairIndex(m, buckets, 3, h);
          NDArray mask = m.create(allowed, new Shape(n, l, l));
          return BiasedAttention.apply(
                  in.get(0), in.get(0), in.get(1), in.get(2), in.get(3), in.get(4), in.get(5),
                  in.get(6), idx, idx, mask, h)
              .out()
              .square()
              .sum();
        },
        List.of(
            new Shape(n, l, d),
            new Shape(d, d),
            new Shape(d, d),
            new Shape(d, d),
            new Shape(d, d),
            new Shape(3, h),
            new Shape(3, h)));
  }

  /** The smoothed cross-entropy scales two arrays by numbers; both must live until backward. */
  @Test
  void smoothedCrossEntropyGradientsSurviveACollection() {
    assertSameGradients(
        in -> {
          NDArray target = in.get(0).getManager().create(new long[] {2, 0, 4}, new Shape(3, 1));
          return Network.crossEntropy(in.get(0), target, 0.1).sum();
        },
        List.of(new Shape(3, 6)));
  }

  @Test
  void dropoutGradientsSurviveACollection() {
    assertSameGradients(
        in -> Dropout.of(0.3, new SplittableRandom(4)).apply(in.get(0)).square().sum(),
        List.of(new Shape(6, 5)));
  }

  /** Gradients of {@code f} without, then with, a collection and NaN-filled buffers in between. */
  private static void assertSameGradients(Function<NDList, NDArray> f, List<Shape> shapes) {
    try (NDManager m = NDManager.newBaseManager()) {
      List<float[]> values = new ArrayList<>();
      SplittableRandom r = new SplittableRandom(17);
      for (Shape s : shapes) {
        float[] v = new float[Math.toIntExact(s.size())];
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) r.nextGaussian();
        }
        values.add(v);
      }
      List<float[]> clean = gradients(m, f, values, shapes, false);
      List<float[]> collected = gradients(m, f, values, shapes, true);
      for (int k = 0; k < shapes.size(); k++) {
        assertArrayEquals(clean.get(k), collected.get(k), 0f, "gradient of input " + k);
      }
    }
  }

  private static List<float[]> gradients(
      NDManager m,
      Function<NDList, NDArray> f,
      List<float[]> values,
      List<Shape> shapes,
      boolean collect) {
    NDList in = new NDList();
    for (int k = 0; k < values.size(); k++) {
      NDArray a = m.create(values.get(k), shapes.get(k));
      a.setRequiresGradient(true);
      in.add(a);
    }
    try (NDManager step = m.newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDList views = new NDList();
      for (NDArray a : in) {
        views.add(a.get(step, new ai.djl.ndarray.index.NDIndex("...")));
      }
      NDArray out = f.apply(views);
      if (collect) {
        collectAndReuseFreedMemory();
      }
      gc.backward(out);
    }
    List<float[]> out = new ArrayList<>();
    for (NDArray a : in) {
      out.add(a.getGradient().toFloatArray());
      a.close();
    }
    return out;
  }

  /**
   * Lets the collector free unreachable direct buffers (their cleaner runs on its own thread, hence
   * the pauses) and fills freshly allocated small buffers, which tend to reuse that memory, with
   * NaN.
   */
  // The list is never read: it only keeps the filled buffers alive while the next ones allocate.
  @SuppressWarnings("ModifiedButNotUsed")
  private static void collectAndReuseFreedMemory() {
    List<ByteBuffer> junk = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      System.gc();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      for (int i = 0; i < 2000; i++) {
        ByteBuffer b = ByteBuffer.allocateDirect(4 + 4 * (i % 8));
        while (b.remaining() >= 4) {
          b.putFloat(Float.NaN);
        }
        junk.add(b);
      }
    }
  }
}
