package io.strec.data.io;

import io.strec.data.Item;
import io.strec.data.RawEvent;
import io.strec.data.RowPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Generic events in CSV (quoted, comma), TSV (tab) or JSONL (one JSON object per line), columns
 * chosen by a {@link ColumnMapping}, with optional item metadata in a second file of the same kinds
 * (fields {@code item_id, title, categories, brand, description, latitude, longitude}; categories
 * separated by {@code |} in CSV/TSV, a JSON array in JSONL).
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

  private static final List<String> ITEM_FIELDS =
      List.of("item_id", "title", "categories", "brand", "description", "latitude", "longitude");

  private final Path events;
  private final Kind kind;
  private final ColumnMapping mapping;
  private final Optional<Path> items;

  public TabularSource(Path events, Kind kind, ColumnMapping mapping, Optional<Path> items) {
    this.events = events;
    this.kind = kind;
    this.mapping = mapping;
    this.items = items;
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
    return List.of(new LineTable<>(reader(events, kind, eventColumns()), parser));
  }

  private static boolean has(Row row, String column) {
    return !column.isEmpty() && row.has(column);
  }

  private List<String> eventColumns() {
    ColumnMapping m = mapping;
    List<String> cols = new ArrayList<>();
    for (String c :
        List.of(
            m.user(),
            m.item(),
            m.time(),
            m.tzOffset(),
            m.latitude(),
            m.longitude(),
            m.type(),
            m.weight(),
            m.split(),
            m.group())) {
      if (!c.isEmpty() && !cols.contains(c)) {
        cols.add(c);
      }
    }
    return cols;
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
    RowParser<Item> parser =
        row -> {
          String cats = row.textOr("categories", "");
          return new Item(
              row.id("item_id"),
              row.textOr("title", ""),
              cats.isEmpty() ? List.of() : List.of(cats.split("\\|")),
              row.textOr("brand", ""),
              row.textOr("description", ""),
              row.latitude("latitude"),
              row.longitude("longitude"));
        };
    return List.of(new LineTable<>(reader(f, Kind.ofFile(f), ITEM_FIELDS), parser));
  }

  /**
   * The reader of a CSV / TSV file, or of a JSONL file whose objects become rows over {@code
   * jsonColumns} (absent keys are empty, arrays joined with {@code |}).
   */
  static TableReader reader(Path file, Kind kind, List<String> jsonColumns) {
    return switch (kind) {
      case CSV -> TableReader.of(file).optQuoted(',');
      case TSV -> TableReader.of(file).optPlain('\t');
      case JSONL -> TableReader.of(file).optJsonObjects(jsonColumns);
    };
  }
}
