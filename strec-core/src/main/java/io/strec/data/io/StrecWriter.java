package io.strec.data.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strec.data.Item;
import io.strec.data.RawEvent;
import io.strec.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes events and items in STREC's own layout, which {@link TabularSource#ofDirectory} reads:
 * {@code events.csv} (header {@code user_id,item_id,timestamp,tz_offset_min,latitude,longitude,
 * event_type,weight,split,group}; ISO-8601 UTC times; empty fields for missing values) and {@code
 * items.jsonl}. Each file is written to a temporary name and renamed into place, so a crash never
 * leaves a half-written file under the final name.
 */
public final class StrecWriter {
  public static final List<String> EVENT_COLUMNS =
      List.of(
          "user_id",
          "item_id",
          "timestamp",
          "tz_offset_min",
          "latitude",
          "longitude",
          "event_type",
          "weight",
          "split",
          "group");

  private static final ObjectMapper JSON = new ObjectMapper();

  private StrecWriter() {}

  public static void writeEvents(Iterable<RawEvent> events, Path file) throws IOException {
    AtomicFiles.writeText(
        file,
        w -> {
          w.write(String.join(",", EVENT_COLUMNS));
          w.newLine();
          for (RawEvent e : events) {
            w.write(
                String.join(
                    ",",
                    csv(e.userId()),
                    csv(e.itemId()),
                    TimeFormat.iso(e.epochSecond()),
                    Integer.toString(e.tzOffsetMinutes()),
                    num(e.latitude()),
                    num(e.longitude()),
                    csv(e.type()),
                    num(e.weight()),
                    csv(e.split()),
                    csv(e.group())));
            w.newLine();
          }
        });
  }

  /**
   * Writes one JSON object per item; {@code extra} adds fields per item id (e.g. opening hours).
   */
  public static void writeItems(
      Iterable<Item> items, Map<String, Map<String, String>> extra, Path file) throws IOException {
    AtomicFiles.writeText(
        file,
        w -> {
          for (Item it : items) {
            ObjectNode o = JSON.createObjectNode();
            o.put("item_id", it.id());
            o.put("title", it.title());
            it.categories().forEach(o.putArray("categories")::add);
            if (it.categories().isEmpty()) {
              o.putArray("categories");
            }
            o.put("brand", it.brand());
            o.put("description", it.description());
            if (it.hasLocation()) {
              o.put("latitude", it.latitude());
              o.put("longitude", it.longitude());
            }
            extra.getOrDefault(it.id(), Map.of()).forEach(o::put);
            w.write(JSON.writeValueAsString(o));
            w.newLine();
          }
        });
  }

  private static String num(double v) {
    if (Double.isNaN(v)) {
      return "";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.8f", v).replaceAll("0+$", "");
  }

  /** Quotes a CSV field when it holds a comma, a quote or a line break. */
  static String csv(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
