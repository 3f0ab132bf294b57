package io.strec.stm.data;

import io.strec.model.History;

/**
 * Where the candidates of one slot term and their features come from: for one query, up to a given
 * number of items, each with {@link #dim()} features, written into a batch's slot arrays by the
 * {@link BatchBuilder}. The network turns the features into the term's values ({@code
 * io.strec.stm.nn.SlotTerm}); the source only decides which items a query's slots hold and what is
 * known about them.
 */
public interface SlotSource {
  /** Features per slot. */
  int dim();

  /**
   * Writes up to {@code slots} items and their features for {@code query} into {@code items[offset,
   * offset + slots)} and {@code features[offset * dim, (offset + slots) * dim)}: the padding index
   * {@link Query#pad()} and zero features in the slots it leaves unused. A source looks only at the
   * history the query sees and, where it says so, leaves the query's own target out of what it
   * counts.
   */
  void write(Query query, int slots, long[] items, float[] features, int offset);

  /**
   * Whether {@link #write} costs enough that a fit should keep what it wrote for a window from one
   * epoch to the next ({@link BatchBuilder#remembering}) rather than write it again: yes unless a
   * source says it only copies from a table it holds.
   */
  default boolean worthKeeping() {
    return true;
  }

  /**
   * One query as a slot source sees it: the first {@code end} events of {@code history}, the query
   * time and its local offset in minutes, the target item (a training example's, -1 at inference),
   * the padding index, and the query place in degrees (NaN when unknown or when space is ablated).
   */
  record Query(
      History history,
      int end,
      long time,
      int tzMinutes,
      int target,
      int pad,
      double latitude,
      double longitude) {
    /** A query without a place. */
    public Query(History history, int end, long time, int tzMinutes, int target, int pad) {
      this(history, end, time, tzMinutes, target, pad, Double.NaN, Double.NaN);
    }
  }

  /** A source of padding only, with {@code dim} features per slot: a switched-off term. */
  static SlotSource none(int dim) {
    return new SlotSource() {
      @Override
      public int dim() {
        return dim;
      }

      @Override
      public void write(Query query, int slots, long[] items, float[] features, int offset) {
        java.util.Arrays.fill(items, offset, offset + slots, query.pad());
        java.util.Arrays.fill(features, offset * dim, (offset + slots) * dim, 0f);
      }

      @Override
      public boolean worthKeeping() {
        return false;
      }

      @Override
      public String toString() {
        return "none";
      }
    };
  }
}
