package io.strec.data;

import io.strec.util.BadInput;

/**
 * A row that cannot be read: names the file, the 1-based line, the column and the offending value.
 */
public final class InvalidRecordException extends RuntimeException implements BadInput {
  private final String file;
  private final long line;
  private final String column;
  private final String value;
  private final String reason;

  public InvalidRecordException(
      String file, long line, String column, String value, String reason) {
    super(format(file, line, column, value, reason));
    this.file = file;
    this.line = line;
    this.column = column;
    this.value = value;
    this.reason = reason;
  }

  private static String format(String file, long line, String column, String value, String reason) {
    StringBuilder sb = new StringBuilder().append(file).append(':').append(line).append(": ");
    if (!column.isEmpty()) {
      sb.append("column '").append(column).append("' ");
    }
    if (value != null) {
      sb.append("value '").append(abbreviate(value)).append("': ");
    }
    return sb.append(reason).toString();
  }

  private static String abbreviate(String v) {
    return v.length() <= 80 ? v : v.substring(0, 77) + "...";
  }

  public String file() {
    return file;
  }

  public long line() {
    return line;
  }

  /** The column name, or "" when the problem concerns the whole row. */
  public String column() {
    return column;
  }

  /** The offending value, or null when the problem concerns the whole row. */
  public String value() {
    return value;
  }

  public String reason() {
    return reason;
  }
}
