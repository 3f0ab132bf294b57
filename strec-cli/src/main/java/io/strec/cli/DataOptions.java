package io.strec.cli;

import io.strec.data.DataSource;
import io.strec.data.Loaded;
import io.strec.data.RowPolicy;
import io.strec.data.io.ColumnMapping;
import io.strec.data.io.DatasetKind;
import io.strec.data.io.DatasetSpec;
import io.strec.data.io.ItemColumnMapping;
import io.strec.util.BadInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options shared by commands that read a dataset. */
final class DataOptions {
  @Option(names = "--dataset", paramLabel = "KIND:PATH", description = DatasetKind.USAGE)
  String dataset;

  @Option(
      names = "--on-error",
      defaultValue = "fail",
      paramLabel = "fail|skip",
      description =
          "What to do with a malformed row: fail (stop, exit 2; the default) or skip (write it to the reject file and go on).")
  String onError;

  @Option(
      names = "--rejects",
      paramLabel = "FILE",
      description =
          "Reject file for --on-error skip (default: rejects.tsv in the current directory).")
  Path rejects;

  @Option(
      names = "--columns",
      paramLabel = "MAPPING",
      defaultValue = "",
      description =
          "Column mapping for csv/tsv/jsonl, by header name (user=uid,item=sku,time=ts,time-format=unix,lat=y,lon=x)"
              + " or, for a file without a header, by 1-based position (header=none,user=1,item=5,time=2).")
  String columns;

  @Option(
      names = "--items",
      paramLabel = "FILE",
      description = "Item metadata file for csv/tsv/jsonl datasets.")
  Path items;

  @Option(
      names = "--item-columns",
      paramLabel = "MAPPING",
      defaultValue = "",
      description =
          "Column mapping of --items, like --columns: item=id,title=name,categories=genre,brand=..,description=..,lat=..,lon=..,"
              + " or header=none,item=1,title=2.")
  String itemColumns;

  RowPolicy policy() {
    return switch (onError) {
      case "fail" -> RowPolicy.fail();
      case "skip" -> RowPolicy.skip(rejects == null ? Path.of("rejects.tsv") : rejects);
      default ->
          throw new BadInputException("--on-error must be fail or skip, not '" + onError + "'");
    };
  }

  DatasetSpec spec() {
    if (dataset == null) {
      throw new BadInputException("--dataset KIND:PATH is required");
    }
    return DatasetSpec.parse(dataset);
  }

  /** Whether a dataset was named. */
  boolean given() {
    return dataset != null;
  }

  DataSource source() throws IOException {
    if (items == null && !itemColumns.isBlank()) {
      throw new BadInputException("--item-columns maps the columns of --items FILE, not given");
    }
    DatasetSpec spec = spec();
    ColumnMapping mapping = BadInputException.parse("--columns", columns, ColumnMapping::parse);
    ItemColumnMapping itemMapping =
        BadInputException.parse("--item-columns", itemColumns, ItemColumnMapping::parse);
    try {
      return spec.open(mapping, Optional.ofNullable(items), itemMapping);
    } catch (IllegalArgumentException e) {
      // Opening only checks the files and mappings the options name (a file name whose format
      // cannot be told, a JSONL file mapped by position); no row has been read yet.
      throw e instanceof BadInputException
          ? e
          : new BadInputException("--dataset '" + dataset + "': " + e.getMessage(), e);
    }
  }

  /** Reads the dataset under {@code policy}. */
  Loaded load(PrintWriter out, RowPolicy policy) throws IOException {
    DataSource source = source();
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
