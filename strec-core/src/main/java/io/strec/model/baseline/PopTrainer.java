package io.strec.model.baseline;

import io.strec.data.Dataset;
import io.strec.model.ServableModel;
import io.strec.model.Trainer;

/** Popularity has nothing to tune; the record exists so every baseline has the same shape. */
public record PopTrainer() implements Trainer {
  @Override
  public String describe() {
    return PopFactory.NAME;
  }

  @Override
  public ServableModel fit(Dataset train, long seed) {
    return new PopModel(train.itemCounts());
  }
}
