package io.strec.data.io;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which column of a generic events file holds which field. Only user and item are required; empty
 * strings mean "the file has no such column".
 *
 * <p>Written as {@code user=uid,item=sku,time=ts,time-format=unix,lat=y,lon=x,tz=offset,type=kind,
 * weight=rating,split=part,group=session} ({@link #parse}); unspecified keys keep the defaults of
 * {@link #defaults()}, which match the files {@code strec} writes ({@code user_id, item_id,
 * timestamp, tz_offset_min, latitude, longitude, event_type, weight}).
 */
public record ColumnMapping(
    String user,
    String item,
    String time,
    TimeFormat timeFormat,
    String tzOffset,
    String latitude,
    String longitude,
    String type,
    String weight,
    String split,
    String group) {

  public ColumnMapping {
    Objects.requireNonNull(timeFormat, "timeFormat");
    if (user == null || user.isEmpty() || item == null || item.isEmpty()) {
      throw new IllegalArgumentException("a column mapping needs both a user and an item column");
    }
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(tzOffset, "tzOffset");
    Objects.requireNonNull(latitude, "latitude");
    Objects.requireNonNull(longitude, "longitude");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(weight, "weight");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(group, "group");
  }

  public static ColumnMapping defaults() {
    return new ColumnMapping(
        "user_id",
        "item_id",
        "timestamp",
        TimeFormat.ISO,
        "tz_offset_min",
        "latitude",
        "longitude",
        "event_type",
        "weight",
        "split",
        "group");
  }

  /** Parses {@code key=column} pairs separated by commas; see the class comment for the keys. */
  public static ColumnMapping parse(String spec) {
    Map<String, String> m = new LinkedHashMap<>();
    ColumnMapping d = defaults();
    m.put("user", d.user);
    m.put("item", d.item);
    m.put("time", d.time);
    m.put("time-format", d.timeFormat.toString());
    m.put("tz", d.tzOffset);
    m.put("lat", d.latitude);
    m.put("lon", d.longitude);
    m.put("type", d.type);
    m.put("weight", d.weight);
    m.put("split", d.split);
    m.put("group", d.group);
    if (!spec.isBlank()) {
      for (String part : spec.split(",")) {
        int eq = part.indexOf('=');
        String key = eq < 0 ? part.trim() : part.substring(0, eq).trim();
        if (eq < 0 || !m.containsKey(key)) {
          throw new IllegalArgumentException(
              "bad column mapping entry '"
                  + part.trim()
                  + "': expected key=column with key one of "
                  + m.keySet());
        }
        m.put(key, part.substring(eq + 1).trim());
      }
    }
    return new ColumnMapping(
        m.get("user"),
        m.get("item"),
        m.get("time"),
        TimeFormat.of(m.get("time-format")),
        m.get("tz"),
        m.get("lat"),
        m.get("lon"),
        m.get("type"),
        m.get("weight"),
        m.get("split"),
        m.get("group"));
  }
}
