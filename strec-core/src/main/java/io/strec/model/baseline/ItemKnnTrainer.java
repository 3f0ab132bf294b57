package io.strec.model.baseline;

import io.strec.data.Dataset;
import io.strec.model.ServableModel;
import io.strec.model.Trainer;

/**
 * Settings of {@code itemknn}.
 *
 * @param neighbours how many most similar items each item keeps ({@link #ALL} for every one)
 * @param lastItems how many of the most recent distinct history items vote
 * @param decay the r-th most recent of them (r = 0 for the last) votes with weight {@code decay^r};
 *     1 for equal votes
 * @param epsilon weight of the popularity tie-breaker, popularity scaled to [0, 1] by the largest
 *     count
 */
public record ItemKnnTrainer(int neighbours, int lastItems, double decay, double epsilon)
    implements Trainer {
  /** Keep every neighbour. */
  public static final int ALL = Integer.MAX_VALUE;

  /**
   * Small enough that popularity only orders items that no history item points to, as long as no
   * item has more than 10,000 distinct users (a nonzero cosine is at least 1 / that number).
   */
  public static final double DEFAULT_EPSILON = 1e-4;

  public ItemKnnTrainer {
    if (neighbours < 1) {
      throw new IllegalArgumentException("itemknn neighbours must be >= 1, got " + neighbours);
    }
    if (lastItems < 1) {
      throw new IllegalArgumentException("itemknn lastItems must be >= 1, got " + lastItems);
    }
    if (!(decay > 0 && decay <= 1)) {
      throw new IllegalArgumentException("itemknn decay must be in (0, 1], got " + decay);
    }
    if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("itemknn epsilon must be finite and >= 0, got " + epsilon);
    }
  }

  @Override
  public String describe() {
    return ItemKnnFactory.NAME
        + "(N="
        + (neighbours == ALL ? "all" : Integer.toString(neighbours))
        + ",L="
        + lastItems
        + ",decay="
        + Scores.fmt(decay)
        + ",eps="
        + Scores.fmt(epsilon)
        + ")";
  }

  @Override
  public ServableModel fit(Dataset train, long seed) {
    return ItemKnnModel.fit(train, this);
  }
}
