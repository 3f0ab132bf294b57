package io.strec.model.baseline;

import io.strec.data.Dataset;
import io.strec.feature.LocalTimeFeatures;
import io.strec.model.ServableModel;
import io.strec.model.Trainer;

/**
 * Settings of {@code time-pop}.
 *
 * @param alpha weight of the item's mean hourly count against its count in the query's bucket; 0
 *     uses the bucket alone, large values approach plain popularity
 * @param windowHours the bucket count is averaged over hours of week {@code h-w..h+w} (cyclic)
 */
public record TimePopTrainer(double alpha, int windowHours) implements Trainer {
  public TimePopTrainer {
    if (!(alpha >= 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("time-pop alpha must be finite and >= 0, got " + alpha);
    }
    if (windowHours < 0 || 2 * windowHours + 1 > LocalTimeFeatures.HOURS_PER_WEEK) {
      throw new IllegalArgumentException(
          "time-pop window must be in [0, "
              + (LocalTimeFeatures.HOURS_PER_WEEK - 1) / 2
              + "] hours, got "
              + windowHours);
    }
  }

  @Override
  public String describe() {
    return TimePopFactory.NAME + "(alpha=" + Scores.fmt(alpha) + ",window=" + windowHours + ")";
  }

  @Override
  public ServableModel fit(Dataset train, long seed) {
    return TimePopModel.fit(train, this);
  }
}
