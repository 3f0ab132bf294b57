package io.strec.eval.protocol;

import io.strec.eval.EvalSplit;

/**
 * Cold-start views of a split: cases of users with little history, or of items unseen in training.
 */
public final class ColdStart {
  private ColdStart() {}

  /** Keeps the cases whose user has at most {@code maxEvents} events in the case's history. */
  public static EvalSplit users(EvalSplit split, int maxEvents) {
    if (maxEvents < 0) {
      throw new IllegalArgumentException("maxEvents must be >= 0: " + maxEvents);
    }
    return split.filter(
        "cold users (history <= " + maxEvents + ")", c -> c.query().history().size() <= maxEvents);
  }

  /** Keeps the cases whose target item has no training event. */
  public static EvalSplit items(EvalSplit split) {
    int[] counts = split.train().itemCounts();
    return split.filter("cold items (no training event)", c -> counts[c.target()] == 0);
  }
}
