package io.strec.data.io;

import io.strec.data.DataSource;
import io.strec.util.BadInputException;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A dataset named on the command line as {@code kind:location}, the kind one of {@link
 * DatasetKind}:
 *
 * <ul>
 *   <li>{@code movielens:DIR} — {@link MovieLensSource};
 *   <li>{@code foursquare:FILE} — {@link FoursquareSource} (TSMC raw, GETNext CSV or check-in
 *       table);
 *   <li>{@code atomic:DIR/NAME} — {@link AtomicSource};
 *   <li>{@code csv:FILE}, {@code tsv:FILE}, {@code jsonl:FILE} — {@link TabularSource} with a
 *       column mapping and an optional items file;
 *   <li>{@code strec:DIR} — the layout STREC writes ({@code events.csv}, {@code items.jsonl}).
 * </ul>
 */
public record DatasetSpec(DatasetKind kind, Path location) {
  public DatasetSpec {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(location, "location");
  }

  /**
   * Parses {@code KIND:PATH}.
   *
   * @throws BadInputException naming the spec when it is not {@code KIND:PATH} or the kind is
   *     unknown
   */
  public static DatasetSpec parse(String spec) {
    int colon = spec.indexOf(':');
    if (colon <= 0 || colon == spec.length() - 1) {
      throw new BadInputException(
          "dataset '" + spec + "' must be KIND:PATH with KIND one of " + DatasetKind.names());
    }
    DatasetKind kind = DatasetKind.of(spec.substring(0, colon));
    try {
      return new DatasetSpec(kind, Path.of(spec.substring(colon + 1)));
    } catch (InvalidPathException e) {
      throw new BadInputException("dataset '" + spec + "': " + e.getMessage(), e);
    }
  }

  /** The spec as it parses back: {@code KIND:PATH}. */
  @Override
  public String toString() {
    return kind.id() + ":" + location;
  }

  /**
   * Opens the source.
   *
   * @param mapping column mapping for csv / tsv / jsonl (ignored by the other kinds)
   * @param items optional items file for csv / tsv / jsonl
   */
  public DataSource open(ColumnMapping mapping, Optional<Path> items) throws IOException {
    return open(mapping, items, ItemColumnMapping.defaults());
  }

  /**
   * Opens the source.
   *
   * @param mapping column mapping for csv / tsv / jsonl (ignored by the other kinds)
   * @param items optional items file for csv / tsv / jsonl
   * @param itemMapping column mapping of {@code items}
   */
  public DataSource open(ColumnMapping mapping, Optional<Path> items, ItemColumnMapping itemMapping)
      throws IOException {
    return kind.open(location, mapping, items, itemMapping);
  }

  public DataSource open() throws IOException {
    return open(ColumnMapping.defaults(), Optional.empty());
  }
}
