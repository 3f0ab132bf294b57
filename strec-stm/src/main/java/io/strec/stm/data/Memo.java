package io.strec.stm.data;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The costly parts of one window's rows of a {@link Batch}, as {@link BatchBuilder} computed them:
 * the interval and distance buckets of its event pairs and of its queries, and the items and
 * features of the slot terms worth keeping ({@link SlotSource#worthKeeping}) at each of its
 * queries. Copied back into a batch they give the same values bit for bit. Three arrays a window:
 * the buckets as bytes (they are at most {@link Features#DIST_UNKNOWN}), the slot items as ints
 * (each query's slots of a term only up to its last item that is not padding, after their count),
 * and the slots' features, all in the order a {@link Reader} reads them back.
 */
final class Memo {
  private final byte[] buckets;
  private final int[] items;
  private final float[] features;

  private Memo(byte[] buckets, int[] items, float[] features) {
    this.buckets = buckets;
    this.items = items;
    this.features = features;
  }

  /**
   * What window {@code w}, row {@code b} of {@code bt}, holds: its queries are {@code [firstQuery,
   * firstQuery + w.queries().size())}, {@code pad} is the slots' padding index, and {@code keep[g]}
   * says whether slot term {@code g} is kept.
   */
  static Memo of(Batch bt, int b, Window w, int firstQuery, int pad, boolean[] keep) {
    int l = bt.l;
    int len = w.len();
    int pairs = len * (len + 1) / 2;
    int nq = w.queries().size();
    int[][] used = new int[nq][keep.length];
    long byteCount = 2L * pairs;
    long itemCount = 0;
    long featureCount = 0;
    for (int i = 0; i < nq; i++) {
      int q = firstQuery + i;
      byteCount += 2L * visible(w, i);
      for (int g = 0; g < keep.length; g++) {
        if (keep[g]) {
          Batch.Slots s = bt.slots(g);
          int from = q * s.count();
          int n = s.count();
          while (n > 0 && s.items()[from + n - 1] == pad) {
            n--;
          }
          used[i][g] = n;
          itemCount += 1 + n;
          featureCount += (long) n * s.dim();
        }
      }
    }
    byte[] bytes = new byte[Math.toIntExact(byteCount)];
    int[] its = new int[Math.toIntExact(itemCount)];
    float[] feats = new float[Math.toIntExact(featureCount)];
    int at = 0;
    for (int k = 0; k < len; k++) {
      int row = (b * l + k) * l;
      for (int j = 0; j <= k; j++) {
        bytes[at] = small(bt.timeBucket[row + j]);
        bytes[pairs + at++] = small(bt.distBucket[row + j]);
      }
    }
    at = 2 * pairs;
    int it = 0;
    int ft = 0;
    for (int i = 0; i < nq; i++) {
      int q = firstQuery + i;
      for (int j = 0; j < visible(w, i); j++) {
        bytes[at++] = small(bt.qTimeBucket[q * l + j]);
        bytes[at++] = small(bt.qDistBucket[q * l + j]);
      }
      for (int g = 0; g < keep.length; g++) {
        if (keep[g]) {
          Batch.Slots s = bt.slots(g);
          int from = q * s.count();
          int n = used[i][g];
          its[it++] = n;
          for (int k = 0; k < n; k++) {
            its[it++] = Math.toIntExact(s.items()[from + k]);
          }
          System.arraycopy(s.features(), from * s.dim(), feats, ft, n * s.dim());
          ft += n * s.dim();
        }
      }
    }
    return new Memo(bytes, its, feats);
  }

  /** The events query {@code i} of {@code w} sees. */
  private static int visible(Window w, int i) {
    return w.len() == 0 ? 0 : w.queries().get(i).position() + 1;
  }

  private static byte small(long bucket) {
    if (bucket < 0 || bucket > Byte.MAX_VALUE) {
      throw new IllegalStateException("bucket " + bucket + " does not fit a byte");
    }
    return (byte) bucket;
  }

  /** The bytes this memo holds, each array's header counted as 16. */
  long bytes() {
    return 48L + buckets.length + 4L * items.length + 4L * features.length;
  }

  /** A reader from the start: the pairs first, then each query in order. */
  Reader reader() {
    return new Reader();
  }

  /** Reads a memo back into a batch, in the order {@link #of} wrote it. */
  final class Reader {
    private int at;
    private int it;
    private int ft;

    private Reader() {}

    /** Writes the pair buckets into row {@code b} of {@code bt}, for a window of {@code len}. */
    void pairsInto(Batch bt, int b, int len) {
      int l = bt.l;
      int pairs = len * (len + 1) / 2;
      for (int k = 0; k < len; k++) {
        int row = (b * l + k) * l;
        for (int j = 0; j <= k; j++) {
          bt.timeBucket[row + j] = buckets[at];
          bt.distBucket[row + j] = buckets[pairs + at++];
        }
      }
      at = 2 * pairs;
    }

    /** Writes the next query's buckets into position {@code q} of {@code bt}. */
    void bucketsInto(Batch bt, int q, int visible) {
      int l = bt.l;
      for (int j = 0; j < visible; j++) {
        bt.qTimeBucket[q * l + j] = buckets[at++];
        bt.qDistBucket[q * l + j] = buckets[at++];
      }
    }

    /** Writes the next kept slots, slot term {@code g}'s, into position {@code q} of {@code bt}. */
    void slotsInto(Batch bt, int q, int g, int pad) {
      Batch.Slots s = bt.slots(g);
      int from = q * s.count();
      int n = items[it++];
      for (int k = 0; k < n; k++) {
        s.items()[from + k] = items[it++];
      }
      Arrays.fill(s.items(), from + n, from + s.count(), pad);
      System.arraycopy(features, ft, s.features(), from * s.dim(), n * s.dim());
      ft += n * s.dim();
    }
  }

  /**
   * The memos of a fixed list of windows, told apart by identity, up to a number of bytes: the
   * first memo that does not fit in what remains closes the store, and no window's memo is made
   * after that (so a window past the budget costs no memo at every epoch). Which windows are kept
   * never changes a batch, only how fast it is built. Safe for several threads.
   */
  static final class Store {
    private final IdentityHashMap<Window, Integer> index;
    private final AtomicReferenceArray<Memo> memos;
    private final long maxBytes;
    private long bytes;
    private int kept;
    private boolean closed;

    Store(List<Window> windows, long maxBytes) {
      if (maxBytes < 0) {
        throw new IllegalArgumentException("a memo budget of " + maxBytes + " bytes");
      }
      index = new IdentityHashMap<>(windows.size() * 2);
      for (int i = 0; i < windows.size(); i++) {
        index.put(windows.get(i), i);
      }
      memos = new AtomicReferenceArray<>(windows.size());
      this.maxBytes = maxBytes;
    }

    /** The memo of {@code w}, or null while there is none. */
    Memo get(Window w) {
      Integer i = index.get(w);
      return i == null ? null : memos.get(i);
    }

    /** Whether a memo of {@code w} would be kept: one of the windows, none yet, the store open. */
    synchronized boolean wants(Window w) {
      Integer i = index.get(w);
      return i != null && memos.get(i) == null && !closed;
    }

    /** Keeps {@code memo} for {@code w} if it fits what remains of the budget, else closes. */
    synchronized void offer(Window w, Memo memo) {
      Integer i = index.get(w);
      if (i == null || closed || memos.get(i) != null) {
        return;
      }
      long b = memo.bytes();
      if (bytes + b > maxBytes) {
        closed = true;
        return;
      }
      memos.set(i, memo);
      bytes += b;
      kept++;
    }

    /** {@code [windows remembered, their bytes]}. */
    synchronized long[] size() {
      return new long[] {kept, bytes};
    }
  }
}
