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
 * Score of item i given the last catalogue item j of the history:
 *
 * <pre>
 *   score = (c(j -> i) + alpha * p(i)) / (c(j) + alpha),   p(i) = c(i) / sum c
 * </pre>
 *
 * where c(j -> i) counts training events of i directly following an event of j by the same user
 * (self-transitions included), c(j) = sum_i c(j -> i) and c(i) is the training count. Without such
 * a j the score is p(i); an item j never followed by anything gets p(i) as well.
 *
 * <p>An item added by {@link #withItems} has no training events and no transitions: p(i) = 0, so it
 * scores 0 whatever the history. An event on it in a history is skipped like one outside the
 * catalogue, since nothing is known of what follows it; the last item is sought before it.
 *
 * <p>Transitions are stored in compressed rows: the successors of j are {@code next[start[j] ..
 * start[j+1])}, ascending, with their counts in {@code count}; rows exist for the items the model
 * was fitted on, {@code start.length - 1} of them. Saved as {@link BaselineFile} layout version
 * {@value #FILE_VERSION}: alpha (float64), {@code start}, {@code next}, {@code count} (int32
 * arrays), then p(i) per item (float64 array); c(j) is recomputed from the counts on loading.
 */
final class MarkovModel implements ServableModel {
  static final int FILE_VERSION = 1;

  private final int[] start;
  private final int[] next;
  private final int[] count;
  private final int[] outTotal;
  private final double[] share;
  private final double alpha;

  private MarkovModel(
      int[] start, int[] next, int[] count, int[] outTotal, double[] share, double alpha) {
    this.start = start;
    this.next = next;
    this.count = count;
    this.outTotal = outTotal;
    this.share = share;
    this.alpha = alpha;
  }

  static MarkovModel fit(Dataset train, double alpha) {
    int n = train.numItems();
    // Each transition as one sortable key from * n + to; sorting groups equal pairs in row order.
    int transitions = 0;
    for (int u = 0; u < train.numUsers(); u++) {
      // Not numEvents - numUsers: a user of the vocabulary may have no training events.
      transitions += Math.max(0, train.eventsOf(u).length - 1);
    }
    long[] keys = new long[transitions];
    int m = 0;
    for (int u = 0; u < train.numUsers(); u++) {
      int[] evs = train.eventsOf(u);
      for (int k = 1; k < evs.length; k++) {
        keys[m++] = (long) train.item(evs[k - 1]) * n + train.item(evs[k]);
      }
    }
    Arrays.sort(keys, 0, m);
    int[] start = new int[n + 1];
    int[] next = new int[m];
    int[] count = new int[m];
    int[] outTotal = new int[n];
    int pairs = 0;
    for (int k = 0; k < m; k++) {
      int from = (int) (keys[k] / n);
      if (k == 0 || keys[k] != keys[k - 1]) {
        next[pairs] = (int) (keys[k] % n);
        start[from + 1]++;
        pairs++;
      }
      count[pairs - 1]++;
      outTotal[from]++;
    }
    for (int j = 0; j < n; j++) {
      start[j + 1] += start[j];
    }
    return new MarkovModel(
        start,
        Arrays.copyOf(next, pairs),
        Arrays.copyOf(count, pairs),
        outTotal,
        Popularity.share(train.itemCounts()),
        alpha);
  }

  @Override
  public String name() {
    return MarkovFactory.NAME;
  }

  @Override
  public int numItems() {
    return share.length;
  }

  @Override
  public void score(Query query, float[] scores) {
    int n = share.length;
    Scores.requireRoom(scores, n);
    int last = lastFittedItem(query.history(), start.length - 1);
    if (last < 0) {
      for (int i = 0; i < n; i++) {
        scores[i] = (float) share[i];
      }
      return;
    }
    double denom = outTotal[last] + alpha;
    for (int i = 0; i < n; i++) {
      scores[i] = (float) (alpha * share[i] / denom);
    }
    for (int k = start[last]; k < start[last + 1]; k++) {
      int i = next[k];
      scores[i] = (float) ((count[k] + alpha * share[i]) / denom);
    }
  }

  /** The last history item among the {@code fitted} ones the transitions cover; -1 if none. */
  private static int lastFittedItem(History h, int fitted) {
    for (int k = h.size() - 1; k >= 0; k--) {
      int j = h.item(k);
      if (j >= 0 && j < fitted) {
        return j;
      }
    }
    return -1;
  }

  @Override
  public MarkovModel withItems(List<Item> added) {
    // p(i) = 0 for the new items; the transition rows stay those of the fitted items.
    return new MarkovModel(
        start, next, count, outTotal, Arrays.copyOf(share, share.length + added.size()), alpha);
  }

  @Override
  public void save(Path dir) throws IOException {
    try (BaselineFile.Out out = BaselineFile.create(dir, name(), FILE_VERSION)) {
      out.writeDouble(alpha);
      out.ints(start);
      out.ints(next);
      out.ints(count);
      out.doubles(share);
    }
  }

  static MarkovModel load(Path dir) throws IOException {
    try (BaselineFile.In in = BaselineFile.open(dir, MarkovFactory.NAME, FILE_VERSION)) {
      double a = in.readDouble("alpha");
      MarkovTrainer cfg = in.settings(() -> new MarkovTrainer(a));
      int[] start = in.ints("the row offsets");
      int[] next = in.ints("the successors");
      int[] count = in.ints("the transition counts");
      double[] share = in.doubles("the popularity shares");
      in.end();
      int fitted = start.length - 1;
      in.checkOffsets(start, next.length, "the row offsets");
      in.checkLength(next.length, count.length, "the transition counts");
      in.check(
          fitted <= share.length,
          "transitions cover " + fitted + " items, the model has " + share.length);
      in.checkIndices(next, fitted, "the successors");
      int[] outTotal = new int[fitted];
      for (int j = 0; j < fitted; j++) {
        for (int k = start[j]; k < start[j + 1]; k++) {
          if (count[k] <= 0) {
            throw in.malformed("transition count " + count[k] + " at " + k + " is not positive");
          }
          outTotal[j] += count[k];
        }
      }
      return new MarkovModel(start, next, count, outTotal, share, cfg.alpha());
    }
  }
}
