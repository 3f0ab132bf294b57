package io.strec.data.io;

import io.strec.data.InvalidRecordException;
import io.strec.data.RowPolicy;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads a delimited text file row by row, hands each {@link Row} to a handler, and routes rows the
 * handler rejects to the {@link RowPolicy}. Blank lines are skipped; the header, when there is one,
 * is not a row.
 */
public final class TableReader {
  private final Path file;
  private Charset charset = StandardCharsets.UTF_8;
  private Function<String, String[]> splitter = l -> Delimited.splitPlain(l, ',');
  private List<String> fixedColumns;
  private Function<String, String> headerName = Function.identity();
  private boolean exactWidth = true;

  private TableReader(Path file) {
    this.file = file;
  }

  public static TableReader of(Path file) {
    return new TableReader(file);
  }

  public TableReader optCharset(Charset cs) {
    this.charset = cs;
    return this;
  }

  /** Plain split on a single character (no quoting). */
  public TableReader optPlain(char sep) {
    this.splitter = l -> Delimited.splitPlain(l, sep);
    return this;
  }

  /** Quote-aware CSV split on {@code sep}. */
  public TableReader optQuoted(char sep) {
    this.splitter = l -> Delimited.splitQuoted(l, sep);
    return this;
  }

  /** Split on a multi-character separator such as MovieLens 1M's {@code ::}. */
  public TableReader optSeparator(String sep) {
    this.splitter = l -> l.split(java.util.regex.Pattern.quote(sep), -1);
    return this;
  }

  /** The file has no header; these are its columns, in order. */
  public TableReader optColumns(List<String> names) {
    this.fixedColumns = List.copyOf(names);
    return this;
  }

  /** Maps raw header names to column names, e.g. strips RecBole's {@code :token} suffixes. */
  public TableReader optHeaderName(Function<String, String> f) {
    this.headerName = f;
    return this;
  }

  /** Rows may have more fields than the header names (trailing extras are ignored). */
  public TableReader optLenientWidth() {
    this.exactWidth = false;
    return this;
  }

  /** The header of the file (or the fixed columns), without reading rows. */
  public List<String> header() throws IOException {
    if (fixedColumns != null) {
      return fixedColumns;
    }
    try (LineSource in = LineSource.open(file, charset)) {
      String h = in.next();
      if (h == null) {
        throw new InvalidRecordException(
            file.toString(), 1, "", null, "empty file: expected a header line");
      }
      return java.util.Arrays.stream(splitter.apply(h))
          .map(s -> headerName.apply(s.trim()))
          .toList();
    }
  }

  /**
   * Reads every row: {@code handler} parses it (throwing {@link InvalidRecordException} for bad
   * values); accepted and rejected rows are counted in {@code policy}.
   */
  public void read(RowPolicy policy, Consumer<Row> handler) throws IOException {
    String name = file.toString();
    policy.opened(name);
    try (LineSource in = LineSource.open(file, charset)) {
      List<String> names = fixedColumns;
      if (names == null) {
        String h = in.next();
        if (h == null) {
          throw new InvalidRecordException(name, 1, "", null, "empty file: expected a header line");
        }
        names =
            java.util.Arrays.stream(splitter.apply(h))
                .map(s -> headerName.apply(s.trim()))
                .toList();
      }
      Map<String, Integer> columns = new HashMap<>();
      for (int i = 0; i < names.size(); i++) {
        columns.put(names.get(i), i);
      }
      int width = exactWidth ? names.size() : -1;
      String line;
      while ((line = in.next()) != null) {
        if (line.isBlank()) {
          continue;
        }
        long no = in.lineNumber();
        try {
          String[] fields;
          try {
            fields = splitter.apply(line);
          } catch (IllegalArgumentException e) {
            throw new InvalidRecordException(name, no, "", null, e.getMessage());
          }
          handler.accept(new Row(name, no, line, fields, columns, width));
          policy.accepted(name);
        } catch (InvalidRecordException e) {
          policy.rejected(e, line);
        } catch (IllegalArgumentException e) {
          policy.rejected(new InvalidRecordException(name, no, "", null, e.getMessage()), line);
        }
      }
    }
  }
}
