package io.strec.spark;

import io.strec.data.RowPolicy;
import io.strec.data.io.DatasetSpec;
import io.strec.options.DatasetOptions;
import io.strec.spark.ingest.SourceRef;
import io.strec.util.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The dataset options of every {@code strec-spark} command: {@code strec}'s own ({@link
 * DatasetOptions}), with {@code --dataset} required, and the number of partitions.
 */
final class DataOptions {
  @Mixin DatasetOptions options;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Least number of splits per input file and of tasks (default: Spark's parallelism).")
  int partitions;

  /** The dataset with absolute paths, which mean the same on every executor of a shared mount. */
  SourceRef source() {
    DatasetSpec spec = options.spec();
    String columns = options.columns();
    String itemColumns = options.itemColumns();
    return new SourceRef(
        spec.kind().id() + ":" + spec.location().toAbsolutePath(),
        columns,
        options.items().map(p -> p.toAbsolutePath().toString()).orElse(""),
        itemColumns);
  }

  RowPolicy policy() {
    return options.policy();
  }

  int partitions(int parallelism) {
    if (partitions < 0) {
      throw new BadInputException("--partitions must be >= 0, got " + partitions);
    }
    return partitions == 0 ? Math.max(1, parallelism) : partitions;
  }

  /**
   * Makes {@code --dataset} required, as picocli checks it before the command runs: {@code strec
   * serve} can go without a dataset (it has a built-in city), a Spark job cannot. Everything else
   * about the option stays as {@link DatasetOptions} declares it.
   */
  static final class DatasetRequired implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec command) {
      OptionSpec dataset = command.findOption("--dataset");
      command.remove(dataset);
      command.addOption(dataset.toBuilder().required(true).build());
      return command;
    }
  }
}
