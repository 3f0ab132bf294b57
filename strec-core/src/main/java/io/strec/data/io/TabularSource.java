package io.strec.data.io;

import io.strec.data.Item;
import io.strec.data.RawEvent;
import io.strec.data.RowPolicy;
import io.strec.util.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Generic events in CSV (quoted, comma), TSV (tab) or JSONL (one JSON object per line), columns
 * chosen by a {@link ColumnMapping}, with optional item metadata in a second file of the same
 * kinds, columns chosen by an {@link ItemColumnMapping} (categories separated by {@code |} in
 * CSV/TSV, a JSON array in JSONL). CSV and TSV files without a header are mapped by position; JSONL
 * objects only by key.
 *
 * <p>{@link #ofDirectory(Path)} reads the layout that STREC itself writes: {@code events.csv} and
 * {@code items.jsonl}.
 */
public final class TabularSource implements LineTableSource {
  /** File kinds. */
  public enum Kind {
    CSV,
    TSV,
    JSONL;

    /** From a file name: .csv, .tsv / .txt, .jsonl / .json (with optional .gz). */
    public static Kind ofFile(Path f) {
      String n = f.getFileName().toString().toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
      if (n.endsWith(".csv")) {
        return CSV;
      }
      if (n.endsWith(".tsv") || n.endsWith(".txt")) {
        return TSV;
      }
      if (n.endsWith(".jsonl") || n.endsWith(".json") || n.endsWith(".ndjson")) {
        return JSONL;
      }
      throw new IllegalArgumentException(
          "cannot tell the format of " + f + " from its name (expected .csv, .tsv or .jsonl)");
    }
  }

  private final Path events;
  private final Kind kind;
  private final ColumnMapping mapping;
  private final Optional<Path> items;
  private final ItemColumnMapping itemMapping;

  /** Item metadata, if any, under the default {@link ItemColumnMapping}. */
  public TabularSource(Path events, Kind kind, ColumnMapping mapping, Optional<Path> items) {
    this(events, kind, mapping, items, ItemColumnMapping.defaults());
  }

  /**
   * @throws BadInputException when a JSONL file is mapped by position
   */
  public TabularSource(
      Path events,
      Kind kind,
      ColumnMapping mapping,
      Optional<Path> items,
      ItemColumnMapping itemMapping) {
    this.events = events;
    this.kind = kind;
    this.mapping = mapping;
    this.items = items;
    this.itemMapping = itemMapping;
    byKeyInJson(events, kind, mapping.columns(), "--columns");
    items.ifPresent(f -> byKeyInJson(f, Kind.ofFile(f), itemMapping.columns(), "--item-columns"));
  }

  private static void byKeyInJson(Path file, Kind kind, FieldColumns columns, String option) {
    if (kind == Kind.JSONL && (columns.positional() || columns.headerless())) {
      throw new BadInputException(
          option
              + " maps "
              + file
              + " by position, but its lines are JSON objects: map their keys by name");
    }
  }

  /** {@code dir/events.csv} plus {@code dir/items.jsonl} when present, default mapping. */
  public static TabularSource ofDirectory(Path dir) throws IOException {
    Path ev = dir.resolve("events.csv");
    if (!Files.isRegularFile(ev)) {
      throw new java.nio.file.NoSuchFileException(
          ev.toString(), null, "expected events.csv in " + dir);
    }
    Path it = dir.resolve("items.jsonl");
    return new TabularSource(
        ev,
        Kind.CSV,
        ColumnMapping.defaults(),
        Files.isRegularFile(it) ? Optional.of(it) : Optional.empty());
  }

  @Override
  public String describe() {
    return kind.name().toLowerCase(Locale.ROOT)
        + ":"
        + events
        + items.map(p -> " + " + p).orElse("");
  }

  @Override
  public void readEvents(Consumer<RawEvent> sink, RowPolicy policy) throws IOException {
    for (LineTable<RawEvent> t : eventTables()) {
      t.read(policy, sink);
    }
  }

  @Override
  public List<LineTable<RawEvent>> eventTables() {
    ColumnMapping m = mapping;
    RowParser<RawEvent> parser =
        row -> {
          long t = has(row, m.time()) ? row.epochSecond(m.time(), m.timeFormat()) : row.line();
          int tz =
              has(row, m.tzOffset()) && !row.text(m.tzOffset()).isEmpty()
                  ? row.intValue(m.tzOffset())
                  : 0;
          double lat = has(row, m.latitude()) ? row.latitude(m.latitude()) : Double.NaN;
          double lon = has(row, m.longitude()) ? row.longitude(m.longitude()) : Double.NaN;
          if (Double.isNaN(lat) != Double.isNaN(lon)) {
            throw row.error(
                Double.isNaN(lat) ? m.latitude() : m.longitude(),
                "",
                "latitude and longitude must be given together");
          }
          return new RawEvent(
              row.id(m.user()),
              row.id(m.item()),
              t,
              tz,
              lat,
              lon,
              has(row, m.type()) ? row.text(m.type()) : "",
              has(row, m.weight()) ? row.optionalDouble(m.weight()) : Double.NaN,
              has(row, m.split()) ? row.text(m.split()) : "",
              has(row, m.group()) ? row.text(m.group()) : "",
              row.provenance());
        };
    return List.of(new LineTable<>(reader(events, kind, m.columns(), m::looksLikeData), parser));
  }

  private static boolean has(Row row, String column) {
    return !column.isEmpty() && row.has(column);
  }

  private static String text(Row row, String column) {
    return has(row, column) ? row.text(column) : "";
  }

  @Override
  public void readItems(Consumer<Item> sink, RowPolicy policy) throws IOException {
    for (LineTable<Item> t : itemTables()) {
      t.read(policy, sink);
    }
  }

  @Override
  public List<LineTable<Item>> itemTables() {
    if (items.isEmpty()) {
      return List.of();
    }
    Path f = items.get();
    ItemColumnMapping m = itemMapping;
    RowParser<Item> parser =
        row -> {
          String cats = text(row, m.categories());
          return new Item(
              row.id(m.item()),
              text(row, m.title()),
              cats.isEmpty() ? List.of() : List.of(cats.split("\\|")),
              text(row, m.brand()),
              text(row, m.description()),
              has(row, m.latitude()) ? row.latitude(m.latitude()) : Double.NaN,
              has(row, m.longitude()) ? row.longitude(m.longitude()) : Double.NaN);
        };
    return List.of(
        new LineTable<>(
            reader(f, Kind.ofFile(f), m.columns(), ItemColumnMapping::looksLikeData), parser));
  }

  /**
   * The reader of a CSV / TSV file with {@code columns} (by position, or by name with line 1
   * checked), or of a JSONL file whose objects become rows over the mapped keys (absent keys are
   * empty, arrays joined with {@code |}).
   */
  static TableReader reader(
      Path file, Kind kind, FieldColumns columns, Predicate<String> looksLikeData) {
    return switch (kind) {
      case CSV -> columns.applyTo(TableReader.of(file).optQuoted(','), looksLikeData);
      case TSV -> columns.applyTo(TableReader.of(file).optPlain('\t'), looksLikeData);
      case JSONL -> TableReader.of(file).optJsonObjects(columns.labels());
    };
  }
}
