package io.strec.model.baseline;

import io.strec.data.Dataset;
import io.strec.data.Item;
import io.strec.model.History;
import io.strec.model.Query;
import io.strec.model.ServableModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Score of item i given the last L distinct catalogue items j_0 (most recent), j_1, ... of the
 * history:
 *
 * <pre>
 *   score = sum_r decay^r * sim(j_r, i) + eps * c(i) / max c
 *   sim(j, i) = |U(j) and U(i)| / sqrt(|U(j)| * |U(i)|)   if i is among the top-N neighbours of j, else 0
 * </pre>
 *
 * where U(i) is the set of training users with at least one event of i (binary co-occurrence) and
 * an item is never its own neighbour. Neighbours are ranked by similarity, ties by item index.
 *
 * <p>An item added by {@link #withItems} has no training users, so it has no neighbours and is
 * nobody's neighbour: it scores 0 whatever the history. An event on it in a history is skipped like
 * one outside the catalogue and takes none of the L places.
 *
 * <p>Neighbour lists are stored in compressed rows: those of j are {@code nbr[start[j] ..
 * start[j+1])} with similarities in {@code sim}; rows exist for the items the model was fitted on,
 * {@code start.length - 1} of them. Saved as {@link BaselineFile} layout version {@value
 * #FILE_VERSION}: N, L (int32), decay, eps (float64), {@code start}, {@code nbr} (int32 arrays),
 * {@code sim} (float32 array), then c(i) / max c per item (float64 array).
 */
final class ItemKnnModel implements ServableModel {
  static final int FILE_VERSION = 1;

  private final int[] start;
  private final int[] nbr;
  private final float[] sim;
  private final double[] popByMax;
  private final ItemKnnTrainer cfg;

  private ItemKnnModel(int[] start, int[] nbr, float[] sim, double[] popByMax, ItemKnnTrainer cfg) {
    this.start = start;
    this.nbr = nbr;
    this.sim = sim;
    this.popByMax = popByMax;
    this.cfg = cfg;
  }

  static ItemKnnModel fit(Dataset train, ItemKnnTrainer cfg) {
    int n = train.numItems();
    int[][] userItems = distinctItemsPerUser(train);
    int[][] itemUsers = transpose(userItems, n);
    int[] start = new int[n + 1];
    int[] nbr = new int[Math.max(16, n)];
    float[] sim = new float[nbr.length];
    int size = 0;
    int[] co = new int[n];
    int[] touched = new int[n];
    for (int a = 0; a < n; a++) {
      // Row a of the co-occurrence matrix, built from a's users only: sum_u |items(u)|^2 overall.
      int t = 0;
      for (int u : itemUsers[a]) {
        for (int b : userItems[u]) {
          if (b != a && co[b]++ == 0) {
            touched[t++] = b;
          }
        }
      }
      // Positive floats order like their bit patterns, so one long sort gives similarity
      // descending, then item index ascending.
      long[] keys = new long[t];
      for (int k = 0; k < t; k++) {
        int b = touched[k];
        float s = (float) (co[b] / Math.sqrt((double) itemUsers[a].length * itemUsers[b].length));
        keys[k] = ((long) (Integer.MAX_VALUE - Float.floatToIntBits(s)) << 32) | b;
        co[b] = 0;
      }
      Arrays.sort(keys);
      int keep = Math.min(t, cfg.neighbours());
      if (size + keep > nbr.length) {
        int cap = Math.max(size + keep, 2 * nbr.length);
        nbr = Arrays.copyOf(nbr, cap);
        sim = Arrays.copyOf(sim, cap);
      }
      for (int k = 0; k < keep; k++) {
        nbr[size] = (int) keys[k];
        sim[size] = Float.intBitsToFloat(Integer.MAX_VALUE - (int) (keys[k] >>> 32));
        size++;
      }
      start[a + 1] = size;
    }
    return new ItemKnnModel(
        start,
        Arrays.copyOf(nbr, size),
        Arrays.copyOf(sim, size),
        Popularity.byMax(train.itemCounts()),
        cfg);
  }

  /** Each user's distinct item indices, ascending. */
  private static int[][] distinctItemsPerUser(Dataset train) {
    int[][] out = new int[train.numUsers()][];
    for (int u = 0; u < out.length; u++) {
      int[] evs = train.eventsOf(u);
      int[] items = new int[evs.length];
      for (int k = 0; k < evs.length; k++) {
        items[k] = train.item(evs[k]);
      }
      Arrays.sort(items);
      int m = 0;
      for (int k = 0; k < items.length; k++) {
        if (k == 0 || items[k] != items[k - 1]) {
          items[m++] = items[k];
        }
      }
      out[u] = Arrays.copyOf(items, m);
    }
    return out;
  }

  /** For each item, the users holding it, ascending. */
  private static int[][] transpose(int[][] userItems, int numItems) {
    int[] deg = new int[numItems];
    for (int[] items : userItems) {
      for (int i : items) {
        deg[i]++;
      }
    }
    int[][] out = new int[numItems][];
    for (int i = 0; i < numItems; i++) {
      out[i] = new int[deg[i]];
    }
    int[] fill = new int[numItems];
    for (int u = 0; u < userItems.length; u++) {
      for (int i : userItems[u]) {
        out[i][fill[i]++] = u;
      }
    }
    return out;
  }

  /** The stored similarity of {@code i} as a neighbour of {@code j}, 0 when not kept. */
  double similarity(int j, int i) {
    for (int k = start[j]; k < start[j + 1]; k++) {
      if (nbr[k] == i) {
        return sim[k];
      }
    }
    return 0;
  }

  /** Number of neighbours kept for item {@code j}. */
  int neighbourCount(int j) {
    return start[j + 1] - start[j];
  }

  @Override
  public String name() {
    return ItemKnnFactory.NAME;
  }

  @Override
  public int numItems() {
    return popByMax.length;
  }

  @Override
  public void score(Query query, float[] scores) {
    int n = popByMax.length;
    Scores.requireRoom(scores, n);
    double[] acc = new double[n];
    boolean[] used = new boolean[n];
    History h = query.history();
    int voters = 0;
    double w = 1;
    int fitted = start.length - 1;
    for (int k = h.size() - 1; k >= 0 && voters < cfg.lastItems(); k--) {
      int j = h.item(k);
      if (j < 0 || j >= fitted || used[j]) {
        continue;
      }
      used[j] = true;
      voters++;
      for (int p = start[j]; p < start[j + 1]; p++) {
        acc[nbr[p]] += w * sim[p];
      }
      w *= cfg.decay();
    }
    double eps = cfg.epsilon();
    for (int i = 0; i < n; i++) {
      scores[i] = (float) (acc[i] + eps * popByMax[i]);
    }
  }

  @Override
  public ItemKnnModel withItems(List<Item> added) {
    // c(i) = 0 for the new items; the neighbour rows stay those of the fitted items.
    return new ItemKnnModel(
        start, nbr, sim, Arrays.copyOf(popByMax, popByMax.length + added.size()), cfg);
  }

  @Override
  public void save(Path dir) throws IOException {
    try (BaselineFile.Out out = BaselineFile.create(dir, name(), FILE_VERSION)) {
      out.writeInt(cfg.neighbours());
      out.writeInt(cfg.lastItems());
      out.writeDouble(cfg.decay());
      out.writeDouble(cfg.epsilon());
      out.ints(start);
      out.ints(nbr);
      out.floats(sim);
      out.doubles(popByMax);
    }
  }

  static ItemKnnModel load(Path dir) throws IOException {
    try (BaselineFile.In in = BaselineFile.open(dir, ItemKnnFactory.NAME, FILE_VERSION)) {
      int neighbours = in.readInt("N");
      int lastItems = in.readInt("L");
      double decay = in.readDouble("decay");
      double eps = in.readDouble("epsilon");
      ItemKnnTrainer cfg = in.settings(() -> new ItemKnnTrainer(neighbours, lastItems, decay, eps));
      int[] start = in.ints("the row offsets");
      int[] nbr = in.ints("the neighbours");
      float[] sim = in.floats("the similarities");
      double[] popByMax = in.doubles("the scaled popularity");
      in.end();
      int fitted = start.length - 1;
      in.checkOffsets(start, nbr.length, "the row offsets");
      in.checkLength(nbr.length, sim.length, "the similarities");
      in.check(
          fitted <= popByMax.length,
          "neighbour lists cover " + fitted + " items, the model has " + popByMax.length);
      in.checkIndices(nbr, fitted, "the neighbours");
      return new ItemKnnModel(start, nbr, sim, popByMax, cfg);
    }
  }
}
