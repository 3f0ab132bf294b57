package io.strec.options;

import io.strec.data.DataSource;
import io.strec.data.RowPolicy;
import io.strec.data.io.ColumnMapping;
import io.strec.data.io.DatasetKind;
import io.strec.data.io.DatasetSpec;
import io.strec.data.io.ItemColumnMapping;
import io.strec.util.BadInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Which dataset a command reads and how: {@code --dataset}, its column mappings, its item file and
 * what a malformed row does. {@code --dataset} is optional here because {@code strec serve} falls
 * back on its built-in city; a command that needs it calls {@link #spec}, and {@code strec-spark}
 * marks it required.
 */
public final class DatasetOptions {
  @Option(names = "--dataset", paramLabel = "KIND:PATH", description = DatasetKind.USAGE)
  private String dataset;

  @Option(
      names = "--on-error",
      defaultValue = "fail",
      paramLabel = "fail|skip",
      description =
          "What to do with a malformed row: fail (stop, exit 2; the default) or skip (write it to the reject file and go on).")
  private String onError;

  @Option(
      names = "--rejects",
      paramLabel = "FILE",
      description =
          "Reject file for --on-error skip (default: rejects.tsv in the current directory).")
  private Path rejects;

  @Option(
      names = "--columns",
      paramLabel = "MAPPING",
      defaultValue = "",
      description =
          "Column mapping for csv/tsv/jsonl, by header name (user=uid,item=sku,time=ts,time-format=unix,lat=y,lon=x)"
              + " or, for a file without a header, by 1-based position (header=none,user=1,item=5,time=2).")
  private String columns;

  @Option(
      names = "--items",
      paramLabel = "FILE",
      description = "Item metadata file for csv/tsv/jsonl datasets.")
  private Path items;

  @Option(
      names = "--item-columns",
      paramLabel = "MAPPING",
      defaultValue = "",
      description =
          "Column mapping of --items, like --columns: item=id,title=name,categories=genre,brand=..,description=..,lat=..,lon=..,"
              + " or header=none,item=1,title=2.")
  private String itemColumns;

  /** Whether a dataset was named. */
  public boolean given() {
    return dataset != null;
  }

  /** {@code --dataset} as given, e.g. for a report; fails when it was not. */
  public String dataset() {
    if (dataset == null) {
      throw new BadInputException("--dataset KIND:PATH is required");
    }
    return dataset;
  }

  /** The parsed {@code --dataset}; fails when it was not given. */
  public DatasetSpec spec() {
    return DatasetSpec.parse(dataset());
  }

  /** The checked {@code --columns} text; "" for the default mapping. */
  public String columns() {
    BadInputException.parse("--columns", columns, ColumnMapping::parse);
    return columns;
  }

  /** The checked {@code --item-columns} text, which needs {@code --items}; "" for the default. */
  public String itemColumns() {
    if (items == null && !itemColumns.isBlank()) {
      throw new BadInputException("--item-columns maps the columns of --items FILE, not given");
    }
    BadInputException.parse("--item-columns", itemColumns, ItemColumnMapping::parse);
    return itemColumns;
  }

  public Optional<Path> items() {
    return Optional.ofNullable(items);
  }

  /** What a malformed row does: stop, or go to the reject file (to close when done). */
  public RowPolicy policy() {
    return switch (onError) {
      case "fail" -> RowPolicy.fail();
      case "skip" -> RowPolicy.skip(rejects == null ? Path.of("rejects.tsv") : rejects);
      default ->
          throw new BadInputException("--on-error must be fail or skip, not '" + onError + "'");
    };
  }

  /**
   * Opens the dataset. Only the files and mappings the options name are checked here (a file name
   * whose format cannot be told, a JSONL file mapped by position); no row is read yet.
   */
  public DataSource open() throws IOException {
    String itemMapping = itemColumns();
    DatasetSpec spec = spec();
    String mapping = columns();
    try {
      return spec.open(ColumnMapping.parse(mapping), items(), ItemColumnMapping.parse(itemMapping));
    } catch (IllegalArgumentException e) {
      throw e instanceof BadInputException
          ? e
          : new BadInputException("--dataset '" + dataset + "': " + e.getMessage(), e);
    }
  }
}
