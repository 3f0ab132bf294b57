package io.strec.stm.nn;

import ai.djl.ndarray.NDArray;
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
      NDArray x, NDArray w1, NDArray b1, NDArray w2, NDArray b2, double dropout, boolean training) {
    return linear(dropout(Activation.gelu(linear(x, w1, b1)), dropout, training), w2, b2);
  }

  /**
   * Inverted dropout: zeroes each entry with probability {@code p} and scales the rest by {@code 1
   * / (1 - p)}; the identity outside training. The mask comes from the engine's generator, which
   * the trainer seeds.
   */
  public static NDArray dropout(NDArray x, double p, boolean training) {
    if (!training || p == 0) {
      return x;
    }
    NDArray keep =
        x.getManager()
            .randomUniform(0f, 1f, x.getShape(), x.getDataType())
            .gte(p)
            .toType(x.getDataType(), false);
    return x.mul(keep).div(1 - p);
  }

  /** Numerically stable {@code log(1 + exp(x))}. */
  public static NDArray softPlus(NDArray x) {
    return Activation.softPlus(x);
  }
}
