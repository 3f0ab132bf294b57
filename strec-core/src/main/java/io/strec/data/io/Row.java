package io.strec.data.io;

import io.strec.data.InvalidRecordException;
import io.strec.data.Provenance;
import java.util.Map;

/**
 * One data row of a file, split into fields, with parsers that report malformed values as {@link
 * InvalidRecordException}s naming file, line, column and value.
 */
public final class Row {
  private final String file;
  private final long line;
  private final String raw;
  private final String[] fields;
  private final Map<String, Integer> columns;

  /**
   * @param columns column name to field position; used to name columns in messages
   * @param expectedFields exact field count, or -1 to require only that every named column exists
   */
  public Row(
      String file,
      long line,
      String raw,
      String[] fields,
      Map<String, Integer> columns,
      int expectedFields) {
    this.file = file;
    this.line = line;
    this.raw = raw;
    this.fields = fields;
    this.columns = columns;
    if (expectedFields >= 0 && fields.length != expectedFields) {
      throw error("", null, "expected " + expectedFields + " columns but found " + fields.length);
    }
    int last = -1;
    for (int i : columns.values()) {
      last = Math.max(last, i);
    }
    if (fields.length <= last) {
      // The nearest column the row is too short for names the problem (a mapping's position).
      Map.Entry<String, Integer> missing =
          columns.entrySet().stream()
              .filter(c -> c.getValue() >= fields.length)
              .min(
                  Map.Entry.<String, Integer>comparingByValue()
                      .thenComparing(Map.Entry.comparingByKey()))
              .orElseThrow();
      throw error(
          missing.getKey(),
          raw,
          "the row has "
              + fields.length
              + (fields.length == 1 ? " field" : " fields")
              + ", no position "
              + (missing.getValue() + 1));
    }
  }

  public String raw() {
    return raw;
  }

  public long line() {
    return line;
  }

  public Provenance provenance() {
    return new Provenance(file, line);
  }

  public InvalidRecordException error(String column, String value, String reason) {
    return new InvalidRecordException(file, line, column, value, reason);
  }

  public boolean has(String column) {
    return columns.containsKey(column);
  }

  /** The trimmed text of a column ("" when the field is empty). */
  public String text(String column) {
    Integer i = columns.get(column);
    if (i == null) {
      throw new IllegalArgumentException(
          "no column '" + column + "' in " + file + " (have " + columns.keySet() + ")");
    }
    return fields[i].trim();
  }

  /** The text of a column if the file has it, else {@code fallback}. */
  public String textOr(String column, String fallback) {
    return has(column) ? text(column) : fallback;
  }

  /** A non-empty id. */
  public String id(String column) {
    String v = text(column);
    if (v.isEmpty()) {
      throw error(column, v, "empty id");
    }
    return v;
  }

  public long longValue(String column) {
    String v = text(column);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw error(column, v, "not an integer");
    }
  }

  public int intValue(String column) {
    String v = text(column);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw error(column, v, "not an integer");
    }
  }

  /** A finite decimal number. */
  public double doubleValue(String column) {
    String v = text(column);
    try {
      double d = Double.parseDouble(v);
      if (!Double.isFinite(d)) {
        throw error(column, v, "not a finite number");
      }
      return d;
    } catch (NumberFormatException e) {
      throw error(column, v, "not a number");
    }
  }

  /** A finite number, or NaN when the column is absent or empty. */
  public double optionalDouble(String column) {
    if (!has(column) || text(column).isEmpty()) {
      return Double.NaN;
    }
    return doubleValue(column);
  }

  /** A latitude in [-90, 90], or NaN when absent or empty. */
  public double latitude(String column) {
    double d = optionalDouble(column);
    if (d < -90 || d > 90) {
      throw error(column, text(column), "latitude outside [-90, 90]");
    }
    return d;
  }

  /** A longitude in [-180, 180], or NaN when absent or empty. */
  public double longitude(String column) {
    double d = optionalDouble(column);
    if (d < -180 || d > 180) {
      throw error(column, text(column), "longitude outside [-180, 180]");
    }
    return d;
  }

  public long epochSecond(String column, TimeFormat format) {
    String v = text(column);
    try {
      return format.parseEpochSecond(v);
    } catch (IllegalArgumentException e) {
      throw error(column, v, e.getMessage());
    }
  }
}
