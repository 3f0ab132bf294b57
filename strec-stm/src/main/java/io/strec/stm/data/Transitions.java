package io.strec.stm.data;

import io.strec.data.Dataset;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The global item-to-item flow graph: how often item {@code i} directly followed item {@code j} in
 * some user's training sequence. Only the {@code keep} most frequent successors of each item are
 * kept (ties by item index), with the total count of all successors for normalisation.
 */
public final class Transitions implements SlotSource {
  /** Number of features per (last item, candidate) pair. */
  public static final int DIM = 2;

  private final int[][] next;
  private final int[][] count;
  private final int[] total;

  private Transitions(int[][] next, int[][] count, int[] total) {
    this.next = next;
    this.count = count;
    this.total = total;
  }

  public static Transitions of(Dataset data, int keep) {
    int n = data.numItems();
    java.util.List<Map<Integer, Integer>> maps =
        new java.util.ArrayList<>(java.util.Collections.nCopies(n, (Map<Integer, Integer>) null));
    int[] total = new int[n];
    for (int u = 0; u < data.numUsers(); u++) {
      int[] evs = data.eventsOf(u);
      for (int k = 1; k < evs.length; k++) {
        int j = data.item(evs[k - 1]);
        int i = data.item(evs[k]);
        if (maps.get(j) == null) {
          maps.set(j, new HashMap<>());
        }
        maps.get(j).merge(i, 1, Integer::sum);
        total[j]++;
      }
    }
    int[][] next = new int[n][];
    int[][] count = new int[n][];
    for (int j = 0; j < n; j++) {
      if (maps.get(j) == null) {
        next[j] = new int[0];
        count[j] = new int[0];
        continue;
      }
      Map<Integer, Integer> m = maps.get(j);
      Integer[] keys = m.keySet().toArray(new Integer[0]);
      Arrays.sort(
          keys,
          (a, b) ->
              m.get(a).equals(m.get(b))
                  ? Integer.compare(a, b)
                  : Integer.compare(m.get(b), m.get(a)));
      int s = Math.min(keep, keys.length);
      next[j] = new int[s];
      count[j] = new int[s];
      for (int r = 0; r < s; r++) {
        next[j][r] = keys[r];
        count[j][r] = m.get(keys[r]);
      }
    }
    return new Transitions(next, count, total);
  }

  public int numItems() {
    return next.length;
  }

  /**
   * This graph over a catalogue grown by {@code added} items: they have no transitions to or from
   * any item, since no one has gone to them yet.
   */
  public Transitions withItems(int added) {
    if (added < 0) {
      throw new IllegalArgumentException("cannot add " + added + " items");
    }
    int n = next.length + added;
    int[][] grownNext = Arrays.copyOf(next, n);
    int[][] grownCount = Arrays.copyOf(count, n);
    for (int j = next.length; j < n; j++) {
      grownNext[j] = new int[0];
      grownCount[j] = new int[0];
    }
    return new Transitions(grownNext, grownCount, Arrays.copyOf(total, n));
  }

  /**
   * Writes up to {@code slots} successor features of {@code last} into the given arrays: index
   * {@code pad} and zero features in unused slots. With {@code heldOut} >= 0 one occurrence of the
   * pair (last, heldOut) is removed first, so that a training example does not see its own
   * transition in the counts.
   */
  public void features(
      int last, int heldOut, int slots, int pad, long[] idx, float[] feat, int slotOffset) {
    Arrays.fill(idx, slotOffset, slotOffset + slots, pad);
    Arrays.fill(feat, slotOffset * DIM, (slotOffset + slots) * DIM, 0f);
    if (last < 0) {
      return;
    }
    int tot = total[last] - (heldOut >= 0 ? 1 : 0);
    if (tot <= 0) {
      return;
    }
    int[] nx = next[last];
    int w = 0;
    for (int r = 0; r < nx.length && w < slots; r++) {
      int c = count[last][r] - (nx[r] == heldOut ? 1 : 0);
      if (c <= 0) {
        continue;
      }
      idx[slotOffset + w] = nx[r];
      feat[(slotOffset + w) * DIM] = (float) c / tot;
      feat[(slotOffset + w) * DIM + 1] = (float) Features.log1p(c);
      w++;
    }
  }

  @Override
  public int dim() {
    return DIM;
  }

  /**
   * The successors of the query's last item, with the query's own transition (last item, target)
   * left out of the counts ({@link #features}).
   */
  @Override
  public void write(Query query, int slots, long[] items, float[] features, int offset) {
    int last = query.end() > 0 ? query.history().item(query.end() - 1) : -1;
    features(last, query.target(), slots, query.pad(), items, features, offset);
  }

  /** No: the successors are copied from the graph's lists, as fast as from a window's memo. */
  @Override
  public boolean worthKeeping() {
    return false;
  }

  /** The kept successors of {@code j} (a copy), most frequent first. */
  public int[] successors(int j) {
    return next[j].clone();
  }

  public void write(DataOutputStream out) throws IOException {
    out.writeInt(next.length);
    for (int j = 0; j < next.length; j++) {
      out.writeInt(total[j]);
      out.writeInt(next[j].length);
      for (int r = 0; r < next[j].length; r++) {
        out.writeInt(next[j][r]);
        out.writeInt(count[j][r]);
      }
    }
  }

  public static Transitions read(DataInputStream in) throws IOException {
    int n = in.readInt();
    int[][] next = new int[n][];
    int[][] count = new int[n][];
    int[] total = new int[n];
    Bulk bulk = new Bulk(in);
    for (int j = 0; j < n; j++) {
      total[j] = in.readInt();
      int s = in.readInt();
      if (s < 0 || s > n) {
        throw new IOException("item " + j + " claims " + s + " successors of " + n + " items");
      }
      next[j] = new int[s];
      count[j] = new int[s];
      ByteBuffer pairs = bulk.read(s * 8L);
      for (int r = 0; r < s; r++) {
        next[j][r] = pairs.getInt();
        count[j][r] = pairs.getInt();
      }
    }
    return new Transitions(next, count, total);
  }
}
