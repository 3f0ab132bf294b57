package io.strec.model.baseline;

import io.strec.data.Dataset;
import io.strec.model.History;
import io.strec.model.Model;
import io.strec.model.Query;
import java.util.Arrays;

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
 * <p>Transitions are stored in compressed rows: the successors of j are {@code next[start[j] ..
 * start[j+1])}, ascending, with their counts in {@code count}.
 */
final class MarkovModel implements Model {
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
    int last = lastCatalogueItem(query.history());
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

  private static int lastCatalogueItem(History h) {
    for (int k = h.size() - 1; k >= 0; k--) {
      if (h.item(k) >= 0) {
        return h.item(k);
      }
    }
    return -1;
  }
}
