package io.strec.options;

import io.strec.util.BadInputException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a top-K list comes from and how long it is: {@code --model-dir} and {@code -k}. */
public final class TopKOptions {
  @Option(names = "--model-dir", required = true, paramLabel = "DIR")
  private Path modelDir;

  @Option(names = "-k", defaultValue = "10", paramLabel = "K")
  private int k;

  public Path modelDir() {
    return modelDir;
  }

  /** K, checked to be at least 1. */
  public int k() {
    if (k < 1) {
      throw new BadInputException("-k must be >= 1, got " + k);
    }
    return k;
  }
}
