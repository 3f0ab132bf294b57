package io.strec.data.io;

import io.strec.data.InvalidRecordException;
import io.strec.util.BadInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which column of a delimited file holds each field of a record, as a mapping option spells it
 * ({@code --columns}, {@code --item-columns}): {@code field=column} pairs separated by commas, each
 * column a header name or, in a file without a header ({@code header=none}), a 1-based position.
 *
 * <p>By name, a field not given keeps its default name and is optional: a header without it means
 * the file has no such field ({@code field=} says so outright). A field given, and every required
 * field, must be in the header; when one is not and line 1 looks like data, the error says to map
 * by position with {@code header=none}. Positions are read only with {@code header=none}, so that
 * forgetting it never takes the first row for a header; with {@code header=none} every field is
 * given by position and the others are absent.
 */
public final class FieldColumns {
  private static final String HEADER = "header";

  /** A field's column: a header name, or a 0-based position when {@code name} is null. */
  private record Ref(String name, int position) {
    boolean positional() {
      return name == null;
    }

    /** As the mapping wrote it: the name or the 1-based position. */
    String spelled() {
      return positional() ? Integer.toString(position + 1) : name;
    }
  }

  private final String optionName;
  private final boolean headerless;
  private final Map<String, Ref> refs;
  private final Set<String> checked;
  private final Map<String, String> options;

  private FieldColumns(
      String optionName,
      boolean headerless,
      Map<String, Ref> refs,
      Set<String> checked,
      Map<String, String> options) {
    this.optionName = optionName;
    this.headerless = headerless;
    this.refs = refs;
    this.checked = checked;
    this.options = options;
  }

  /**
   * Parses a mapping.
   *
   * @param option the option's name, for the messages about a file's line 1 ({@code --columns}); a
   *     caller adds it to the messages about the mapping itself
   * @param spec {@code field=column} and {@code option=value} pairs separated by commas
   * @param defaults every field, in order, with the header name it has when not given
   * @param required the fields every file must have
   * @param optionKeys keys besides the fields and {@code header} (such as {@code time-format})
   * @throws BadInputException naming the entry, and listing the valid fields for an unknown one
   */
  static FieldColumns parse(
      String option,
      String spec,
      Map<String, String> defaults,
      Set<String> required,
      Set<String> optionKeys) {
    Map<String, String> given = new LinkedHashMap<>();
    Map<String, String> options = new LinkedHashMap<>();
    String header = "first";
    for (String part : spec.isBlank() ? new String[0] : spec.split(",")) {
      int eq = part.indexOf('=');
      String key = (eq < 0 ? part : part.substring(0, eq)).trim();
      String value = eq < 0 ? "" : part.substring(eq + 1).trim();
      if (eq < 0
          || !(defaults.containsKey(key) || optionKeys.contains(key) || key.equals(HEADER))) {
        throw new BadInputException(
            (eq < 0 ? "expected field=column, not '" : "unknown field in '")
                + part.trim()
                + "'; the fields are "
                + String.join(", ", defaults.keySet())
                + " (options: "
                + String.join(", ", options(optionKeys))
                + ")");
      }
      if (key.equals(HEADER)) {
        if (!value.equals("none") && !value.equals("first")) {
          throw new BadInputException(
              "header=" + value + " must be header=first (the default) or header=none");
        }
        header = value;
      } else if (optionKeys.contains(key)) {
        options.put(key, value);
      } else {
        given.put(key, value);
      }
    }
    boolean headerless = header.equals("none");
    Map<String, Ref> refs = new LinkedHashMap<>();
    Set<String> checked = new LinkedHashSet<>();
    for (Map.Entry<String, String> d : defaults.entrySet()) {
      String field = d.getKey();
      String column = given.containsKey(field) ? given.get(field) : headerless ? "" : d.getValue();
      if (column.isEmpty()) {
        if (required.contains(field)) {
          throw new BadInputException(
              field
                  + " needs a column"
                  + (headerless ? " position (" + field + "=N with header=none)" : ""));
        }
        continue;
      }
      Ref ref = ref(field, column);
      if (headerless && !ref.positional()) {
        throw new BadInputException(
            "header=none maps columns by 1-based position, but "
                + field
                + "="
                + column
                + " is a name");
      }
      refs.put(field, ref);
      if (given.containsKey(field) || required.contains(field)) {
        checked.add(field);
      }
    }
    return new FieldColumns(
        option,
        headerless,
        Collections.unmodifiableMap(refs),
        Collections.unmodifiableSet(checked),
        Map.copyOf(options));
  }

  private static List<String> options(Set<String> optionKeys) {
    List<String> all = new ArrayList<>();
    all.add("header=first|none");
    all.addAll(optionKeys);
    return all;
  }

  private static Ref ref(String field, String column) {
    if (!column.chars().allMatch(Character::isDigit)) {
      return new Ref(column, -1);
    }
    int position;
    try {
      position = Integer.parseInt(column);
    } catch (NumberFormatException e) {
      position = 0;
    }
    if (position < 1) {
      throw new BadInputException(
          field + "=" + column + " is not a column position (they count from 1)");
    }
    return new Ref(null, position - 1);
  }

  /** Whether the file has no header and every field is given by position. */
  public boolean headerless() {
    return headerless;
  }

  /** Whether some field is given by position. */
  public boolean positional() {
    return refs.values().stream().anyMatch(Ref::positional);
  }

  /** The labels of every mapped field, in field order, each once. */
  public List<String> labels() {
    List<String> out = new ArrayList<>();
    for (String field : refs.keySet()) {
      if (!out.contains(label(field))) {
        out.add(label(field));
      }
    }
    return out;
  }

  /** The value of an option key such as {@code time-format}, when the mapping gave it. */
  public Optional<String> option(String key) {
    return Optional.ofNullable(options.get(key));
  }

  /**
   * The name the rows give a field's column: its header name, {@code "time (#3)"} for a position,
   * "" when the file has no such field.
   */
  public String label(String field) {
    Ref r = refs.get(field);
    if (r == null) {
      return "";
    }
    return r.positional() ? field + " (#" + (r.position() + 1) + ")" : r.name();
  }

  /**
   * Reads the fields' columns by position when the file has no header; otherwise checks line 1
   * against the mapping before any row is read.
   *
   * @param looksLikeData whether a field of line 1 is a value rather than a column name (a number,
   *     a time), for the hint that the file has no header
   */
  TableReader applyTo(TableReader reader, Predicate<String> looksLikeData) {
    if (headerless) {
      Map<String, Integer> positions = new LinkedHashMap<>();
      refs.forEach((field, r) -> positions.put(label(field), r.position()));
      return reader.optPositions(positions);
    }
    return reader.optHeaderCheck(
        (file, line, names) -> checkHeader(file, line, names, looksLikeData));
  }

  private void checkHeader(
      String file, String line, List<String> names, Predicate<String> looksLikeData) {
    List<String> byPosition = new ArrayList<>();
    List<String> byHeaderName = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String field : refs.keySet()) {
      Ref r = refs.get(field);
      if (r.positional()) {
        byPosition.add(field + "=" + r.spelled());
        if (r.position() < names.size()) {
          byHeaderName.add(field + "=" + names.get(r.position()));
        }
      } else if (checked.contains(field) && !names.contains(r.name())) {
        missing.add(field + "=" + r.name());
      }
    }
    Optional<String> value = names.stream().filter(looksLikeData).findFirst();
    if (!byPosition.isEmpty()) {
      // Line 1 that reads as names may really be the header: then the names are the way to map it.
      boolean header = value.isEmpty() && byHeaderName.size() == byPosition.size();
      throw new InvalidRecordException(
          file,
          1,
          "",
          line,
          optionName
              + " maps "
              + String.join(", ", byPosition)
              + " by position, but line 1 is read as a header: if the file has no header line,"
              + " add header=none ("
              + optionName
              + " header=none,"
              + String.join(",", byPosition)
              + ")"
              + (header
                  ? "; if line 1 is the header, map by its names ("
                      + optionName
                      + " "
                      + String.join(",", byHeaderName)
                      + ")"
                  : ""));
    }
    if (missing.isEmpty()) {
      return;
    }
    if (value.isPresent()) {
      throw new InvalidRecordException(
          file,
          1,
          "",
          value.get(),
          "line 1 looks like data, not a header (it lacks "
              + String.join(", ", missing)
              + " of "
              + optionName
              + "): if the file has no header line, map its columns by 1-based position with"
              + " header=none, e.g. "
              + optionName
              + " "
              + example()
              + " (line 1: "
              + numbered(names)
              + ")");
    }
    String first = missing.get(0);
    throw new InvalidRecordException(
        file,
        1,
        "",
        first.substring(first.indexOf('=') + 1),
        "no such column in the header: "
            + optionName
            + " names "
            + String.join(", ", missing)
            + ", but line 1 names "
            + numbered(names));
  }

  /** The mapped fields by position, numbered in order: the shape of a headerless mapping. */
  private String example() {
    List<String> parts = new ArrayList<>();
    parts.add(HEADER + "=none");
    int n = 1;
    for (String field : refs.keySet()) {
      if (checked.contains(field)) {
        parts.add(field + "=" + n++);
      }
    }
    return String.join(",", parts);
  }

  /** {@code #1 'a', #2 'b', ...}, the first ten, each abbreviated. */
  private static String numbered(List<String> names) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < Math.min(10, names.size()); i++) {
      String n = names.get(i);
      parts.add("#" + (i + 1) + " '" + (n.length() <= 30 ? n : n.substring(0, 27) + "...") + "'");
    }
    if (names.size() > 10) {
      parts.add("... (" + names.size() + " in all)");
    }
    return String.join(", ", parts);
  }
}
