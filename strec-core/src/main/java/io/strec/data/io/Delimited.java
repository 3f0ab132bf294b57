package io.strec.data.io;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line of delimited text; the CSV dialect honours double quotes (RFC 4180, one line).
 */
public final class Delimited {
  private Delimited() {}

  /** Splits on every occurrence of {@code sep}, keeping empty trailing fields; no quoting. */
  public static String[] splitPlain(String line, char sep) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == sep) {
        out.add(line.substring(start, i));
        start = i + 1;
      }
    }
    out.add(line.substring(start));
    return out.toArray(new String[0]);
  }

  /**
   * Splits a CSV line: fields may be quoted with {@code "}, a doubled quote inside quotes is a
   * literal quote.
   *
   * @throws IllegalArgumentException when a quote is not closed
   */
  public static String[] splitQuoted(String line, char sep) {
    if (line.indexOf('"') < 0) {
      return splitPlain(line, sep);
    }
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cur.append(c);
        }
      } else if (c == '"' && cur.length() == 0) {
        quoted = true;
      } else if (c == sep) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("unterminated quoted field");
    }
    out.add(cur.toString());
    return out.toArray(new String[0]);
  }
}
