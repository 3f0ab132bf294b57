package io.strec.data.io;

import io.strec.util.BadInputException;
import java.time.DateTimeException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which column of a generic events file holds which field ({@code --columns}). Only user and item
 * are required.
 *
 * <p>Written as {@code user=uid,item=sku,time=ts,time-format=unix,lat=y,lon=x,tz=offset,type=kind,
 * weight=rating,split=part,group=session} ({@link #parse}); unspecified fields keep the defaults of
 * {@link #defaults()}, which match the files {@code strec} writes ({@code user_id, item_id,
 * timestamp, tz_offset_min, latitude, longitude, event_type, weight, split, group}). A file without
 * a header is mapped by 1-based position: {@code header=none,user=1,item=5,time=2,lat=3,lon=4} (see
 * {@link FieldColumns} for the rules and the checks of line 1).
 *
 * <p>The accessors give each field's column as the rows name it ({@link FieldColumns#label}), ""
 * when the file has no such column.
 */
public record ColumnMapping(FieldColumns columns, TimeFormat timeFormat) {
  /** The fields with their default header names, in order. */
  private static final Map<String, String> FIELDS = fields();

  public ColumnMapping {
    Objects.requireNonNull(columns, "columns");
    Objects.requireNonNull(timeFormat, "timeFormat");
  }

  private static Map<String, String> fields() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("user", "user_id");
    f.put("item", "item_id");
    f.put("time", "timestamp");
    f.put("tz", "tz_offset_min");
    f.put("lat", "latitude");
    f.put("lon", "longitude");
    f.put("type", "event_type");
    f.put("weight", "weight");
    f.put("split", "split");
    f.put("group", "group");
    return java.util.Collections.unmodifiableMap(f);
  }

  public static ColumnMapping defaults() {
    return parse("");
  }

  /**
   * Parses {@code field=column} pairs separated by commas; see the class comment for the fields.
   *
   * @throws BadInputException naming the bad entry (an unknown field lists the valid ones)
   */
  public static ColumnMapping parse(String spec) {
    FieldColumns c =
        FieldColumns.parse(
            "--columns", spec, FIELDS, Set.of("user", "item"), Set.of("time-format"));
    String format = c.option("time-format").orElse("iso");
    try {
      return new ColumnMapping(c, TimeFormat.of(format));
    } catch (IllegalArgumentException e) {
      throw new BadInputException("time-format=" + format + ": " + e.getMessage(), e);
    }
  }

  public String user() {
    return columns.label("user");
  }

  public String item() {
    return columns.label("item");
  }

  public String time() {
    return columns.label("time");
  }

  public String tzOffset() {
    return columns.label("tz");
  }

  public String latitude() {
    return columns.label("lat");
  }

  public String longitude() {
    return columns.label("lon");
  }

  public String type() {
    return columns.label("type");
  }

  public String weight() {
    return columns.label("weight");
  }

  public String split() {
    return columns.label("split");
  }

  public String group() {
    return columns.label("group");
  }

  /**
   * Whether a field of line 1 reads as a value rather than a column name: a number, or a time in
   * this mapping's format or in ISO-8601 or TSMC form.
   */
  boolean looksLikeData(String field) {
    String v = field.trim();
    if (v.isEmpty()) {
      return false;
    }
    for (TimeFormat f :
        List.of(TimeFormat.UNIX_SECONDS, TimeFormat.ISO, TimeFormat.TSMC, timeFormat)) {
      try {
        f.parseEpochSecond(v);
        return true;
      } catch (IllegalArgumentException | DateTimeException e) {
        // Not a time in this form (a number is one in the first).
      }
    }
    return false;
  }
}
