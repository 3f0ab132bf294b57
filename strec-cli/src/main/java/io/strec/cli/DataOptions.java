package io.strec.cli;

import io.strec.data.DataSource;
import io.strec.data.Loaded;
import io.strec.data.RowPolicy;
import io.strec.data.io.DatasetSpec;
import io.strec.options.DatasetOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;

/**
 * The dataset options of the commands that read one ({@link DatasetOptions}, which strec-spark
 * takes too), and reading the dataset with them.
 */
final class DataOptions {
  @Mixin DatasetOptions options;

  RowPolicy policy() {
    return options.policy();
  }

  DatasetSpec spec() {
    return options.spec();
  }

  /** Whether a dataset was named. */
  boolean given() {
    return options.given();
  }

  /** Reads the dataset under {@code policy}. */
  Loaded load(PrintWriter out, RowPolicy policy) throws IOException {
    DataSource source = options.open();
    out.println("reading " + source.describe());
    return Loaded.read(source, policy);
  }

  /** Prints the row counts (read = accepted + rejected) per file, and where rejects went. */
  static void printCounts(PrintWriter out, RowPolicy policy) {
    out.print(policy.stats().summary());
    if (policy.stats().total().rejected() > 0) {
      out.println(
          "rejected rows written to " + policy.rejectFile().map(Path::toString).orElse("?"));
    }
  }
}
