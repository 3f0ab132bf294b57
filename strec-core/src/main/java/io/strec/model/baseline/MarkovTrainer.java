package io.strec.model.baseline;

import io.strec.data.Dataset;
import io.strec.model.ServableModel;
import io.strec.model.Trainer;

/**
 * Settings of {@code markov}.
 *
 * @param alpha pseudo-count of the popularity prior added to each source item's transitions
 */
public record MarkovTrainer(double alpha) implements Trainer {
  public MarkovTrainer {
    // alpha = 0 would leave 0/0 for a source item with no observed transitions.
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("markov alpha must be finite and > 0, got " + alpha);
    }
  }

  @Override
  public String describe() {
    return MarkovFactory.NAME + "(alpha=" + Scores.fmt(alpha) + ")";
  }

  @Override
  public ServableModel fit(Dataset train, long seed) {
    return MarkovModel.fit(train, alpha);
  }
}
