package io.strec.data.io;

import io.strec.data.DataSource;
import io.strec.util.BadInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kinds of dataset a {@code KIND:PATH} spec can name, the one list every command, option help
 * and error message takes them from. Each kind has a name, aliases, what its path points at, and
 * the reader that opens it.
 */
// Immutable in fact: List.of aliases and stateless opener lambdas, which the check cannot vouch
// for.
@SuppressWarnings("ImmutableEnumChecker")
public enum DatasetKind {
  /** {@link MovieLensSource}: 100K, 1M or latest, by the files in the directory. */
  MOVIELENS("movielens", "DIR", List.of("ml"), (path, tables) -> new MovieLensSource(path)),
  /** {@link FoursquareSource}: TSMC raw, GETNext CSV or a check-in table. */
  FOURSQUARE("foursquare", "FILE", List.of("fsq"), (path, tables) -> FoursquareSource.open(path)),
  /** {@link AtomicSource}: RecBole / UniSRec atomic files {@code DIR/NAME.inter} and friends. */
  ATOMIC("atomic", "DIR/NAME", List.of("recbole"), (path, tables) -> new AtomicSource(path)),
  /** A CSV file read with a column mapping and an optional items file. */
  CSV("csv", "FILE", List.of(), (path, tables) -> tables.open(path, TabularSource.Kind.CSV)),
  /** A TSV file read with a column mapping and an optional items file. */
  TSV("tsv", "FILE", List.of(), (path, tables) -> tables.open(path, TabularSource.Kind.TSV)),
  /** A JSON-lines file read with a column mapping and an optional items file. */
  JSONL("jsonl", "FILE", List.of(), (path, tables) -> tables.open(path, TabularSource.Kind.JSONL)),
  /** The layout STREC writes: {@code events.csv} and {@code items.jsonl}. */
  STREC("strec", "DIR", List.of(), (path, tables) -> TabularSource.ofDirectory(path));

  /**
   * Every kind as {@code KIND:PATH}, for option help, which must be a constant; a test checks that
   * it is {@link #usage()}.
   */
  public static final String USAGE =
      "movielens:DIR, foursquare:FILE, atomic:DIR/NAME, csv:FILE, tsv:FILE, jsonl:FILE or strec:DIR";

  /** The column mappings and items file of a csv / tsv / jsonl dataset. */
  private record Tables(
      ColumnMapping columns, Optional<Path> items, ItemColumnMapping itemColumns) {
    TabularSource open(Path events, TabularSource.Kind kind) {
      return new TabularSource(events, kind, columns, items, itemColumns);
    }
  }

  private interface Opener {
    DataSource open(Path path, Tables tables) throws IOException;
  }

  private final String id;
  private final String pathLabel;
  private final List<String> aliases;
  private final Opener opener;

  DatasetKind(String id, String pathLabel, List<String> aliases, Opener opener) {
    this.id = id;
    this.pathLabel = pathLabel;
    this.aliases = aliases;
    this.opener = opener;
  }

  /** The name a spec uses, e.g. {@code movielens}. */
  public String id() {
    return id;
  }

  /** Other names accepted for this kind, e.g. {@code ml}. */
  public List<String> aliases() {
    return aliases;
  }

  /** What the path of a spec points at: {@code DIR}, {@code FILE} or {@code DIR/NAME}. */
  public String pathLabel() {
    return pathLabel;
  }

  /** Whether the reader takes a column mapping and an items file (csv, tsv, jsonl). */
  public boolean takesColumns() {
    return this == CSV || this == TSV || this == JSONL;
  }

  /**
   * Opens the dataset at {@code path}; the mappings and the items file are used by the kinds that
   * {@link #takesColumns()}.
   *
   * @param columns column mapping of the events file
   * @param items optional items file
   * @param itemColumns column mapping of the items file
   */
  public DataSource open(
      Path path, ColumnMapping columns, Optional<Path> items, ItemColumnMapping itemColumns)
      throws IOException {
    return opener.open(path, new Tables(columns, items, itemColumns));
  }

  /**
   * The kind a name or alias denotes, ignoring case.
   *
   * @throws BadInputException listing the kinds when none is called {@code name}
   */
  public static DatasetKind of(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (DatasetKind k : values()) {
      if (k.id.equals(n) || k.aliases.contains(n)) {
        return k;
      }
    }
    throw new BadInputException("unknown dataset kind '" + name + "' (expected " + names() + ")");
  }

  /** The kinds' names, e.g. {@code movielens, foursquare, ..., strec}. */
  public static String names() {
    return Arrays.stream(values()).map(DatasetKind::id).collect(Collectors.joining(", "));
  }

  /** Every kind as {@code KIND:PATH}, e.g. {@code movielens:DIR, ... or strec:DIR}. */
  public static String usage() {
    List<String> all = Arrays.stream(values()).map(k -> k.id + ":" + k.pathLabel).toList();
    return String.join(", ", all.subList(0, all.size() - 1)) + " or " + all.get(all.size() - 1);
  }
}
