package io.strec.model;

import io.strec.data.Dataset;
import io.strec.eval.QueryTime;

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

  /**
   * This trainer for a split whose cases name the moment {@code q} ({@link QueryTime#apply}). A
   * model that reads the query time is trained and validated under the same setting, so that under
   * {@link QueryTime#LAST} it never learns from the time of the event it predicts; the default, for
   * models that ignore the query time or fit no query, returns this trainer unchanged. Whoever fits
   * a trainer for an evaluation split calls this with the split's setting ({@link
   * QueryTime#of(io.strec.eval.EvalSplit)}).
   */
  default Trainer withQueryTime(QueryTime q) {
    return this;
  }
}
