package io.strec.data.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strec.data.InvalidRecordException;
import io.strec.data.RowPolicy;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads a delimited text file row by row, hands each {@link Row} to a handler, and routes rows the
 * handler rejects to the {@link RowPolicy}. Blank lines are skipped; the header, when there is one,
 * is not a row. Each line is parsed on its own by {@link #lines}, which a cluster uses to parse the
 * file's lines in parallel with the same checks.
 */
public final class TableReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private Charset charset = StandardCharsets.UTF_8;
  private TableLines.Splitter splitter = l -> Delimited.splitPlain(l, ',');
  private List<String> fixedColumns;
  private Map<String, Integer> positions;
  private Function<String, String> headerName = Function.identity();
  private HeaderCheck headerCheck = (file, line, names) -> {};
  private boolean exactWidth = true;

  /** Checks a file's header line before any row is read. */
  @FunctionalInterface
  public interface HeaderCheck {
    /**
     * Accepts the header line, or rejects the file before its rows are read.
     *
     * @param file the file's name as messages give it
     * @param line line 1 of the file
     * @param names the column names it gives
     * @throws InvalidRecordException naming line 1 when the rows cannot be read under this header
     */
    void check(String file, String line, List<String> names);
  }

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
    java.util.regex.Pattern p = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(sep));
    this.splitter = l -> p.split(l, -1);
    return this;
  }

  /**
   * Each line is a JSON object whose values under {@code keys} are the row's columns, in that order
   * (an absent or null key is empty, an array is joined with {@code |}); no header.
   */
  public TableReader optJsonObjects(List<String> keys) {
    this.fixedColumns = List.copyOf(keys);
    this.exactWidth = true;
    List<String> k = this.fixedColumns;
    this.splitter = l -> jsonFields(l, k);
    return this;
  }

  /** The file has no header; these are its columns, in order. */
  public TableReader optColumns(List<String> names) {
    this.fixedColumns = List.copyOf(names);
    return this;
  }

  /**
   * The file has no header; each named column is the field at its 0-based position (several names
   * may share one). Rows may have more fields; a row too short for a position is rejected naming
   * that column.
   */
  public TableReader optPositions(Map<String, Integer> columns) {
    columns.forEach(
        (name, i) -> {
          if (i < 0) {
            throw new IllegalArgumentException("column '" + name + "' at negative position " + i);
          }
        });
    this.positions = Map.copyOf(columns);
    this.exactWidth = false;
    return this;
  }

  /** Checked against line 1 before any row is read, when the file has a header. */
  public TableReader optHeaderCheck(HeaderCheck check) {
    this.headerCheck = Objects.requireNonNull(check, "check");
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

  public Path file() {
    return file;
  }

  public Charset charset() {
    return charset;
  }

  /** Whether line 1 is a header rather than a row. */
  public boolean hasHeader() {
    return fixedColumns == null && positions == null;
  }

  /** The first line of the file (without a byte-order mark), which names the columns. */
  public String headerLine() throws IOException {
    try (LineSource in = LineSource.open(file, charset)) {
      String h = in.next();
      if (h == null) {
        throw new InvalidRecordException(
            file.toString(), 1, "", null, "empty file: expected a header line");
      }
      return h;
    }
  }

  /** The header of the file (or the fixed columns, or the positioned ones by position). */
  public List<String> header() throws IOException {
    if (positions != null) {
      return positions.entrySet().stream()
          .sorted(
              Map.Entry.<String, Integer>comparingByValue()
                  .thenComparing(Map.Entry.comparingByKey()))
          .map(Map.Entry::getKey)
          .toList();
    }
    return fixedColumns != null ? fixedColumns : columnNames(headerLine());
  }

  private List<String> columnNames(String headerLine) {
    return Arrays.stream(splitter.split(headerLine)).map(s -> headerName.apply(s.trim())).toList();
  }

  /**
   * Parses the file's lines one at a time, wherever they were read.
   *
   * @param headerLine the file's first line when it {@link #hasHeader()}; ignored otherwise
   * @throws InvalidRecordException naming line 1 when the header check refuses the header
   */
  public TableLines lines(String headerLine) {
    if (positions != null) {
      return new TableLines(file.toString(), splitter, positions, -1, false);
    }
    List<String> names;
    if (hasHeader()) {
      names = columnNames(headerLine);
      headerCheck.check(file.toString(), headerLine, names);
    } else {
      names = fixedColumns;
    }
    Map<String, Integer> columns = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      columns.put(names.get(i), i);
    }
    return new TableLines(
        file.toString(), splitter, columns, exactWidth ? names.size() : -1, hasHeader());
  }

  /**
   * Reads every row: {@code handler} parses it (throwing {@link InvalidRecordException} for bad
   * values); accepted and rejected rows are counted in {@code policy}.
   */
  public void read(RowPolicy policy, Consumer<Row> handler) throws IOException {
    String name = file.toString();
    policy.opened(name);
    try (LineSource in = LineSource.open(file, charset)) {
      TableLines lines;
      if (hasHeader()) {
        String h = in.next();
        if (h == null) {
          throw new InvalidRecordException(name, 1, "", null, "empty file: expected a header line");
        }
        lines = lines(h);
      } else {
        lines = lines("");
      }
      RowParser<Row> handled =
          row -> {
            handler.accept(row);
            return row;
          };
      String line;
      while ((line = in.next()) != null) {
        TableLines.Parsed<Row> p = lines.parse(in.lineNumber(), line, handled);
        if (p instanceof TableLines.Parsed.Value<Row>) {
          policy.accepted(name);
        } else if (p instanceof TableLines.Parsed.Rejected<Row> r) {
          policy.rejected(r.error(), line);
        }
      }
    }
  }

  private static String[] jsonFields(String line, List<String> keys) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    String[] fields = new String[keys.size()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = text(node.get(keys.get(i)));
    }
    return fields;
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
