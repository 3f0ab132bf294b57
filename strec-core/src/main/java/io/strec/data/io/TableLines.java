package io.strec.data.io;

import io.strec.data.InvalidRecordException;
import java.util.Map;
import java.util.Objects;

/**
 * Turns the lines of one text file into records, each line on its own: what {@link TableReader}
 * does for a whole file, and what a cluster does for the lines of one partition, with the same
 * checks and the same messages. Made by {@link TableReader#lines}.
 *
 * <p>Line 1 is the header when the file has one; blank lines are not rows. A line that does not
 * split into the file's columns, or whose row the parser rejects, gives {@link Parsed.Rejected}
 * naming the file, the line and, where known, the column and the value.
 */
public final class TableLines {
  /**
   * What one line gave: a record, a rejection, or nothing (the header or a blank line).
   *
   * @param <T> the record type
   */
  public sealed interface Parsed<T> permits Parsed.Value, Parsed.Rejected, Parsed.Skipped {
    /** The line's record. */
    record Value<T>(T value) implements Parsed<T> {}

    /** Why the line is not a record. */
    record Rejected<T>(InvalidRecordException error) implements Parsed<T> {
      public Rejected {
        Objects.requireNonNull(error, "error");
      }
    }

    /** The header or a blank line: not a row, not counted. */
    record Skipped<T>() implements Parsed<T> {}
  }

  /** Splits one line into fields; throws {@link IllegalArgumentException} when it cannot. */
  @FunctionalInterface
  interface Splitter {
    String[] split(String line);
  }

  private final String file;
  private final Splitter splitter;
  private final Map<String, Integer> columns;
  private final int width;
  private final boolean header;

  TableLines(
      String file, Splitter splitter, Map<String, Integer> columns, int width, boolean header) {
    this.file = file;
    this.splitter = splitter;
    this.columns = Map.copyOf(columns);
    this.width = width;
    this.header = header;
  }

  /** The file's name as messages and provenance give it. */
  public String file() {
    return file;
  }

  /**
   * Parses line {@code no} (1-based) of the file.
   *
   * @param parser turns the line's row into a record
   */
  public <T> Parsed<T> parse(long no, String line, RowParser<T> parser) {
    if (no == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
      // A byte-order mark is not part of the first field (LineSource strips it too).
      line = line.substring(1);
    }
    if ((header && no == 1) || line.isBlank()) {
      return new Parsed.Skipped<>();
    }
    try {
      String[] fields;
      try {
        fields = splitter.split(line);
      } catch (IllegalArgumentException e) {
        throw new InvalidRecordException(file, no, "", null, e.getMessage());
      }
      return new Parsed.Value<>(parser.parse(new Row(file, no, line, fields, columns, width)));
    } catch (InvalidRecordException e) {
      return new Parsed.Rejected<>(e);
    } catch (IllegalArgumentException e) {
      return new Parsed.Rejected<>(new InvalidRecordException(file, no, "", null, e.getMessage()));
    }
  }
}
