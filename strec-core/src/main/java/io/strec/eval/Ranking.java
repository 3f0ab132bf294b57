package io.strec.eval;

import io.strec.data.Vocabulary;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Full-catalogue ranking with the tie rule of docs/protocols.md: item j comes before item i when
 * its score is higher, or equal with a smaller id (numeric when all ids are integers).
 */
public final class Ranking {
  private final int[] tieOrder;

  public Ranking(Vocabulary items) {
    tieOrder = new int[items.size()];
    for (int i = 0; i < tieOrder.length; i++) {
      tieOrder[i] = items.tieOrder(i);
    }
  }

  /** Whether item {@code a} ranks before item {@code b}. */
  public boolean before(float[] scores, int a, int b) {
    return scores[a] > scores[b] || (scores[a] == scores[b] && tieOrder[a] < tieOrder[b]);
  }

  /**
   * 1 + the number of items ranked before {@code target}, not counting {@code excluded} items.
   *
   * @param excluded sorted item indices removed from the ranking
   */
  public int rank(float[] scores, int target, int[] excluded) {
    int n = tieOrder.length;
    float s = scores[target];
    int ts = tieOrder[target];
    int ahead = 0;
    for (int j = 0; j < n; j++) {
      float v = scores[j];
      if (v > s || (v == s && tieOrder[j] < ts)) {
        ahead++;
      }
    }
    for (int j : excluded) {
      if (before(scores, j, target)) {
        ahead--;
      }
    }
    return ahead + 1;
  }

  /** The first {@code k} items of the ranking (fewer if the catalogue is smaller), best first. */
  public int[] top(float[] scores, int k, int[] excluded) {
    BitSet out = new BitSet(tieOrder.length);
    for (int j : excluded) {
      out.set(j);
    }
    return top(scores, k, out);
  }

  /**
   * The first {@code k} items of the ranking among those not set in {@code excluded} (fewer when
   * fewer remain), best first.
   */
  public int[] top(float[] scores, int k, BitSet excluded) {
    int n = tieOrder.length;
    int[] heap = new int[Math.min(k, n)];
    int size = 0;
    for (int j = excluded.nextClearBit(0); j < n; j = excluded.nextClearBit(j + 1)) {
      if (size < heap.length) {
        heap[size++] = j;
        siftUp(scores, heap, size - 1);
      } else if (heap.length > 0 && before(scores, j, heap[0])) {
        heap[0] = j;
        siftDown(scores, heap, size);
      }
    }
    int[] out = Arrays.copyOf(heap, size);
    Integer[] boxed = Arrays.stream(out).boxed().toArray(Integer[]::new);
    Arrays.sort(boxed, (a, b) -> before(scores, a, b) ? -1 : (before(scores, b, a) ? 1 : 0));
    for (int i = 0; i < size; i++) {
      out[i] = boxed[i];
    }
    return out;
  }

  /**
   * The first {@code k} of the distinct {@code items} by the ranking's order, best first, where
   * {@code scores[j]} is the score of {@code items[j]}: the same order {@link #top} gives, over a
   * candidate set instead of the whole catalogue.
   */
  public int[] topAmong(int[] items, float[] scores, int k) {
    if (items.length != scores.length) {
      throw new IllegalArgumentException(
          items.length + " candidate items with " + scores.length + " scores");
    }
    // A min-heap of positions into items, on rank order: the root is the worst kept so far.
    int[] heap = new int[Math.min(k, items.length)];
    int size = 0;
    for (int j = 0; j < items.length; j++) {
      if (size < heap.length) {
        heap[size] = j;
        int c = size++;
        while (c > 0 && ahead(items, scores, heap[(c - 1) / 2], heap[c])) {
          int p = (c - 1) / 2;
          int t = heap[p];
          heap[p] = heap[c];
          heap[c] = t;
          c = p;
        }
      } else if (heap.length > 0 && ahead(items, scores, j, heap[0])) {
        heap[0] = j;
        int c = 0;
        while (true) {
          int l = 2 * c + 1;
          int r = l + 1;
          int worst = c;
          if (l < size && ahead(items, scores, heap[worst], heap[l])) {
            worst = l;
          }
          if (r < size && ahead(items, scores, heap[worst], heap[r])) {
            worst = r;
          }
          if (worst == c) {
            break;
          }
          int t = heap[worst];
          heap[worst] = heap[c];
          heap[c] = t;
          c = worst;
        }
      }
    }
    Integer[] order = new Integer[size];
    for (int j = 0; j < size; j++) {
      order[j] = heap[j];
    }
    Arrays.sort(
        order, (a, b) -> ahead(items, scores, a, b) ? -1 : (ahead(items, scores, b, a) ? 1 : 0));
    int[] out = new int[size];
    for (int r = 0; r < size; r++) {
      out[r] = items[order[r]];
    }
    return out;
  }

  /** Whether candidate {@code a} ranks before candidate {@code b} (positions into the arrays). */
  private boolean ahead(int[] items, float[] scores, int a, int b) {
    return scores[a] > scores[b]
        || (scores[a] == scores[b] && tieOrder[items[a]] < tieOrder[items[b]]);
  }

  // Min-heap on rank order: the root is the worst of the current top k.
  private void siftUp(float[] s, int[] h, int i) {
    while (i > 0) {
      int p = (i - 1) / 2;
      if (before(s, h[p], h[i])) {
        int t = h[p];
        h[p] = h[i];
        h[i] = t;
        i = p;
      } else {
        return;
      }
    }
  }

  private void siftDown(float[] s, int[] h, int size) {
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      int r = l + 1;
      int worst = i;
      if (l < size && before(s, h[worst], h[l])) {
        worst = l;
      }
      if (r < size && before(s, h[worst], h[r])) {
        worst = r;
      }
      if (worst == i) {
        return;
      }
      int t = h[worst];
      h[worst] = h[i];
      h[i] = t;
      i = worst;
    }
  }
}
