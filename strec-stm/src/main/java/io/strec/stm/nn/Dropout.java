package io.strec.stm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.SplittableRandom;

/**
 * The random masks of a training step: inverted dropout of activations at one rate, and the ID
 * dropout of items ({@link #keepIds}) at another. The masks come from an explicit {@link
 * SplittableRandom}, not from the engine's global generator: the masks of a training step then
 * depend only on the seed the trainer derives for that step, not on what else (another fit, another
 * thread) draws from the engine.
 */
public final class Dropout {
  /** The identity: inference, or training without dropout. */
  public static final Dropout OFF = new Dropout(0, 0, null);

  private final double p;
  private final double ids;
  private final SplittableRandom rnd;

  private Dropout(double p, double ids, SplittableRandom rnd) {
    this.p = p;
    this.ids = ids;
    this.rnd = rnd;
  }

  /**
   * Dropout at rate {@code p} with masks drawn from {@code rnd}, which this object then owns (it is
   * advanced by every mask).
   */
  public static Dropout of(double p, SplittableRandom rnd) {
    return of(p, 0, rnd);
  }

  /**
   * Dropout at rate {@code p} and ID dropout at rate {@code ids}, with masks drawn from {@code
   * rnd}, which this object then owns. A rate of 0 draws nothing, so the other's masks are those it
   * would have alone.
   */
  public static Dropout of(double p, double ids, SplittableRandom rnd) {
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + p);
    }
    if (!(ids >= 0 && ids < 1)) {
      throw new IllegalArgumentException("ID dropout rate must be in [0, 1), got " + ids);
    }
    return p == 0 && ids == 0
        ? OFF
        : new Dropout(p, ids, java.util.Objects.requireNonNull(rnd, "rnd"));
  }

  /**
   * Zeroes each entry of {@code x} with probability {@code p} and scales the rest by {@code 1 / (1
   * - p)}. The mask is an array of {@code x}'s manager, so it stays alive until the step that owns
   * {@code x} is closed, after the backward pass that reads it.
   */
  public NDArray apply(NDArray x) {
    if (p == 0) {
      return x;
    }
    float keep = (float) (1 / (1 - p));
    float[] mask = new float[Math.toIntExact(x.getShape().size())];
    long below = below(p);
    for (int i = 0; i < mask.length; i++) {
      mask[i] = keep * kept(rnd.nextLong(), below);
    }
    NDArray m = x.getManager().create(mask, x.getShape());
    return x.mul(x.getDataType() == DataType.FLOAT32 ? m : m.toType(x.getDataType(), false));
  }

  /**
   * The 53-bit integers {@code k} with {@code k 2^-53 < rate}: {@link SplittableRandom#nextDouble}
   * is {@code (nextLong() >>> 11) 2^-53}, so {@code nextDouble() < rate} is {@code (nextLong() >>>
   * 11) < below(rate)}, the same draw compared as an integer.
   */
  static long below(double rate) {
    return (long) Math.ceil(rate * 0x1.0p53);
  }

  /**
   * 1 where the draw {@code bits} keeps the entry, 0 where it drops it ({@code nextDouble() <
   * rate}): arithmetic instead of a branch, which a rate of 0.2 would mispredict about one time in
   * four, and mask generation was a tenth of a training step's Java time.
   */
  static float kept(long bits, long below) {
    // (bits >>> 11) - below is negative exactly when the draw is below the rate; its sign bit,
    // flipped, is the keep flag.
    return (float) (1 - (((bits >>> 11) - below) >>> 63));
  }

  /**
   * The ID dropout of items: {@code seen} (n, 1), 1 for each item whose ID vector counts, with each
   * row set to 0 with probability {@code ids}, not rescaled (it is a gate, and a dropped item is
   * exactly an item never seen in training). Returns {@code seen} itself when the rate is 0.
   */
  public NDArray keepIds(NDArray seen) {
    if (ids == 0) {
      return seen;
    }
    float[] mask = new float[Math.toIntExact(seen.getShape().size())];
    long below = below(ids);
    for (int i = 0; i < mask.length; i++) {
      mask[i] = kept(rnd.nextLong(), below);
    }
    NDArray m = seen.getManager().create(mask, seen.getShape());
    return seen.mul(
        seen.getDataType() == DataType.FLOAT32 ? m : m.toType(seen.getDataType(), false));
  }
}
