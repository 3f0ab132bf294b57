package io.strec.data.io;

import io.strec.data.DataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * A dataset named on the command line as {@code kind:location}:
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
public record DatasetSpec(String kind, Path location) {
  public DatasetSpec {
    kind = kind.toLowerCase(Locale.ROOT);
  }

  public static DatasetSpec parse(String spec) {
    int colon = spec.indexOf(':');
    if (colon <= 0 || colon == spec.length() - 1) {
      throw new IllegalArgumentException(
          "dataset '"
              + spec
              + "' must be KIND:PATH with KIND one of "
              + "movielens, foursquare, atomic, csv, tsv, jsonl, strec");
    }
    return new DatasetSpec(spec.substring(0, colon), Path.of(spec.substring(colon + 1)));
  }

  /**
   * Opens the source.
   *
   * @param mapping column mapping for csv / tsv / jsonl (ignored by the other kinds)
   * @param items optional items file for csv / tsv / jsonl
   */
  public DataSource open(ColumnMapping mapping, Optional<Path> items) throws IOException {
    return switch (kind) {
      case "movielens", "ml" -> new MovieLensSource(location);
      case "foursquare", "fsq" -> FoursquareSource.open(location);
      case "atomic", "recbole" -> new AtomicSource(location);
      case "csv" -> new TabularSource(location, TabularSource.Kind.CSV, mapping, items);
      case "tsv" -> new TabularSource(location, TabularSource.Kind.TSV, mapping, items);
      case "jsonl" -> new TabularSource(location, TabularSource.Kind.JSONL, mapping, items);
      case "strec" -> TabularSource.ofDirectory(location);
      default ->
          throw new IllegalArgumentException(
              "unknown dataset kind '"
                  + kind
                  + "' (expected movielens, foursquare, atomic, csv, tsv, jsonl or strec)");
    };
  }

  public DataSource open() throws IOException {
    return open(ColumnMapping.defaults(), Optional.empty());
  }
}
