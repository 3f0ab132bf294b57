package io.strec.data.synth;

import java.util.List;
import java.util.SplittableRandom;

/** Small sampling helpers over an explicit {@link SplittableRandom}. */
final class Sampling {
  private Sampling() {}

  /** An index drawn with probability proportional to {@code weights[i]}; -1 if all are zero. */
  static int weighted(double[] weights, SplittableRandom rng) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    if (!(total > 0)) {
      return -1;
    }
    double r = rng.nextDouble() * total;
    int last = -1;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] > 0) {
        last = i;
        r -= weights[i];
        if (r < 0) {
          return i;
        }
      }
    }
    // Rounding can leave r at a hair above zero after the last positive weight.
    return last;
  }

  static <T> T pick(List<T> values, SplittableRandom rng) {
    return values.get(rng.nextInt(values.size()));
  }

  /** exp(sigma * N(0, 1)): a positive factor with median 1. */
  static double logNormal(double sigma, SplittableRandom rng) {
    return Math.exp(sigma * rng.nextGaussian());
  }

  /** Uniform in [lo, hi). */
  static double uniform(double lo, double hi, SplittableRandom rng) {
    return lo + (hi - lo) * rng.nextDouble();
  }

  /** Fisher-Yates, in place. */
  static <T> void shuffle(List<T> list, SplittableRandom rng) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      T t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }

  /**
   * A seed for stream {@code stream}, element {@code index}, that does not depend on how many other
   * streams or elements were drawn (SplitMix64's finaliser over the combined value).
   */
  static long derive(long seed, long stream, long index) {
    return mix64(mix64(seed ^ mix64(stream)) + 0x9E3779B97F4A7C15L * (index + 1));
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
