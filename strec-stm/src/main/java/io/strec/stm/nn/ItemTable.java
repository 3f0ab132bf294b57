package io.strec.stm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The catalogue items a forward pass computes vectors for, and which of them it scores. The whole
 * table is the catalogue in id order, all scored. A candidate table (the sampled softmax) holds the
 * scored items first, distinct (the batch's targets and negatives), then the other items of the
 * batch's histories, which need a vector but no score; its size is bounded by the batch and the
 * number of negatives, never by the catalogue.
 */
public final class ItemTable {
  private final int numItems;

  /** Catalogue id per table position; null for the whole catalogue. */
  private final long[] rows;

  private final int scored;
  private final Map<Long, Integer> position;

  private ItemTable(int numItems, long[] rows, int scored, Map<Long, Integer> position) {
    this.numItems = numItems;
    this.rows = rows;
    this.scored = scored;
    this.position = position;
  }

  static ItemTable whole(int numItems) {
    return new ItemTable(numItems, null, numItems, null);
  }

  /**
   * @param scoredIds items to score, duplicates allowed
   * @param otherIds further items that need a vector; the padding id {@code numItems} is skipped
   */
  static ItemTable of(int numItems, long[] scoredIds, long[] otherIds) {
    Map<Long, Integer> pos = new HashMap<>();
    long[] rows = new long[scoredIds.length + otherIds.length];
    int n = 0;
    for (long id : scoredIds) {
      n = put(pos, rows, n, id, numItems);
    }
    int scored = n;
    for (long id : otherIds) {
      if (id != numItems) {
        n = put(pos, rows, n, id, numItems);
      }
    }
    return new ItemTable(numItems, Arrays.copyOf(rows, n), scored, pos);
  }

  private static int put(Map<Long, Integer> pos, long[] rows, int n, long id, int numItems) {
    if (id < 0 || id >= numItems) {
      throw new IllegalArgumentException("item " + id + " outside the catalogue of " + numItems);
    }
    if (pos.putIfAbsent(id, n) == null) {
      rows[n] = id;
      return n + 1;
    }
    return n;
  }

  /** Catalogue id per table position; the whole catalogue's are 0 .. numItems - 1. */
  long[] ids() {
    if (rows != null) {
      return rows.clone();
    }
    long[] all = new long[numItems];
    for (int i = 0; i < numItems; i++) {
      all[i] = i;
    }
    return all;
  }

  boolean isWhole() {
    return rows == null;
  }

  int size() {
    return rows == null ? numItems : rows.length;
  }

  /** Items in table positions [0, scored()) are scored. */
  int scored() {
    return scored;
  }

  /**
   * Table positions of catalogue ids; the padding id, and an id not among the first {@code limit}
   * positions, go to {@code limit}.
   */
  long[] positions(long[] ids, int limit) {
    long[] out = new long[ids.length];
    for (int k = 0; k < ids.length; k++) {
      if (rows == null) {
        out[k] = ids[k] < numItems && ids[k] < limit ? ids[k] : limit;
      } else {
        Integer p = position.get(ids[k]);
        out[k] = p == null || p >= limit ? limit : p;
      }
    }
    return out;
  }

  /**
   * The entries of the table's first {@code count} positions, along {@code axis} (0 or 1) of a
   * catalogue-sized array, as an array of {@code step}; the whole table takes {@code a} as it is.
   */
  NDArray take(NDManager step, NDArray a, int axis, int count) {
    NDArray view = a.get(step, new NDIndex("..."));
    if (rows == null) {
      return view;
    }
    NDArray idx = step.create(Arrays.copyOf(rows, count));
    if (axis == 0) {
      return Layers.rows(view, idx);
    }
    return Layers.rows(view.transpose(), idx).transpose();
  }
}
