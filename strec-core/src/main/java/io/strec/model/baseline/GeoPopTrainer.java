package io.strec.model.baseline;

import io.strec.data.Dataset;
import io.strec.model.ServableModel;
import io.strec.model.Trainer;

/**
 * Settings of {@code geo-pop}.
 *
 * @param weight weight of {@code log(1 + count)} against the log distance kernel
 */
public record GeoPopTrainer(double weight) implements Trainer {
  public GeoPopTrainer {
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("geo-pop weight must be finite and >= 0, got " + weight);
    }
  }

  @Override
  public String describe() {
    return GeoPopFactory.NAME + "(w=" + Scores.fmt(weight) + ")";
  }

  @Override
  public ServableModel fit(Dataset train, long seed) {
    return GeoPopModel.fit(train, this);
  }
}
