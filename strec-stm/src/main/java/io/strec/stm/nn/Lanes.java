package io.strec.stm.nn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Threads that run pieces of per-weight work side by side: the optimizer's update, the moving
 * average and the sum of the shards' gradients touch each weight on its own, with a dozen engine
 * operations of a few microseconds of call each, so on a network of some seventy weight arrays they
 * cost a step several milliseconds of calls that need not wait on each other. Each weight's
 * arithmetic is the same whichever lane runs it, so the results are bit for bit those of one lane.
 */
public interface Lanes {
  /** Elements whose arithmetic costs about as much as one engine call. */
  long CALL_COST = 20_000;

  /** One lane: every piece runs on the calling thread, in order. */
  Lanes SERIAL =
      new Lanes() {
        @Override
        public int count() {
          return 1;
        }

        @Override
        public void runAll(List<Runnable> pieces) {
          pieces.forEach(Runnable::run);
        }
      };

  /** How many pieces can run at once. */
  int count();

  /** Runs every piece, side by side as far as the lanes allow, and returns when all are done. */
  void runAll(List<Runnable> pieces);

  /**
   * The names of {@code params}' trainable weights but the {@code skipped} ones in at most {@link
   * #count()} groups of about equal cost, each in creation order: a weight costs its calls ({@value
   * #CALL_COST} elements' worth) and its size. The same weights and lanes give the same groups.
   */
  default List<List<String>> split(Params params, Set<String> skipped) {
    List<String> names = new ArrayList<>();
    for (String name : params.all().keySet()) {
      if (!skipped.contains(name)) {
        names.add(name);
      }
    }
    int k = Math.max(1, Math.min(count(), names.size()));
    List<List<String>> groups = new ArrayList<>(k);
    long[] load = new long[k];
    for (int g = 0; g < k; g++) {
      groups.add(new ArrayList<>());
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      order.add(i);
    }
    // Largest first, each to the least loaded group (ties to the first): then creation order back.
    order.sort(
        Comparator.comparingLong((Integer i) -> -cost(params, names.get(i)))
            .thenComparingInt(i -> i));
    int[] groupOf = new int[names.size()];
    for (int i : order) {
      int best = 0;
      for (int g = 1; g < k; g++) {
        if (load[g] < load[best]) {
          best = g;
        }
      }
      groupOf[i] = best;
      load[best] += cost(params, names.get(i));
    }
    for (int i = 0; i < names.size(); i++) {
      groups.get(groupOf[i]).add(names.get(i));
    }
    groups.removeIf(List::isEmpty);
    return groups;
  }

  private static long cost(Params params, String name) {
    return CALL_COST + params.get(name).size();
  }
}
