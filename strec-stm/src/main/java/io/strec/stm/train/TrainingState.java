package io.strec.stm.train;

import io.strec.stm.nn.Params;
import java.util.Map;

/**
 * Where a fit stands after some epochs: the best validation MRR so far, at which epoch, its
 * weights, how many epochs have passed without improvement, and the epochs its budget planned the
 * schedule for ({@link io.strec.stm.FitBudget}; 0 before a plan or without a budget). Without
 * validation (NaN MRR) the latest epoch counts as the best.
 */
record TrainingState(
    int epochsDone,
    int bestEpoch,
    double bestMrr,
    int badEpochs,
    Map<String, float[]> best,
    int plannedEpochs) {
  static TrainingState fresh() {
    return new TrainingState(0, 0, Double.NEGATIVE_INFINITY, 0, null, 0);
  }

  /** The same state with the schedule planned for {@code epochs} epochs. */
  TrainingState planned(int epochs) {
    return new TrainingState(epochsDone, bestEpoch, bestMrr, badEpochs, best, epochs);
  }

  /**
   * The state after {@code epoch} scored {@code mrr}: the new best when it rises above the best so
   * far by more than the share {@code minGain} of it ({@link io.strec.stm.StmConfig#minGain}),
   * otherwise one more epoch without improvement.
   */
  TrainingState after(int epoch, double mrr, double minGain, Params params) {
    if (Double.isNaN(mrr) || mrr > bestMrr * (1 + minGain)) {
      return new TrainingState(epoch, epoch, mrr, 0, params.values(), plannedEpochs);
    }
    return new TrainingState(epoch, bestEpoch, bestMrr, badEpochs + 1, best, plannedEpochs);
  }

  /** Puts back the best epoch's arrays, the fixed ones too ({@link Params#values}). */
  void restoreBest(Params params) {
    if (best != null) {
      params.load(best);
    }
  }
}
