package io.strec.spark;

import io.strec.data.RowPolicy;
import io.strec.data.io.ColumnMapping;
import io.strec.data.io.DatasetKind;
import io.strec.data.io.DatasetSpec;
import io.strec.data.io.ItemColumnMapping;
import io.strec.spark.ingest.SourceRef;
import io.strec.util.BadInputException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The dataset options every {@code strec-spark} command shares, as {@code strec} spells them. */
final class DataOptions {
  @Option(
      names = "--dataset",
      required = true,
      paramLabel = "KIND:PATH",
      description =
          DatasetKind.USAGE + " (readable under the same path by the driver and the executors)")
  String dataset;

  @Option(
      names = "--columns",
      paramLabel = "MAPPING",
      defaultValue = "",
      description = "Column mapping for csv/tsv/jsonl, e.g. user=uid,item=sku,time=ts.")
  String columns;

  @Option(names = "--items", paramLabel = "FILE", description = "Item metadata for csv/tsv/jsonl.")
  Path items;

  @Option(
      names = "--item-columns",
      paramLabel = "MAPPING",
      defaultValue = "",
      description = "Column mapping of --items, e.g. item=id,title=name,categories=genre.")
  String itemColumns;

  @Option(
      names = "--on-error",
      defaultValue = "fail",
      paramLabel = "fail|skip",
      description = "A malformed row stops the job (fail) or goes to the reject file (skip).")
  String onError;

  @Option(
      names = "--rejects",
      paramLabel = "FILE",
      description =
          "Reject file for --on-error skip (default: rejects.tsv), written by the driver.")
  Path rejects;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Least number of splits per input file and of tasks (default: Spark's parallelism).")
  int partitions;

  /** The dataset with absolute paths, which mean the same on every executor of a shared mount. */
  SourceRef source() {
    DatasetSpec spec = DatasetSpec.parse(dataset);
    BadInputException.parse("--columns", columns, ColumnMapping::parse);
    BadInputException.parse("--item-columns", itemColumns, ItemColumnMapping::parse);
    if (items == null && !itemColumns.isBlank()) {
      throw new BadInputException("--item-columns maps the columns of --items FILE, not given");
    }
    return new SourceRef(
        spec.kind().id() + ":" + spec.location().toAbsolutePath(),
        columns,
        items == null ? "" : items.toAbsolutePath().toString(),
        itemColumns);
  }

  RowPolicy policy() {
    return switch (onError) {
      case "fail" -> RowPolicy.fail();
      case "skip" -> RowPolicy.skip(rejects == null ? Path.of("rejects.tsv") : rejects);
      default ->
          throw new BadInputException("--on-error must be fail or skip, not '" + onError + "'");
    };
  }

  int partitions(int parallelism) {
    if (partitions < 0) {
      throw new BadInputException("--partitions must be >= 0, got " + partitions);
    }
    return partitions == 0 ? Math.max(1, parallelism) : partitions;
  }
}
