package io.strec.stm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Scaled dot-product attention with additive, learned biases from bucketed pairwise time intervals
 * and geographic distances:
 *
 * <pre>
 *   A = softmax(Q K^T / sqrt(d_h) + T[bucket_t(i, j)] + D[bucket_d(i, j)] + mask(i, j)),  out = A V
 * </pre>
 *
 * where {@code T} and {@code D} are tables of one bias per bucket and head, and the mask is 0 where
 * attending is allowed and a large negative number elsewhere (causal order, padding).
 */
public final class BiasedAttention {
  /** Added to the logits of disallowed pairs; exp of it underflows to exactly 0 in float32. */
  static final double MASKED = -1e9;

  private BiasedAttention() {}

  /** The output and the attention weights of one call. */
  public record Result(NDArray out, NDArray weights) {}

  /**
   * Multi-head attention of queries over keys.
   *
   * @param xq queries' input, shape (n, lq, d)
   * @param xk keys' and values' input, shape (n, lk, d)
   * @param wq query projection (d, d); likewise {@code wk}, {@code wv}, output projection {@code
   *     wo}
   * @param timeTable bias per time bucket and head, (tb, h)
   * @param distTable bias per distance bucket and head, (db, h)
   * @param timeBucket (n lq lk, heads) the pairs' time buckets ({@link #pairIndex})
   * @param distBucket (n lq lk, heads) the pairs' distance buckets
   * @param allowed (n, lq, lk) 1 where query i may attend to key j, else 0; every row needs a 1
   * @param heads number of heads h; must divide d
   */
  public static Result apply(
      NDArray xq,
      NDArray xk,
      NDArray wq,
      NDArray wk,
      NDArray wv,
      NDArray wo,
      NDArray timeTable,
      NDArray distTable,
      NDArray timeBucket,
      NDArray distBucket,
      NDArray allowed,
      int heads) {
    long n = xq.getShape().get(0);
    long lq = xq.getShape().get(1);
    long lk = xk.getShape().get(1);
    long d = xq.getShape().get(2);
    long dh = d / heads;
    NDArray q = xq.matMul(wq).reshape(n, lq, heads, dh).transpose(0, 2, 1, 3);
    NDArray k = xk.matMul(wk).reshape(n, lk, heads, dh).transpose(0, 2, 3, 1);
    NDArray v = xk.matMul(wv).reshape(n, lk, heads, dh).transpose(0, 2, 1, 3);
    NDArray logits = Layers.scale(q.matMul(k), 1 / Math.sqrt((double) dh));
    logits = logits.add(pairBias(timeTable, timeBucket, n, lq, lk, heads));
    logits = logits.add(pairBias(distTable, distBucket, n, lq, lk, heads));
    // In place on the fresh difference: the mask has no gradient, and mul(Number) is banned.
    NDArray mask = allowed.expandDims(1).sub(1).muli(-MASKED);
    NDArray weights = logits.add(mask).softmax(-1);
    NDArray out = weights.matMul(v).transpose(0, 2, 1, 3).reshape(n, lq, d).matMul(wo);
    return new Result(out, weights);
  }

  /**
   * The pairs' bucket indices as the attention reads its bias tables with them: (pairs, heads), the
   * bucket of each pair repeated for every head.
   *
   * <p>The attention reads a table by gathering along its buckets ({@code table.gather(index, 0)}):
   * the same values as reading the table's rows, and a backward pass that adds the pairs' gradients
   * into the table in one pass (the engine's scatter-add). The backward of a row lookup ({@link
   * Layers#rows}) adds each pair's gradient as an operation of its own: measured on 2026-12-06
   * ({@code StmStepBench --softmax full --text-dim 384 --items 5000 --trace}), its six calls a step
   * (two tables, three attentions) took 42 ms of a 219 ms forward and backward pass. Made once a
   * step and shared by every layer.
   *
   * @throws IllegalArgumentException for a bucket outside {@code [0, depth)}
   */
  public static NDArray pairIndex(NDManager m, long[] buckets, int depth, int heads) {
    for (int k = 0; k < buckets.length; k++) {
      long b = buckets[k];
      if (b < 0 || b >= depth) {
        throw new IllegalArgumentException(
            "pair " + k + " has bucket " + b + ", outside the " + depth + " buckets of its table");
      }
    }
    // One column, broadcast to every head by the engine (a view), not a Java copy per head.
    return m.create(buckets, new Shape(buckets.length, 1))
        .broadcast(new Shape(buckets.length, heads));
  }

  /**
   * The (pairs, heads) {@link #pairIndex} entries of a (buckets, heads) table, arranged as (n,
   * heads, lq, lk).
   */
  static NDArray pairBias(NDArray table, NDArray index, long n, long lq, long lk, int heads) {
    if (index.getShape().get(1) != table.getShape().get(1)) {
      throw new IllegalArgumentException(
          "pair indices for "
              + index.getShape().get(1)
              + " heads and a bias table of "
              + table.getShape().get(1));
    }
    return table.gather(index, 0).reshape(n, lq, lk, heads).transpose(0, 3, 1, 2);
  }
}
