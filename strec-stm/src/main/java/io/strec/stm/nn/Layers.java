package io.strec.stm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;

/** Small stateless building blocks; each works in the floating type of its input. */
public final class Layers {
  private static final float LN_EPS = 1e-5f;

  private Layers() {}

  /** {@code x W + b} over the last axis. */
  public static NDArray linear(NDArray x, NDArray w, NDArray b) {
    NDArray y = x.matMul(w);
    return b == null ? y : y.add(b);
  }

  /** Layer normalisation over the last axis with gain {@code g} and shift {@code b}. */
  public static NDArray layerNorm(NDArray x, NDArray g, NDArray b) {
    int last = x.getShape().dimension() - 1;
    NDArray mean = x.mean(new int[] {last}, true);
    NDArray c = x.sub(mean);
    NDArray var = c.square().mean(new int[] {last}, true);
    return c.div(var.add(LN_EPS).sqrt()).mul(g).add(b);
  }

  /** Two-layer feed-forward block with GELU, dropout after the activation. */
  public static NDArray feedForward(
      NDArray x, NDArray w1, NDArray b1, NDArray w2, NDArray b2, Dropout dropout) {
    return linear(dropout.apply(Activation.gelu(linear(x, w1, b1))), w2, b2);
  }

  /**
   * {@code x * s}, with {@code s} held as a 0-d array of {@code x}'s manager.
   *
   * <p>Never {@code x.mul(s)} or {@code x.div(s)} with a Java number on a path autograd records:
   * DJL's PyTorch engine wraps the number in a tensor over a Java direct buffer and closes that
   * tensor as soon as the operation returns, while autograd keeps it for the backward pass of a
   * product or quotient. Once the garbage collector frees the buffer, the backward pass reads freed
   * memory and the gradients become garbage, NaN or infinite (the cause of stm's unstable and
   * irreproducible training). A scalar of {@code x}'s manager lives until the step owning {@code x}
   * is closed, after the backward pass.
   */
  public static NDArray scale(NDArray x, double s) {
    NDArray c = x.getManager().create(s).toType(x.getDataType(), false);
    return x.mul(c);
  }

  /**
   * The entries of {@code a} at {@code index} along its first axis: shape {@code (k, a's other
   * axes)} for a {@code (k)} index, as an array of the index's manager.
   *
   * <p>Every read of rows on a path autograd records goes through here, not through {@code
   * a.get(index)}: the engine's backward of an indexed read on the CPU adds the gradients of large
   * reads with atomic additions from several threads, in an order that changes from run to run (the
   * same seed then gave weights that differed in the last bit after the first step, and a different
   * early-stopping epoch after a few). This is the engine's embedding lookup, whose backward gives
   * each thread its own rows and adds into them in index order: the same bits in every run.
   */
  public static NDArray rows(NDArray a, NDArray index) {
    Shape shape = a.getShape();
    NDArray table = shape.dimension() == 2 ? a : a.reshape(shape.get(0), -1);
    NDArray picked =
        index.getNDArrayInternal().embedding(index, table, SparseFormat.DENSE).singletonOrThrow();
    if (shape.dimension() == 2) {
      return picked;
    }
    long[] out = shape.getShape().clone();
    out[0] = index.getShape().size();
    return picked.reshape(out);
  }

  /** Numerically stable {@code log(1 + exp(x))}. */
  public static NDArray softPlus(NDArray x) {
    return Activation.softPlus(x);
  }
}
