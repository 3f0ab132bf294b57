package io.strec.model;

import io.strec.data.Dataset;

/** Fits a {@link Model} on training events. A trainer holds one hyper-parameter setting. */
public interface Trainer {
  /** The setting, e.g. {@code markov(alpha=0.1)}; shown in reports. */
  String describe();

  /**
   * Fits a model on {@code train}; its catalogue is {@code train.items()}.
   *
   * @param seed the source of every random choice made while fitting
   */
  Model fit(Dataset train, long seed);
}
