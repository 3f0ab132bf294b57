package io.strec.stm.nn;

import io.strec.stm.data.Batch;
import io.strec.stm.data.Features;

/**
 * A batch's query inputs laid out by window row instead of by scored position: row {@code (w, t)}
 * holds the query of the position scored at slot {@code t} of window {@code w}, and the rows no
 * position is scored at hold zeros (their results are never read). With the queries in this layout
 * the network's final attention is one attention per window ({@code b} windows of {@code l} queries
 * over their own {@code l} states) instead of one per position over a copy of its window's states,
 * which cost {@code l} times the work and memory at every scored position.
 *
 * @param timeFeat (b l, {@link Features#TIME_DIM}) query time features
 * @param region (b l) query regions
 * @param timeBucket (b l, l) interval buckets from each query to each slot of its window
 * @param distBucket (b l, l) distance buckets likewise
 * @param mask (b l, l) 1 where the query may attend to the slot
 */
record QueryRows(
    float[] timeFeat, long[] region, long[] timeBucket, long[] distBucket, float[] mask) {

  /**
   * The by-row layout of {@code bt}'s queries, or null when two scored positions share a row (then
   * the queries must be attended one by one).
   */
  static QueryRows of(Batch bt) {
    int l = bt.l;
    int rows = bt.b * l;
    float[] timeFeat = new float[rows * Features.TIME_DIM];
    long[] region = new long[rows];
    long[] timeBucket = new long[rows * l];
    long[] distBucket = new long[rows * l];
    float[] mask = new float[rows * l];
    boolean[] taken = new boolean[rows];
    for (int p = 0; p < bt.m; p++) {
      int r = Math.toIntExact(bt.selRow[p]);
      if (taken[r]) {
        return null;
      }
      taken[r] = true;
      System.arraycopy(
          bt.qTimeFeat, p * Features.TIME_DIM, timeFeat, r * Features.TIME_DIM, Features.TIME_DIM);
      region[r] = bt.qRegion[p];
      System.arraycopy(bt.qTimeBucket, p * l, timeBucket, r * l, l);
      System.arraycopy(bt.qDistBucket, p * l, distBucket, r * l, l);
      System.arraycopy(bt.qMask, p * l, mask, r * l, l);
    }
    return new QueryRows(timeFeat, region, timeBucket, distBucket, mask);
  }
}
