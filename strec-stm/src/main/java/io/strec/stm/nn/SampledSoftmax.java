package io.strec.stm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Cross-entropy under a sampled softmax with log-Q correction, for catalogues too large to score
 * whole at every training step.
 *
 * <p>Row r of a batch is scored against its own target t_r and against K negatives drawn with
 * replacement from a proposal Q and shared by every row. Its loss is
 *
 * <pre>
 *   -s_t + log( exp(s_t) + sum_k [i_k != t] exp(s_{i_k} - log(K Q(i_k))) )
 * </pre>
 *
 * The sum is an importance-sampling estimate of {@code sum_{i != t} exp(s_i)} that is unbiased for
 * every Q with Q(i) > 0, so the denominator estimates the full softmax's partition function and the
 * loss and its gradient converge to the full ones as K grows (their bias is of order 1/K, that of
 * the logarithm of a ratio). Without the correction, frequent items would be over-represented among
 * the negatives and pushed down too hard.
 *
 * <p>The target's column is exact, not sampled, so it takes no correction: subtracting {@code log(K
 * Q(t))} there too, as some implementations do, biases the gradient unless {@code K Q(t) = 1}. A
 * negative that happens to be the row's own target (an accidental hit) would count the target
 * twice, so it is masked out of that row only.
 */
public final class SampledSoftmax {
  /**
   * Added to the logit of an accidental hit: far below any real score, so its softmax weight is
   * exactly zero in float32, yet finite, so no {@code inf - inf} can reach the gradients.
   */
  static final float HIT = -1e9f;

  private SampledSoftmax() {}

  /**
   * The shared negatives of one training step.
   *
   * @param items catalogue ids of the K draws, duplicates allowed
   * @param logExpected per draw, {@code log} of the item's expected count among the K draws, {@code
   *     log(K Q(item))}
   */
  public record Negatives(long[] items, float[] logExpected) {
    public Negatives {
      if (items.length == 0 || items.length != logExpected.length) {
        throw new IllegalArgumentException(
            "negatives: "
                + items.length
                + " items and "
                + logExpected.length
                + " log expected counts; need as many of each, at least one");
      }
    }

    public int size() {
      return items.length;
    }
  }

  /**
   * The logits of one step: each row's target exact, the shared negatives log-Q corrected.
   *
   * @param target (m, 1) uncorrected score of each row's target
   * @param negative (m, K) uncorrected scores of the negatives, in the order of {@code neg}
   * @param neg the negatives
   * @param targets [m] catalogue id of each row's target
   * @return (m, 1 + K) logits: the target's score in column 0, then the corrected negatives, an
   *     accidental hit at {@link #HIT}
   */
  public static NDArray logits(NDArray target, NDArray negative, Negatives neg, long[] targets) {
    int m = targets.length;
    int k = neg.size();
    if (!target.getShape().equals(new Shape(m, 1))
        || !negative.getShape().equals(new Shape(m, k))) {
      throw new IllegalArgumentException(
          "sampled softmax for "
              + m
              + " rows and "
              + k
              + " negatives got target scores "
              + target.getShape()
              + " and negative scores "
              + negative.getShape());
    }
    float[] shift = new float[m * k];
    for (int r = 0; r < m; r++) {
      for (int j = 0; j < k; j++) {
        shift[r * k + j] = neg.items()[j] == targets[r] ? HIT : -neg.logExpected()[j];
      }
    }
    NDArray correction =
        negative.getManager().create(shift, new Shape(m, k)).toType(negative.getDataType(), false);
    return target.concat(negative.add(correction), 1);
  }

  /** Mean cross-entropy of column 0 (the target) of {@link #logits}. */
  public static NDArray loss(NDArray logits) {
    return logits.logSoftmax(1).get(new NDIndex(":, 0")).neg().mean();
  }
}
