package io.strec.eval.report.html;

import java.util.ArrayList;
import java.util.List;

/**
 * A grouped bar chart drawn as SVG: one group of bars per label on the horizontal axis, one bar per
 * series in each group, optionally with a 95% interval (an error bar) and a short marker above each
 * bar. The value axis always includes zero, so that bars of negative differences hang below it.
 *
 * <p>Every bar is a {@code rect class="bar"} with {@code data-group}, {@code data-series} and
 * {@code data-value}; a value that is not finite gets no bar but a red "NaN" (or "∞") in its place,
 * {@code text class="nan"}. Each bar carries a {@code <title>}, shown as a tooltip by browsers.
 */
public final class BarChart {
  private static final double PLOT_HEIGHT = 230;
  private static final double LEFT = 66;
  private static final double RIGHT = 18;

  private final String title;
  private final String valueLabel;
  private final List<String> series;
  private final List<String> colours;
  private final List<Group> groups = new ArrayList<>();
  private double width = Double.NaN;

  private static final class Group {
    final String label;
    final String note;
    final double[] values;
    final double[] low;
    final double[] high;
    final String[] marker;
    final String[] markerTitle;

    Group(String label, String note, double[] values) {
      this.label = label;
      this.note = note;
      this.values = values;
      int n = values.length;
      this.low = new double[n];
      this.high = new double[n];
      java.util.Arrays.fill(low, Double.NaN);
      java.util.Arrays.fill(high, Double.NaN);
      this.marker = new String[n];
      this.markerTitle = new String[n];
    }
  }

  /**
   * @param title shown above the chart
   * @param valueLabel the title of the value axis, with its unit
   * @param series names of the bars in each group, in order
   * @param colours one colour per series (CSS colour values)
   */
  public BarChart(String title, String valueLabel, List<String> series, List<String> colours) {
    if (series.size() != colours.size()) {
      throw new IllegalArgumentException(
          series.size() + " series but " + colours.size() + " colours");
    }
    this.title = title;
    this.valueLabel = valueLabel;
    this.series = List.copyOf(series);
    this.colours = List.copyOf(colours);
  }

  /**
   * Adds a group; returns its index.
   *
   * @param note a second line under the label (e.g. a case count), or empty
   * @param values one per series; NaN where there is no value
   */
  public int group(String label, String note, double[] values) {
    if (values.length != series.size()) {
      throw new IllegalArgumentException(
          "group '"
              + label
              + "' has "
              + values.length
              + " values for "
              + series.size()
              + " series");
    }
    groups.add(new Group(label, note, values.clone()));
    return groups.size() - 1;
  }

  /** An error bar from {@code low} to {@code high} on bar ({@code group}, {@code series}). */
  public BarChart interval(int group, int series, double low, double high) {
    if (!(low <= high)) {
      throw new IllegalArgumentException(
          "interval of group "
              + group
              + ", series "
              + series
              + " is reversed: "
              + low
              + " > "
              + high);
    }
    groups.get(group).low[series] = low;
    groups.get(group).high[series] = high;
    return this;
  }

  /** A short text above bar ({@code group}, {@code series}), with a tooltip. */
  public BarChart marker(int group, int series, String text, String tooltip) {
    groups.get(group).marker[series] = text;
    groups.get(group).markerTitle[series] = tooltip;
    return this;
  }

  /**
   * The width of the whole chart in px; by default it grows with the number of bars. Bars widen to
   * fill it, up to a limit.
   */
  public BarChart optWidth(double px) {
    if (!(px >= 200) || Double.isInfinite(px)) {
      throw new IllegalArgumentException("chart width must be at least 200 px, got " + px);
    }
    this.width = px;
    return this;
  }

  /** The chart as an {@code <svg>} element with the given id. */
  public String render(String id) {
    int n = series.size();
    int count = Math.max(1, groups.size());
    double w =
        Double.isNaN(width)
            ? Math.max(
                Math.max(360, LEFT + count * (n * 16 + 24) + RIGHT),
                LEFT + Svg.textWidth(title, 14) + RIGHT)
            : width;
    double groupW = (w - LEFT - RIGHT) / count;
    // Labels go on one line, else on two split at a space, else turned by 45 degrees.
    List<String[]> lines = new ArrayList<>();
    boolean rotate = false;
    double longest = 0;
    boolean notes = false;
    for (Group g : groups) {
      String[] l = fit(g.label, groupW - 6);
      rotate |= l == null;
      lines.add(l);
      String whole = g.note.isEmpty() ? g.label : g.label + " (" + g.note + ")";
      longest = Math.max(longest, Svg.textWidth(whole, Svg.FONT));
      notes |= !g.note.isEmpty();
    }
    // A label turned by 45 degrees reaches left of its group; the first one must stay inside.
    double left = rotate ? Math.max(LEFT, longest * 0.71 - groupW / 2 + 8) : LEFT;
    double plotW = w - left - RIGHT;
    groupW = plotW / count;
    double barW = Math.min(28, groupW * 0.8 / Math.max(1, n));
    double legend = Svg.legendHeight(series, plotW);
    double top = 32 + legend + 18;
    int labelLines = lines.stream().mapToInt(l -> l == null ? 1 : l.length).max().orElse(1);
    double labels = rotate ? longest * 0.71 + 20 : 8 + 14 * (labelLines + (notes ? 1 : 0));
    double height = top + PLOT_HEIGHT + labels + 8;

    StringBuilder sb = new StringBuilder();
    Svg.open(sb, id, "bar-chart", w, height);
    Svg.title(sb, title, left);
    Svg.legend(sb, series, colours, left, 30, plotW);
    double[] range = range();
    Ticks ticks = range == null ? Ticks.of(0, 1, 5) : Ticks.of(range[0], range[1], 5);
    Svg.valueAxis(sb, ticks, left, top, plotW, PLOT_HEIGHT, valueLabel);
    if (range == null) {
      Svg.empty(
          sb, left, top, plotW, PLOT_HEIGHT, groups.isEmpty() ? "no data" : "no finite value");
    }
    for (int g = 0; g < groups.size(); g++) {
      double x0 = left + g * groupW + (groupW - n * barW) / 2;
      drawGroup(sb, groups.get(g), x0, barW, ticks, top);
    }
    for (int g = 0; g < groups.size(); g++) {
      double cx = left + g * groupW + groupW / 2;
      Group grp = groups.get(g);
      if (rotate) {
        rotatedLabel(sb, grp, cx, top + PLOT_HEIGHT);
        continue;
      }
      String[] l = lines.get(g);
      for (int k = 0; k < l.length; k++) {
        Svg.text(sb, cx, top + PLOT_HEIGHT + 16 + 14 * k, "group-label", "middle", l[k]);
      }
      if (!grp.note.isEmpty()) {
        Svg.text(sb, cx, top + PLOT_HEIGHT + 16 + 14 * l.length, "group-note", "middle", grp.note);
      }
    }
    sb.append("</svg>");
    return sb.toString();
  }

  /**
   * {@code label} as one line, or two split at the space nearest its middle; null if neither fits.
   */
  private static String[] fit(String label, double room) {
    if (Svg.textWidth(label, Svg.FONT) <= room) {
      return new String[] {label};
    }
    int best = -1;
    for (int i = label.indexOf(' '); i >= 0; i = label.indexOf(' ', i + 1)) {
      if (best < 0 || Math.abs(i - label.length() / 2) < Math.abs(best - label.length() / 2)) {
        best = i;
      }
    }
    if (best < 0) {
      return null;
    }
    String a = label.substring(0, best);
    String b = label.substring(best + 1);
    boolean fits = Svg.textWidth(a, Svg.FONT) <= room && Svg.textWidth(b, Svg.FONT) <= room;
    return fits ? new String[] {a, b} : null;
  }

  private void drawGroup(StringBuilder sb, Group grp, double x0, double barW, Ticks t, double top) {
    double zero = y(0, t, top);
    for (int s = 0; s < series.size(); s++) {
      double v = grp.values[s];
      double x = x0 + s * barW;
      double cx = x + barW / 2;
      String tip = series.get(s) + " \u00b7 " + grp.label + ": " + Html.number(v, 4);
      if (Double.isFinite(grp.low[s])) {
        tip +=
            " (95% interval "
                + Html.number(grp.low[s], 4)
                + " to "
                + Html.number(grp.high[s], 4)
                + ")";
      }
      if (!Double.isFinite(v)) {
        sb.append("<text class=\"nan\" x=\"")
            .append(Html.coord(cx))
            .append("\" y=\"")
            .append(Html.coord(zero - 6))
            .append(
                "\" text-anchor=\"middle\" fill=\"#b3261e\" font-size=\"10\" font-weight=\"bold\">")
            .append("<title>")
            .append(Html.escape(tip))
            .append("</title>")
            .append(Html.number(v, 0))
            .append("</text>");
        continue;
      }
      double yv = y(v, t, top);
      sb.append("<rect class=\"bar\" data-group=\"")
          .append(Html.escape(grp.label))
          .append("\" data-series=\"")
          .append(Html.escape(series.get(s)))
          .append("\" data-value=\"")
          .append(Html.number(v, 6))
          .append("\" x=\"")
          .append(Html.coord(x + 1))
          .append("\" y=\"")
          .append(Html.coord(Math.min(yv, zero)))
          .append("\" width=\"")
          .append(Html.coord(barW - 2))
          .append("\" height=\"")
          .append(Html.coord(Math.max(Math.abs(zero - yv), 0.5)))
          .append("\" fill=\"")
          .append(Html.escape(colours.get(s)))
          .append("\"><title>")
          .append(Html.escape(tip))
          .append("</title></rect>");
      double above = Math.min(yv, zero);
      if (Double.isFinite(grp.low[s])) {
        double y1 = y(grp.low[s], t, top);
        double y2 = y(grp.high[s], t, top);
        double cap = Math.max(2, barW / 4);
        sb.append("<path class=\"err\" d=\"M")
            .append(Html.coord(cx))
            .append(' ')
            .append(Html.coord(y1))
            .append('V')
            .append(Html.coord(y2))
            .append("M")
            .append(Html.coord(cx - cap))
            .append(' ')
            .append(Html.coord(y1))
            .append('H')
            .append(Html.coord(cx + cap))
            .append("M")
            .append(Html.coord(cx - cap))
            .append(' ')
            .append(Html.coord(y2))
            .append('H')
            .append(Html.coord(cx + cap))
            .append("\" stroke=\"#24292f\" stroke-width=\"1.2\" fill=\"none\"/>");
        above = Math.min(above, y2);
      }
      if (grp.marker[s] != null) {
        sb.append("<text class=\"marker\" x=\"")
            .append(Html.coord(cx))
            .append("\" y=\"")
            .append(Html.coord(above - 4))
            .append("\" text-anchor=\"middle\" font-size=\"11\"><title>")
            .append(Html.escape(grp.markerTitle[s]))
            .append("</title>")
            .append(Html.escape(grp.marker[s]))
            .append("</text>");
      }
    }
  }

  private static void rotatedLabel(StringBuilder sb, Group g, double cx, double base) {
    sb.append("<text class=\"group-label\" transform=\"translate(")
        .append(Html.coord(cx))
        .append(',')
        .append(Html.coord(base + 14))
        .append(") rotate(-45)\" text-anchor=\"end\">")
        .append(Html.escape(g.note.isEmpty() ? g.label : g.label + " (" + g.note + ")"))
        .append("</text>");
  }

  private static double y(double v, Ticks t, double top) {
    return top + PLOT_HEIGHT - (v - t.low()) / (t.high() - t.low()) * PLOT_HEIGHT;
  }

  /**
   * The value range to show (always with 0, with room for markers); null when nothing is finite.
   */
  private double[] range() {
    double lo = 0;
    double hi = 0;
    boolean any = false;
    boolean markers = false;
    for (Group g : groups) {
      for (int s = 0; s < series.size(); s++) {
        for (double v : new double[] {g.values[s], g.low[s], g.high[s]}) {
          if (Double.isFinite(v)) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
            any = Double.isFinite(g.values[s]) || any;
          }
        }
        markers |= g.marker[s] != null;
      }
    }
    if (!any) {
      return null;
    }
    double pad = markers ? (hi - lo) * 0.08 : 0;
    return new double[] {lo, hi + pad};
  }
}
