package io.strec.eval.report.html;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** An HTML table whose every cell is escaped text; chosen columns are right-aligned numbers. */
public final class Table {
  private final List<String> header;
  private final boolean headed;
  private final Set<Integer> numeric = new HashSet<>();
  private final List<List<String>> rows = new ArrayList<>();

  public Table(String... header) {
    this(List.of(header), true);
  }

  private Table(List<String> header, boolean headed) {
    this.header = header;
    this.headed = headed;
  }

  /** A table without a header row, e.g. of name and value pairs. */
  public static Table withoutHeader(int columns) {
    if (columns < 1) {
      throw new IllegalArgumentException("a table needs at least one column, got " + columns);
    }
    return new Table(java.util.Collections.nCopies(columns, ""), false);
  }

  /** Marks columns (0-based) as numbers: right-aligned in tabular figures. */
  public Table numeric(int... columns) {
    for (int c : columns) {
      numeric.add(c);
    }
    return this;
  }

  public Table row(String... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "row has "
              + cells.length
              + " cells, the table "
              + header.size()
              + " columns: "
              + List.of(cells));
    }
    rows.add(List.of(cells));
    return this;
  }

  public String render(String cls) {
    StringBuilder sb = new StringBuilder("<table class=\"").append(Html.escape(cls)).append("\">");
    if (headed) {
      sb.append("<thead><tr>");
      for (int c = 0; c < header.size(); c++) {
        sb.append(numeric.contains(c) ? "<th class=\"num\">" : "<th>")
            .append(Html.escape(header.get(c)))
            .append("</th>");
      }
      sb.append("</tr></thead>");
    }
    sb.append("<tbody>");
    for (List<String> r : rows) {
      sb.append("<tr>");
      for (int c = 0; c < r.size(); c++) {
        sb.append(numeric.contains(c) ? "<td class=\"num\">" : "<td>")
            .append(Html.escape(r.get(c)))
            .append("</td>");
      }
      sb.append("</tr>");
    }
    return sb.append("</tbody></table>").toString();
  }
}
