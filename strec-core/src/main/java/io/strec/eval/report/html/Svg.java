package io.strec.eval.report.html;

import java.util.List;

/** SVG pieces both charts draw: the root element, the title, the legend and the value axis. */
final class Svg {
  /** Font size of labels, px. */
  static final double FONT = 12;

  /** Height of a legend row, px. */
  private static final double LEGEND_ROW = 18;

  private Svg() {}

  /**
   * The width {@code text} takes at {@code px} in a sans-serif font, estimated (no font metrics on
   * the server): an average glyph is about 0.58 em wide.
   */
  static double textWidth(String text, double px) {
    return text.length() * px * 0.58;
  }

  /** Opens the root element; the chart scales down with the page but never up. */
  static void open(StringBuilder sb, String id, String kind, double width, double height) {
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart ")
        .append(kind)
        .append("\" id=\"")
        .append(Html.escape(id))
        .append("\" width=\"")
        .append(Html.coord(width))
        .append("\" height=\"")
        .append(Html.coord(height))
        .append("\" viewBox=\"0 0 ")
        .append(Html.coord(width))
        .append(' ')
        .append(Html.coord(height))
        .append("\" role=\"img\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto,")
        .append(" 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif\" font-size=\"12\">");
  }

  static void title(StringBuilder sb, String title, double x) {
    sb.append("<title>").append(Html.escape(title)).append("</title>");
    text(sb, x, 20, "chart-title", "start", title);
  }

  static void text(StringBuilder sb, double x, double y, String cls, String anchor, String text) {
    sb.append("<text class=\"")
        .append(cls)
        .append("\" x=\"")
        .append(Html.coord(x))
        .append("\" y=\"")
        .append(Html.coord(y))
        .append("\" text-anchor=\"")
        .append(anchor)
        .append("\">")
        .append(Html.escape(text))
        .append("</text>");
  }

  /** Height of the legend of {@code names} laid out in rows no wider than {@code width}. */
  static double legendHeight(List<String> names, double width) {
    return legendLayout(names, width, 0, 0, null, null);
  }

  /** Draws a legend of colour swatches and names, top left at (x, y); returns its height. */
  static double legend(
      StringBuilder sb,
      List<String> names,
      List<String> colours,
      double x,
      double y,
      double width) {
    return legendLayout(names, width, x, y, colours, sb);
  }

  private static double legendLayout(
      List<String> names,
      double width,
      double x0,
      double y0,
      List<String> colours,
      StringBuilder sb) {
    if (names.isEmpty()) {
      return 0;
    }
    double x = 0;
    int rows = 1;
    if (sb != null) {
      sb.append("<g class=\"legend\">");
    }
    for (int i = 0; i < names.size(); i++) {
      double w = 14 + 6 + textWidth(names.get(i), FONT) + 16;
      if (x > 0 && x + w > width) {
        x = 0;
        rows++;
      }
      if (sb != null) {
        double top = y0 + (rows - 1) * LEGEND_ROW;
        sb.append("<g class=\"legend-item\"><rect x=\"")
            .append(Html.coord(x0 + x))
            .append("\" y=\"")
            .append(Html.coord(top + 2))
            .append("\" width=\"14\" height=\"10\" rx=\"2\" fill=\"")
            .append(Html.escape(colours.get(i)))
            .append("\"/>");
        text(sb, x0 + x + 20, top + 11, "legend-label", "start", names.get(i));
        sb.append("</g>");
      }
      x += w;
    }
    if (sb != null) {
      sb.append("</g>");
    }
    return rows * LEGEND_ROW;
  }

  /**
   * Horizontal grid lines with tick labels at the left of the plot and the axis title turned
   * upright beside them.
   */
  static void valueAxis(
      StringBuilder sb,
      Ticks ticks,
      double left,
      double top,
      double plotW,
      double plotH,
      String label) {
    sb.append("<g class=\"y-axis\">");
    for (int i = 0; i < ticks.count(); i++) {
      double y =
          top + plotH - (ticks.value(i) - ticks.low()) / (ticks.high() - ticks.low()) * plotH;
      sb.append("<line class=\"grid")
          .append(ticks.value(i) == 0 ? " zero" : "")
          .append("\" x1=\"")
          .append(Html.coord(left))
          .append("\" x2=\"")
          .append(Html.coord(left + plotW))
          .append("\" y1=\"")
          .append(Html.coord(y))
          .append("\" y2=\"")
          .append(Html.coord(y))
          .append("\" stroke=\"")
          .append(ticks.value(i) == 0 ? "#6e7781" : "#d8dee4")
          .append("\" stroke-width=\"1\"/>");
      text(sb, left - 6, y + 4, "tick", "end", ticks.label(i));
    }
    double cy = top + plotH / 2;
    sb.append("<text class=\"axis-title\" transform=\"translate(14,")
        .append(Html.coord(cy))
        .append(") rotate(-90)\" text-anchor=\"middle\">")
        .append(Html.escape(label))
        .append("</text></g>");
  }

  /** A message in the middle of an empty plot, so that an empty chart says why. */
  static void empty(
      StringBuilder sb, double left, double top, double plotW, double plotH, String m) {
    sb.append("<rect class=\"empty\" x=\"")
        .append(Html.coord(left))
        .append("\" y=\"")
        .append(Html.coord(top))
        .append("\" width=\"")
        .append(Html.coord(plotW))
        .append("\" height=\"")
        .append(Html.coord(plotH))
        .append("\" fill=\"#f6f8fa\" stroke=\"#d0d7de\"/>");
    text(sb, left + plotW / 2, top + plotH / 2, "empty-label", "middle", m);
  }
}
