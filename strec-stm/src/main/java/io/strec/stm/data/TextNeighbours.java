package io.strec.stm.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.strec.model.History;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Each item's nearest items by the cosine of their frozen language-model vectors, and the features
 * the text-neighbour score term reads from them: an item textually close to what the user just
 * interacted with is a likely next item even when no one has gone from one to the other yet (the
 * {@code content} model's signal, here weighed by the network per user state).
 *
 * <p>For a query, the candidates are the neighbours of the {@link #RECENT} most recent distinct
 * history items; each gets {@link #DIM} features: its cosine to the last item, its largest cosine
 * to any of the recent items, and the sum of its cosines to them divided by {@link #RECENT} (a
 * cosine counts as 0 where the candidate is not among that item's kept neighbours, and so does a
 * recent item a short history does not have). The {@code slots} candidates with the largest second
 * feature are kept, ties by item index.
 */
public final class TextNeighbours implements SlotSource, AutoCloseable {
  /** Features per (query, candidate). */
  public static final int DIM = 3;

  /** Most recent distinct history items whose neighbours are candidates. */
  public static final int RECENT = 3;

  /** Rows of the similarity matrix computed per block: bounds memory by about 64 MB. */
  private static final long BLOCK_FLOATS = 1L << 24;

  /** Candidates beyond {@code keep + 1} taken per row, to settle ties at the boundary exactly. */
  static final int TIE_SLACK = 16;

  /**
   * Catalogues up to this size get the exact lists of {@link #of}; larger ones those of {@link
   * ClusteredNeighbours}.
   */
  public static final int EXACT_MAX = 50_000;

  private final NeighbourLists lists;

  private TextNeighbours(NeighbourLists lists) {
    this.lists = lists;
  }

  private TextNeighbours(int[][] next, float[][] cosine) {
    this(NeighbourLists.of(next, cosine));
  }

  static TextNeighbours fromLists(int[][] next, float[][] cosine) {
    return new TextNeighbours(next, cosine);
  }

  /**
   * The lists of a model directory's {@code neighbours.bin} (written by {@link #write}), read from
   * the file when a query needs them: a loaded model keeps 8 bytes per item in memory instead of
   * its lists. Holds the file open until {@link #close}.
   *
   * @throws IOException when the file cannot be read or does not hold what its counts claim
   */
  public static TextNeighbours open(Path file) throws IOException {
    return new TextNeighbours(NeighbourLists.open(file));
  }

  /**
   * The neighbour lists of a fitted catalogue: exact ({@link #of}) up to {@link #EXACT_MAX} items,
   * sought within clusters ({@link ClusteredNeighbours}, seeded by {@code seed}) beyond.
   *
   * @param log receives progress lines of the clustered search
   */
  public static TextNeighbours find(
      float[][] text, int keep, NDManager manager, long seed, Consumer<String> log) {
    return text.length <= EXACT_MAX
        ? of(text, keep, manager)
        : ClusteredNeighbours.find(text, keep, manager, seed, log);
  }

  /**
   * The clustered search of {@link #find} with {@code probes} clusters probed per item, whatever
   * the catalogue's size: for measuring its recall and cost against the exact lists.
   */
  public static TextNeighbours clustered(
      float[][] text, int keep, NDManager manager, long seed, int probes, Consumer<String> log) {
    return ClusteredNeighbours.find(text, keep, manager, seed, probes, log);
  }

  /** No neighbours for any of {@code numItems} items: the term is off. */
  public static TextNeighbours none(int numItems) {
    int[][] next = new int[numItems][0];
    float[][] cos = new float[numItems][0];
    return new TextNeighbours(next, cos);
  }

  /**
   * The {@code keep} nearest items of each item by cosine (positive cosines only; an item is not
   * its own neighbour; ties by item index). Items with a zero vector have and are no neighbours.
   * The similarity matrix is computed by the tensor engine of {@code manager} in row blocks.
   */
  public static TextNeighbours of(float[][] text, int keep, NDManager manager) {
    return of(text, keep, manager, (int) Math.max(1, BLOCK_FLOATS / Math.max(1, text.length)));
  }

  /**
   * As {@link #of(float[][], int, NDManager)}, {@code blockRows} rows of similarities at a time.
   */
  static TextNeighbours of(float[][] text, int keep, NDManager manager, int blockRows) {
    if (blockRows <= 0) {
      throw new IllegalArgumentException("blockRows must be > 0, got " + blockRows);
    }
    int n = text.length;
    if (keep <= 0 || n == 0) {
      return none(n);
    }
    int[][] next = new int[n][];
    float[][] cos = new float[n][];
    rows(text, 0, keep, manager, blockRows, next, cos);
    return new TextNeighbours(next, cos);
  }

  /**
   * These lists followed by those of the items {@code numItems()} to {@code text.size() - 1}, each
   * found among all the items of {@code text} as {@link #of} finds them. The lists already here are
   * kept as they are, so an added item is a neighbour of added items only: the candidates, and so
   * the scores, of a history of the old items do not change. The catalogue's vectors are read a
   * block of rows at a time, so they need not all be in memory.
   *
   * @param text the vectors of the old items followed by those of the added ones
   */
  public TextNeighbours withItems(ItemText text, int keep, NDManager manager) {
    return withItems(text, NeighbourSpace.unit(), keep, manager);
  }

  /**
   * As {@link #withItems(ItemText, int, NDManager)}, with each vector read mapped by {@code space}
   * (the space the lists already here were sought in, {@link NeighbourSpace}).
   */
  public TextNeighbours withItems(
      ItemText text, UnaryOperator<float[]> space, int keep, NDManager manager) {
    return withItems(text, NeighbourRows.mappedWhenRead(text.size(), space), keep, manager);
  }

  /**
   * As {@link #withItems(ItemText, int, NDManager)}, reading the vectors in the lists' space from
   * {@code rows}, which hold every row of {@code text} ({@link NeighbourRows#plus}): where they are
   * kept in memory, the catalogue is not mapped again.
   */
  public TextNeighbours withItems(ItemText text, NeighbourRows rows, int keep, NDManager manager) {
    return withItems(
        text, rows, keep, manager, (int) Math.max(1, BLOCK_FLOATS / Math.max(1, text.dim())));
  }

  /**
   * As {@link #withItems(ItemText, int, NDManager)}, {@code blockRows} catalogue rows at a time.
   */
  TextNeighbours withItems(ItemText text, int keep, NDManager manager, int blockRows) {
    return withItems(
        text,
        NeighbourRows.mappedWhenRead(text.size(), NeighbourSpace.unit()),
        keep,
        manager,
        blockRows);
  }

  private TextNeighbours withItems(
      ItemText text, NeighbourRows space, int keep, NDManager manager, int blockRows) {
    int old = numItems();
    int n = text.size();
    if (n < old) {
      throw new IllegalArgumentException(n + " text vectors for " + old + " items and more");
    }
    if (space.size() != n) {
      throw new IllegalArgumentException(
          space.size() + " neighbour rows for the " + n + " text vectors");
    }
    // Only the added items' entries are filled; the old lists stay where they are.
    int[][] grownNext = new int[n][];
    float[][] grownCos = new float[n][];
    for (int i = old; i < n; i++) {
      grownNext[i] = new int[0];
      grownCos[i] = new float[0];
    }
    if (keep <= 0 || n == old) {
      return grown(grownNext, grownCos, old);
    }
    int dim = text.dim();
    int added = n - old;
    int take = Math.min(n, keep + 1 + TIE_SLACK);
    // Each added item's best candidates of every block; the best of all blocks are among them.
    float[][] candVals = new float[added][];
    long[][] candIdx = new long[added][];
    try (NDManager sub = manager.newSubManager()) {
      NDArray queries = sub.create(space.block(text, old, n), new Shape(added, dim));
      for (int start = 0; start < n; start += blockRows) {
        int end = Math.min(n, start + blockRows);
        int t = Math.min(take, end - start);
        try (NDManager step = sub.newSubManager()) {
          NDArray rows = step.create(space.block(text, start, end), new Shape(end - start, dim));
          NDList top = queries.matMul(rows.transpose()).topK(t, 1, true, true);
          float[] vals = top.get(0).toFloatArray();
          long[] idx = top.get(1).toType(DataType.INT64, false).toLongArray();
          for (int q = 0; q < added; q++) {
            candVals[q] = append(candVals[q], vals, q * t, t);
            long[] shifted = new long[t];
            for (int k = 0; k < t; k++) {
              shifted[k] = idx[q * t + k] + start;
            }
            candIdx[q] = append(candIdx[q], shifted);
          }
        }
      }
      for (int q = 0; q < added; q++) {
        int item = old + q;
        Integer[] order = new Integer[candVals[q].length];
        for (int k = 0; k < order.length; k++) {
          order[k] = k;
        }
        float[] cv = candVals[q];
        long[] ci = candIdx[q];
        Arrays.sort(
            order,
            (a, b) -> {
              int d = Float.compare(cv[b], cv[a]);
              return d != 0 ? d : Long.compare(ci[a], ci[b]);
            });
        int kept = Math.min(take, order.length);
        float[] vals = new float[kept];
        long[] idx = new long[kept];
        for (int k = 0; k < kept; k++) {
          vals[k] = cv[order[k]];
          idx[k] = ci[order[k]];
        }
        if (!select(item, vals, idx, 0, kept, keep, grownNext, grownCos) && kept < n) {
          // More items tie at the boundary than were taken (identical texts): the whole row.
          NDArray query = queries.get(new NDIndex(q + ":" + (q + 1)));
          float[] row = new float[n];
          for (int start = 0; start < n; start += blockRows) {
            int end = Math.min(n, start + blockRows);
            try (NDManager step = sub.newSubManager()) {
              NDArray rows =
                  step.create(space.block(text, start, end), new Shape(end - start, dim));
              float[] part = query.matMul(rows.transpose()).toFloatArray();
              System.arraycopy(part, 0, row, start, part.length);
            }
          }
          selectExact(item, row, null, keep, grownNext, grownCos);
        }
      }
    }
    return grown(grownNext, grownCos, old);
  }

  /** These lists followed by entries {@code old} onwards of the given ones; retains these. */
  private TextNeighbours grown(int[][] next, float[][] cosine, int old) {
    return new TextNeighbours(
        lists.plus(
            Arrays.copyOfRange(next, old, next.length),
            Arrays.copyOfRange(cosine, old, cosine.length)));
  }

  private static float[] append(float[] a, float[] b, int from, int count) {
    float[] out = a == null ? new float[count] : Arrays.copyOf(a, a.length + count);
    System.arraycopy(b, from, out, out.length - count, count);
    return out;
  }

  private static long[] append(long[] a, long[] b) {
    long[] out = a == null ? b.clone() : Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, out.length - b.length, b.length);
    return out;
  }

  /** Fills the lists of the items {@code from} to {@code text.length - 1}. */
  private static void rows(
      float[][] text,
      int from,
      int keep,
      NDManager manager,
      int blockRows,
      int[][] next,
      float[][] cos) {
    int n = text.length;
    int dim = text[0].length;
    float[] flat = UnitRows.flatten(text, dim);
    int block = Math.min(n, blockRows);
    // The engine picks each row's largest cosines; a few more than asked for, so that the item
    // itself and ties at the boundary are settled here, by cosine then index.
    int take = Math.min(n, keep + 1 + TIE_SLACK);
    try (NDManager sub = manager.newSubManager()) {
      NDArray all = sub.create(flat, new Shape(n, dim));
      NDArray allT = all.transpose();
      for (int start = from; start < n; start += block) {
        int rows = Math.min(block, n - start);
        try (NDManager step = sub.newSubManager()) {
          NDArray sims = all.get(step, new NDIndex(start + ":" + (start + rows))).matMul(allT);
          NDList top = sims.topK(take, 1, true, true);
          float[] vals = top.get(0).toFloatArray();
          long[] idx = top.get(1).toType(DataType.INT64, false).toLongArray();
          for (int r = 0; r < rows; r++) {
            int item = start + r;
            if (!select(item, vals, idx, r * take, take, keep, next, cos) && take < n) {
              // More items tie at the boundary than were taken (identical texts): this row is
              // settled over the whole catalogue, from the same similarities.
              selectExact(item, sims.get(r).toFloatArray(), null, keep, next, cos);
            }
          }
        }
      }
    }
  }

  /**
   * Keeps the {@code keep} best of one row's candidates: positive, not the item, by cosine, then
   * index. Returns false when the last one kept ties with the smallest candidate taken, so that an
   * item not taken could belong in its place.
   */
  static boolean select(
      int item,
      float[] vals,
      long[] idx,
      int offset,
      int take,
      int keep,
      int[][] next,
      float[][] cos) {
    Integer[] order = new Integer[take];
    int c = 0;
    for (int k = 0; k < take; k++) {
      if (idx[offset + k] != item && vals[offset + k] > 0) {
        order[c++] = k;
      }
    }
    Integer[] kept = Arrays.copyOf(order, c);
    Arrays.sort(
        kept,
        (a, b) -> {
          int d = Float.compare(vals[offset + b], vals[offset + a]);
          return d != 0 ? d : Long.compare(idx[offset + a], idx[offset + b]);
        });
    int s = Math.min(keep, c);
    int[] ids = new int[s];
    float[] val = new float[s];
    for (int r = 0; r < s; r++) {
      ids[r] = (int) idx[offset + kept[r]];
      val[r] = vals[offset + kept[r]];
    }
    next[item] = ids;
    cos[item] = val;
    return s < keep || val[s - 1] != vals[offset + take - 1];
  }

  /**
   * {@link #select} over a whole row of cosines: to the items of {@code ids} (ascending), or to
   * every item in order when it is null.
   */
  static void selectExact(int item, float[] row, int[] ids, int keep, int[][] next, float[][] cos) {
    // A min-heap of the best so far: worst (smallest cosine, then largest index) on top.
    PriorityQueue<Integer> heap =
        new PriorityQueue<>(
            keep + 1,
            (a, b) -> {
              int c = Float.compare(row[a], row[b]);
              return c != 0 ? c : Integer.compare(b, a);
            });
    for (int j = 0; j < row.length; j++) {
      if ((ids == null ? j : ids[j]) == item || !(row[j] > 0)) {
        continue;
      }
      heap.add(j);
      if (heap.size() > keep) {
        heap.poll();
      }
    }
    int s = heap.size();
    int[] kept = new int[s];
    float[] val = new float[s];
    for (int r = s - 1; r >= 0; r--) {
      int j = heap.poll();
      kept[r] = ids == null ? j : ids[j];
      val[r] = row[j];
    }
    next[item] = kept;
    cos[item] = val;
  }

  public int numItems() {
    return lists.size();
  }

  /** The kept neighbours of {@code item} (a copy), nearest first. */
  public int[] neighbours(int item) {
    return lists.get(item).next().clone();
  }

  /** Their cosines (a copy), in the order of {@link #neighbours}. */
  public float[] cosines(int item) {
    return lists.get(item).cosine().clone();
  }

  /**
   * Releases the file of lists {@link #open opened} from a model directory once every holder (this
   * and those {@link #withItems grown} from it) has closed; nothing for lists in memory.
   */
  @Override
  public void close() {
    lists.close();
  }

  /**
   * Writes up to {@code slots} candidates and their features for a query that sees the first {@code
   * end} events of {@code h} into the given arrays: index {@code pad} and zero features in unused
   * slots.
   */
  public void features(
      History h, int end, int slots, int pad, long[] idx, float[] feat, int slotOffset) {
    Arrays.fill(idx, slotOffset, slotOffset + slots, pad);
    Arrays.fill(feat, slotOffset * DIM, (slotOffset + slots) * DIM, 0f);
    int[] recent = new int[RECENT];
    int found = 0;
    int n = lists.size();
    for (int k = end - 1; k >= 0 && found < RECENT; k--) {
      int i = h.item(k);
      if (i < 0 || i >= n || contains(recent, found, i)) {
        continue;
      }
      recent[found++] = i;
    }
    NeighbourLists.Entry[] entries = new NeighbourLists.Entry[found];
    int most = 0;
    for (int r = 0; r < found; r++) {
      entries[r] = lists.get(recent[r]);
      most += entries[r].next().length;
    }
    int[] cand = new int[most];
    float[] acc = new float[most * DIM];
    SmallIntMap at = new SmallIntMap(most);
    int c = 0;
    for (int r = 0; r < found; r++) {
      int[] nx = entries[r].next();
      float[] cs = entries[r].cosine();
      for (int k = 0; k < nx.length; k++) {
        int j = at.get(nx[k]);
        if (j < 0) {
          j = c++;
          at.put(nx[k], j);
          cand[j] = nx[k];
        }
        int f = j * DIM;
        if (r == 0) {
          acc[f] = cs[k];
        }
        acc[f + 1] = Math.max(acc[f + 1], cs[k]);
        acc[f + 2] += cs[k] / RECENT;
      }
    }
    int[] order = byLargestCosine(cand, acc, c, at);
    int w = Math.min(slots, c);
    for (int s = 0; s < w; s++) {
      idx[slotOffset + s] = cand[order[s]];
      System.arraycopy(acc, order[s] * DIM, feat, (slotOffset + s) * DIM, DIM);
    }
  }

  /**
   * The candidate indices {@code [0, count)} by their second feature, largest first, ties by item
   * index: one primitive sort of keys that order as that rule does (the feature's bits made to
   * order as floats, reversed, above the item index); {@code at} maps an item to its index.
   */
  private static int[] byLargestCosine(int[] cand, float[] acc, int count, SmallIntMap at) {
    long[] keys = new long[count];
    for (int j = 0; j < count; j++) {
      int bits = Float.floatToIntBits(acc[j * DIM + 1]);
      bits ^= (bits >> 31) & 0x7fffffff;
      keys[j] = ((long) ~bits << 32) | cand[j];
    }
    Arrays.sort(keys);
    int[] order = new int[count];
    for (int s = 0; s < count; s++) {
      order[s] = at.get((int) keys[s]);
    }
    return order;
  }

  @Override
  public int dim() {
    return DIM;
  }

  /** The text neighbours of the query's recent items ({@link #features}). */
  @Override
  public void write(Query query, int slots, long[] items, float[] features, int offset) {
    features(query.history(), query.end(), slots, query.pad(), items, features, offset);
  }

  private static boolean contains(int[] a, int n, int v) {
    for (int k = 0; k < n; k++) {
      if (a[k] == v) {
        return true;
      }
    }
    return false;
  }

  /** Writes the lists in the form {@link #read} and {@link #open} read. */
  public void write(DataOutputStream out) throws IOException {
    lists.write(out);
  }

  /** Reads lists {@link #write} wrote into memory. */
  public static TextNeighbours read(DataInputStream in) throws IOException {
    int n = in.readInt();
    int[][] next = new int[n][];
    float[][] cos = new float[n][];
    Bulk bulk = new Bulk(in);
    for (int j = 0; j < n; j++) {
      int s = in.readInt();
      if (s < 0 || s > n) {
        throw new IOException("item " + j + " claims " + s + " text neighbours of " + n + " items");
      }
      next[j] = new int[s];
      cos[j] = new float[s];
      // One bulk read per item: a million items hold 10^8 numbers, read one by one in seconds.
      ByteBuffer pairs = bulk.read(s * 8L);
      for (int r = 0; r < s; r++) {
        next[j][r] = pairs.getInt();
        cos[j][r] = pairs.getFloat();
      }
    }
    return new TextNeighbours(next, cos);
  }
}
