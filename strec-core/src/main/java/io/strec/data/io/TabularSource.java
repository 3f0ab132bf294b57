package io.strec.data.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strec.data.DataSource;
import io.strec.data.InvalidRecordException;
import io.strec.data.Item;
import io.strec.data.RawEvent;
import io.strec.data.RowPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
public final class TabularSource implements DataSource {
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

  private static final ObjectMapper JSON = new ObjectMapper();
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
    ColumnMapping m = mapping;
    rows(
        events,
        kind,
        eventColumns(),
        policy,
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
          sink.accept(
              new RawEvent(
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
                  row.provenance()));
        });
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
    if (items.isEmpty()) {
      return;
    }
    Path f = items.get();
    rows(
        f,
        Kind.ofFile(f),
        ITEM_FIELDS,
        policy,
        row -> {
          String cats = row.textOr("categories", "");
          sink.accept(
              new Item(
                  row.id("item_id"),
                  row.textOr("title", ""),
                  cats.isEmpty() ? List.of() : List.of(cats.split("\\|")),
                  row.textOr("brand", ""),
                  row.textOr("description", ""),
                  row.latitude("latitude"),
                  row.longitude("longitude")));
        });
  }

  /**
   * Reads rows of a CSV / TSV file through {@link TableReader}, or of a JSONL file by turning each
   * object into a row over {@code jsonColumns} (absent keys are empty, arrays joined with {@code
   * |}).
   */
  static void rows(
      Path file, Kind kind, List<String> jsonColumns, RowPolicy policy, Consumer<Row> handler)
      throws IOException {
    switch (kind) {
      case CSV -> TableReader.of(file).optQuoted(',').read(policy, handler);
      case TSV -> TableReader.of(file).optPlain('\t').read(policy, handler);
      case JSONL -> readJsonLines(file, jsonColumns, policy, handler);
    }
  }

  private static void readJsonLines(
      Path file, List<String> columns, RowPolicy policy, Consumer<Row> handler) throws IOException {
    String name = file.toString();
    policy.opened(name);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      index.put(columns.get(i), i);
    }
    try (LineSource in = LineSource.open(file)) {
      String line;
      while ((line = in.next()) != null) {
        if (line.isBlank()) {
          continue;
        }
        long no = in.lineNumber();
        try {
          JsonNode node;
          try {
            node = JSON.readTree(line);
          } catch (JsonProcessingException e) {
            throw new InvalidRecordException(
                name, no, "", null, "not valid JSON: " + e.getOriginalMessage());
          }
          if (node == null || !node.isObject()) {
            throw new InvalidRecordException(name, no, "", null, "expected a JSON object");
          }
          String[] fields = new String[columns.size()];
          for (int i = 0; i < fields.length; i++) {
            fields[i] = text(node.get(columns.get(i)));
          }
          handler.accept(new Row(name, no, line, fields, index, fields.length));
          policy.accepted(name);
        } catch (InvalidRecordException e) {
          policy.rejected(e, line);
        } catch (IllegalArgumentException e) {
          policy.rejected(new InvalidRecordException(name, no, "", null, e.getMessage()), line);
        }
      }
    }
  }

  private static String text(JsonNode v) {
    if (v == null || v.isNull()) {
      return "";
    }
    if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      v.forEach(x -> parts.add(x.asText()));
      return String.join("|", parts);
    }
    return v.asText();
  }
}
