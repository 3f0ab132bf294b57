package io.strec.stm;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How a fit runs, as opposed to what it learns ({@link StmConfig}).
 *
 * @param log receives one line per epoch (loss, validation MRR, seconds)
 * @param progressBar whether to draw a console progress bar over each epoch's batches
 * @param checkpoints directory for the per-epoch checkpoint; a fit finding a matching checkpoint
 *     there resumes from it
 * @param epochBudget most epochs to run in this call (0 = no limit); a time-boxed run stops after
 *     them with its checkpoint in place and a later call resumes
 */
public record TrainOptions(
    Consumer<String> log, boolean progressBar, Optional<Path> checkpoints, int epochBudget) {
  public TrainOptions {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(checkpoints, "checkpoints");
    if (epochBudget < 0) {
      throw new IllegalArgumentException("epoch budget must be >= 0, got " + epochBudget);
    }
  }

  public TrainOptions(Consumer<String> log, boolean progressBar, Optional<Path> checkpoints) {
    this(log, progressBar, checkpoints, 0);
  }

  /** Quiet: no log, no bar, no checkpoints. */
  public static TrainOptions quiet() {
    return new TrainOptions(line -> {}, false, Optional.empty());
  }
}
