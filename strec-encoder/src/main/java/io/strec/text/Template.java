package io.strec.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A text template: {@code {field}} is replaced by the field's value; a segment in square brackets
 * is kept only when every field inside it is non-empty, so {@code "{title}[ in {area}]"} renders as
 * "Blue Fern Coffee in Old Town" or just "Blue Fern Coffee". Whitespace is collapsed and the result
 * trimmed. Brackets do not nest; the escapes <code>\[ \] \{ \}</code> stand for the bare
 * characters.
 */
public final class Template {
  private sealed interface Part permits Literal, Field, Optional {}

  private record Literal(String text) implements Part {}

  private record Field(String name) implements Part {}

  private record Optional(List<Part> parts) implements Part {}

  private final String source;
  private final List<Part> parts;

  private Template(String source, List<Part> parts) {
    this.source = source;
    this.parts = parts;
  }

  /**
   * Parses a template.
   *
   * @param allowed the field names the template may use
   * @throws IllegalArgumentException naming the position and problem (unknown field, unbalanced
   *     bracket or brace)
   */
  public static Template parse(String source, Set<String> allowed) {
    List<Part> top = new ArrayList<>();
    List<Part> cur = top;
    StringBuilder lit = new StringBuilder();
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c == '\\' && i + 1 < source.length()) {
        lit.append(source.charAt(++i));
      } else if (c == '{') {
        int end = source.indexOf('}', i);
        if (end < 0) {
          throw new IllegalArgumentException(
              "template '" + source + "': '{' at position " + i + " is not closed");
        }
        String name = source.substring(i + 1, end).trim();
        if (!allowed.contains(name)) {
          throw new IllegalArgumentException(
              "template '" + source + "': unknown field '" + name + "' (allowed: " + allowed + ")");
        }
        flush(lit, cur);
        cur.add(new Field(name));
        i = end;
      } else if (c == '[') {
        if (cur != top) {
          throw new IllegalArgumentException(
              "template '" + source + "': nested '[' at position " + i);
        }
        flush(lit, cur);
        cur = new ArrayList<>();
      } else if (c == ']') {
        if (cur == top) {
          throw new IllegalArgumentException(
              "template '" + source + "': ']' at position " + i + " without '['");
        }
        flush(lit, cur);
        top.add(new Optional(List.copyOf(cur)));
        cur = top;
      } else if (c == '}') {
        throw new IllegalArgumentException(
            "template '" + source + "': '}' at position " + i + " without '{'");
      } else {
        lit.append(c);
      }
    }
    if (cur != top) {
      throw new IllegalArgumentException("template '" + source + "': '[' is not closed");
    }
    flush(lit, top);
    return new Template(source, List.copyOf(top));
  }

  private static void flush(StringBuilder lit, List<Part> into) {
    if (lit.length() > 0) {
      into.add(new Literal(lit.toString()));
      lit.setLength(0);
    }
  }

  /** Renders with the given field values (missing fields count as empty). */
  public String render(Map<String, String> values) {
    StringBuilder sb = new StringBuilder();
    for (Part p : parts) {
      append(p, values, sb);
    }
    return sb.toString().replaceAll("\\s+", " ").trim();
  }

  private static void append(Part p, Map<String, String> values, StringBuilder sb) {
    if (p instanceof Literal l) {
      sb.append(l.text());
    } else if (p instanceof Field f) {
      sb.append(values.getOrDefault(f.name(), ""));
    } else if (p instanceof Optional o) {
      for (Part q : o.parts()) {
        if (q instanceof Field f && values.getOrDefault(f.name(), "").isBlank()) {
          return;
        }
      }
      o.parts().forEach(q -> append(q, values, sb));
    }
  }

  @Override
  public String toString() {
    return source;
  }
}
