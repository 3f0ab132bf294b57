package io.strec.stm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.SplittableRandom;

/**
 * Inverted dropout whose masks come from an explicit {@link SplittableRandom}, not from the
 * engine's global generator: the masks of a training step then depend only on the seed the trainer
 * derives for that step, not on what else (another fit, another thread) draws from the engine.
 */
public final class Dropout {
  /** The identity: inference, or training without dropout. */
  public static final Dropout OFF = new Dropout(0, null);

  private final double p;
  private final SplittableRandom rnd;

  private Dropout(double p, SplittableRandom rnd) {
    this.p = p;
    this.rnd = rnd;
  }

  /**
   * Dropout at rate {@code p} with masks drawn from {@code rnd}, which this object then owns (it is
   * advanced by every mask).
   */
  public static Dropout of(double p, SplittableRandom rnd) {
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + p);
    }
    return p == 0 ? OFF : new Dropout(p, java.util.Objects.requireNonNull(rnd, "rnd"));
  }

  /**
   * Zeroes each entry of {@code x} with probability {@code p} and scales the rest by {@code 1 / (1
   * - p)}. The mask is an array of {@code x}'s manager, so it stays alive until the step that owns
   * {@code x} is closed, after the backward pass that reads it.
   */
  public NDArray apply(NDArray x) {
    if (rnd == null) {
      return x;
    }
    float keep = (float) (1 / (1 - p));
    float[] mask = new float[Math.toIntExact(x.getShape().size())];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = rnd.nextDouble() < p ? 0f : keep;
    }
    NDArray m = x.getManager().create(mask, x.getShape());
    return x.mul(x.getDataType() == DataType.FLOAT32 ? m : m.toType(x.getDataType(), false));
  }
}
