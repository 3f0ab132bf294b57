package io.strec.stm;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How a fit runs, as opposed to what it learns ({@link StmConfig}).
 *
 * @param log receives one line per epoch (loss, validation MRR, seconds) and one per skipped step
 * @param progressBar whether to draw a console progress bar over each epoch's batches
 * @param checkpoints directory for the per-epoch checkpoint; a fit finding a matching checkpoint
 *     there resumes from it
 * @param epochBudget most epochs to run in this call (0 = no limit); a time-boxed run stops after
 *     them with its checkpoint in place and a later call resumes
 * @param checkNumerics debug switch: check every batch input before each step and the loss, every
 *     weight and every gradient after each backward pass, and stop at the first non-finite value
 *     with a message naming it ({@link io.strec.stm.train.NumericCheck}); slows training down
 * @param shards how many parts of each batch run side by side on their own threads on the CPU (0 =
 *     one per core, at most 8; 1 = none); a fit is repeatable for a given number, and another
 *     number changes the last bits of the gradients' sums
 */
public record TrainOptions(
    Consumer<String> log,
    boolean progressBar,
    Optional<Path> checkpoints,
    int epochBudget,
    boolean checkNumerics,
    int shards) {
  public TrainOptions {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(checkpoints, "checkpoints");
    if (epochBudget < 0) {
      throw new IllegalArgumentException("epoch budget must be >= 0, got " + epochBudget);
    }
    if (shards < 0) {
      throw new IllegalArgumentException("shards must be >= 0 (0 = one per core), got " + shards);
    }
  }

  /** Options without the numeric checks ({@code strec train --check-numerics} switches them on). */
  public TrainOptions(
      Consumer<String> log, boolean progressBar, Optional<Path> checkpoints, int epochBudget) {
    this(log, progressBar, checkpoints, epochBudget, false, 0);
  }

  public TrainOptions(Consumer<String> log, boolean progressBar, Optional<Path> checkpoints) {
    this(log, progressBar, checkpoints, 0);
  }

  /** Quiet: no log, no bar, no checkpoints. */
  public static TrainOptions quiet() {
    return new TrainOptions(line -> {}, false, Optional.empty());
  }

  /** The same options with the numeric checks switched on or off. */
  public TrainOptions withCheckNumerics(boolean on) {
    return new TrainOptions(log, progressBar, checkpoints, epochBudget, on, shards);
  }

  /** The same options with checkpoints in {@code dir} (none when empty). */
  public TrainOptions withCheckpoints(Optional<Path> dir) {
    return new TrainOptions(log, progressBar, dir, epochBudget, checkNumerics, shards);
  }

  /** The same options running at most {@code epochs} epochs per call (0 = no limit). */
  public TrainOptions withEpochBudget(int epochs) {
    return new TrainOptions(log, progressBar, checkpoints, epochs, checkNumerics, shards);
  }

  /** The same options with {@code n} shards per step (0 = one per core). */
  public TrainOptions withShards(int n) {
    return new TrainOptions(log, progressBar, checkpoints, epochBudget, checkNumerics, n);
  }
}
