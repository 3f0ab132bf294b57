package io.strec.stm.train;

import io.strec.stm.nn.SampledSoftmax.Negatives;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.SplittableRandom;

/**
 * The proposal Q of the sampled softmax and its sampler: {@code Q(i) ∝ (count_i + 1)^power}, drawn
 * with replacement in O(1) per draw from Walker's alias table, with a {@link SplittableRandom} the
 * caller derives from the seed, so a fit stays bit-reproducible.
 *
 * <p>Training uses {@value #POWER}: the unigram of the training counts puts the negatives where the
 * softmax mass of a trained model mostly is (popular items), which keeps the variance of the
 * estimate low, and the power below 1 flattens it (as in word2vec) so the long tail is still drawn.
 * The {@code + 1} gives every item, also one never seen in training, a positive probability: the
 * log-Q correction is unbiased only over items Q can draw. Power 0 is the uniform distribution.
 */
public final class NegativeSampler {
  /** The smoothing power of the training proposal. */
  public static final double POWER = 0.75;

  private final double[] q;
  private final double[] keep;
  private final int[] alias;

  /**
   * @param counts training events per catalogue item
   * @param power smoothing power, 0 (uniform) to 1 (add-one unigram)
   */
  public NegativeSampler(int[] counts, double power) {
    if (counts.length == 0) {
      throw new IllegalArgumentException("negative sampler over an empty catalogue");
    }
    if (!(power >= 0 && power <= 1)) {
      throw new IllegalArgumentException("proposal power must be in [0, 1], got " + power);
    }
    int n = counts.length;
    q = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      if (counts[i] < 0) {
        throw new IllegalArgumentException("item " + i + " has count " + counts[i]);
      }
      q[i] = Math.pow(counts[i] + 1.0, power);
      sum += q[i];
    }
    for (int i = 0; i < n; i++) {
      q[i] /= sum;
    }
    keep = new double[n];
    alias = new int[n];
    build();
  }

  /** Vose's construction of the alias table; deterministic given {@link #q}. */
  private void build() {
    int n = q.length;
    double[] scaled = new double[n];
    Deque<Integer> small = new ArrayDeque<>();
    Deque<Integer> large = new ArrayDeque<>();
    for (int i = 0; i < n; i++) {
      scaled[i] = q[i] * n;
      (scaled[i] < 1 ? small : large).push(i);
    }
    while (!small.isEmpty() && !large.isEmpty()) {
      int s = small.pop();
      int l = large.pop();
      keep[s] = scaled[s];
      alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    // What is left is 1 up to rounding.
    for (int i : large) {
      keep[i] = 1;
      alias[i] = i;
    }
    for (int i : small) {
      keep[i] = 1;
      alias[i] = i;
    }
  }

  public int numItems() {
    return q.length;
  }

  /** Q(item). */
  public double probability(int item) {
    return q[item];
  }

  /** {@code k} draws with replacement, each with {@code log(k Q(item))}. */
  public Negatives draw(SplittableRandom rnd, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("need at least one negative, got " + k);
    }
    long[] items = new long[k];
    float[] logExpected = new float[k];
    for (int j = 0; j < k; j++) {
      int i = rnd.nextInt(q.length);
      int item = rnd.nextDouble() < keep[i] ? i : alias[i];
      items[j] = item;
      logExpected[j] = (float) Math.log(k * q[item]);
    }
    return new Negatives(items, logExpected);
  }
}
