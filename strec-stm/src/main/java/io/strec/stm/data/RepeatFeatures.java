package io.strec.stm.data;

import io.strec.model.History;
import java.util.Arrays;

/**
 * Features of the items a user already interacted with, for one query: for each of the most recent
 * distinct history items, the log visit count, visits decayed with a day, a week and a month of
 * half-life-like time scales, and whether it is the very last item. Only events before the query
 * are looked at, and at most {@link #LOOKBACK} of them.
 */
public final class RepeatFeatures {
  /** Number of features per history item. */
  public static final int DIM = 5;

  /** Oldest history event looked at, counted back from the query. */
  public static final int LOOKBACK = 1000;

  private static final double[] SCALES = {86_400.0, 7 * 86_400.0, 30 * 86_400.0};

  /** The repeat term's slots: the most recent distinct items the query's history holds. */
  public static final SlotSource SOURCE =
      new SlotSource() {
        @Override
        public int dim() {
          return DIM;
        }

        @Override
        public void write(Query query, int slots, long[] items, float[] features, int offset) {
          RepeatFeatures.write(
              query.history(),
              query.end(),
              query.time(),
              slots,
              query.pad(),
              items,
              features,
              offset);
        }

        @Override
        public String toString() {
          return "repeat features";
        }
      };

  private RepeatFeatures() {}

  /**
   * Writes the features of history events {@code [0, end)} for a query at {@code queryTime} into
   * {@code slots} slots starting at {@code slotOffset}; unused slots get index {@code pad}.
   */
  public static void write(
      History h,
      int end,
      long queryTime,
      int slots,
      int pad,
      long[] idx,
      float[] feat,
      int slotOffset) {
    Arrays.fill(idx, slotOffset, slotOffset + slots, pad);
    Arrays.fill(feat, slotOffset * DIM, (slotOffset + slots) * DIM, 0f);
    SmallIntMap slotOf = new SmallIntMap(slots);
    int from = Math.max(0, end - LOOKBACK);
    int used = 0;
    for (int k = end - 1; k >= from; k--) {
      int item = h.item(k);
      if (item < 0) {
        continue;
      }
      int s = slotOf.get(item);
      if (s < 0) {
        if (used == slots) {
          continue;
        }
        s = used++;
        slotOf.put(item, s);
        idx[slotOffset + s] = item;
        if (k == end - 1) {
          feat[(slotOffset + s) * DIM + 4] = 1f;
        }
      }
      int f = (slotOffset + s) * DIM;
      double age = Math.max(0, queryTime - h.time(k));
      feat[f] += 1f;
      for (int c = 0; c < SCALES.length; c++) {
        feat[f + 1 + c] += (float) Math.exp(-age / SCALES[c]);
      }
    }
    for (int s = 0; s < used; s++) {
      int f = (slotOffset + s) * DIM;
      feat[f] = (float) Math.log1p(feat[f]);
      for (int c = 1; c <= SCALES.length; c++) {
        feat[f + c] = (float) Math.log1p(feat[f + c]);
      }
    }
  }
}
