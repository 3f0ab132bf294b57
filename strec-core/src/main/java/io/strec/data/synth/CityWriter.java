package io.strec.data.synth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strec.data.Item;
import io.strec.data.RawEvent;
import io.strec.util.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Writes a {@link City} in the layout STREC reads back with {@code TabularSource.ofDirectory}:
 * {@code events.csv}, {@code items.jsonl} and a {@code README.md} that says what the data is.
 *
 * <p>All three files are first written in full to temporary files in the target directory and only
 * then moved into place ({@link AtomicFiles.Batch}), so a failed write leaves any earlier files
 * untouched and no half-written file behind. The output depends only on the city, so the same
 * config always gives byte-identical files.
 */
public final class CityWriter {
  /** The exact header line of {@code events.csv}. */
  public static final String EVENTS_HEADER =
      "user_id,item_id,timestamp,tz_offset_min,latitude,longitude,event_type,weight";

  public static final String EVENTS_FILE = "events.csv";
  public static final String ITEMS_FILE = "items.jsonl";
  public static final String README_FILE = "README.md";

  private static final ObjectMapper JSON = new ObjectMapper();

  private CityWriter() {}

  /**
   * Writes {@code dir/events.csv}, {@code dir/items.jsonl} and {@code dir/README.md}, creating
   * {@code dir}.
   */
  public static void write(City city, Path dir) throws IOException {
    try (AtomicFiles.Batch batch = new AtomicFiles.Batch()) {
      writeEvents(city, batch.temp(dir.resolve(EVENTS_FILE)));
      writeItems(city, batch.temp(dir.resolve(ITEMS_FILE)));
      Files.writeString(batch.temp(dir.resolve(README_FILE)), readme(city), StandardCharsets.UTF_8);
      batch.commit();
    }
  }

  private static void writeEvents(City city, Path file) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(EVENTS_HEADER);
      w.write('\n');
      StringBuilder line = new StringBuilder(128);
      for (RawEvent e : city.events()) {
        line.setLength(0);
        line.append(csv(e.userId()))
            .append(',')
            .append(csv(e.itemId()))
            .append(',')
            .append(Instant.ofEpochSecond(e.epochSecond()))
            .append(',')
            .append(e.tzOffsetMinutes())
            .append(',');
        degrees(e.latitude(), line);
        line.append(',');
        degrees(e.longitude(), line);
        line.append(',').append(csv(e.type())).append(',');
        if (!Double.isNaN(e.weight())) {
          line.append(e.weight());
        }
        w.append(line).append('\n');
      }
    }
  }

  private static void writeItems(City city, Path file) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Item item : city.pois()) {
        w.write(itemJson(item, city.hoursOf(item.id())));
        w.write('\n');
      }
    }
  }

  /** One line of {@code items.jsonl}. */
  static String itemJson(Item item, OpeningHours hours) {
    ObjectNode o = JSON.createObjectNode();
    o.put("item_id", item.id());
    o.put("title", item.title());
    ArrayNode cats = o.putArray("categories");
    item.categories().forEach(cats::add);
    o.put("brand", item.brand());
    o.put("description", item.description());
    if (item.hasLocation()) {
      o.put("latitude", item.latitude());
      o.put("longitude", item.longitude());
    } else {
      o.putNull("latitude");
      o.putNull("longitude");
    }
    o.put("opening_hours", hours.toString());
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      // A tree of strings and numbers always serialises; reaching here is a bug.
      throw new UncheckedIOException("cannot serialise item " + item.id(), e);
    }
  }

  /**
   * Appends {@code v} with exactly six decimals, as {@code %.6f} would for coordinates, or nothing
   * for NaN; by hand because {@code String.format} would dominate the time to write a city.
   */
  static void degrees(double v, StringBuilder out) {
    if (Double.isNaN(v)) {
      return;
    }
    long micro = Math.round(v * 1e6);
    if (micro < 0) {
      out.append('-');
      micro = -micro;
    }
    String frac = Long.toString(micro % 1_000_000);
    out.append(micro / 1_000_000).append('.');
    for (int k = frac.length(); k < 6; k++) {
      out.append('0');
    }
    out.append(frac);
  }

  static String degrees(double v) {
    StringBuilder b = new StringBuilder();
    degrees(v, b);
    return b.toString();
  }

  /** RFC 4180 quoting, only where needed. */
  static String csv(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  static String readme(City city) {
    CityConfig c = city.config();
    ZoneOffset tz = ZoneOffset.ofTotalSeconds(c.tzOffsetMinutes() * 60);
    StringBuilder b = new StringBuilder();
    b.append("# STREC synthetic city\n\n");
    b.append(
        "Check-ins of made-up people at made-up places, generated by `io.strec.data.synth.SyntheticCity`.\n");
    b.append(
        "Nothing here describes real people or venues. Who goes where depends on the hour and weekday,\n");
    b.append(
        "on the distance from where they are, and on a personal taste over categories that shows in the\n");
    b.append("place descriptions.\n\n");
    b.append("- seed: ").append(c.seed()).append('\n');
    b.append("- users: ")
        .append(c.users())
        .append(", places: ")
        .append(city.pois().size())
        .append(", check-ins: ")
        .append(city.events().size())
        .append('\n');
    b.append("- period: ")
        .append(c.days())
        .append(" days from ")
        .append(c.startDate())
        .append(", local time UTC")
        .append(tz.getId().equals("Z") ? "" : tz.getId())
        .append(" all year (no daylight saving)\n");
    b.append("- centre: ")
        .append(degrees(c.centerLatitude()))
        .append(", ")
        .append(degrees(c.centerLongitude()))
        .append("; neighbourhoods:");
    String separator = " ";
    for (Neighbourhood n : Neighbourhood.values()) {
      b.append(separator).append(n.displayName());
      separator = ", ";
    }
    b.append('\n');
    b.append("- config: `").append(c).append("`\n\n");
    b.append("Files:\n\n");
    b.append("- `events.csv`: ").append(EVENTS_HEADER).append("; timestamp in ISO-8601 UTC,\n");
    b.append(
        "  local time = UTC + tz_offset_min, coordinates with a few metres of GPS noise, weight empty.\n");
    b.append(
        "- `items.jsonl`: one place per line: item_id, title, categories [category, neighbourhood],\n");
    b.append(
        "  brand (a chain name or empty), description, latitude, longitude, opening_hours (local).\n\n");
    b.append("The same config always produces the same files.\n");
    return b.toString();
  }
}
