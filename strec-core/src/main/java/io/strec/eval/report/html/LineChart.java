package io.strec.eval.report.html;

import java.util.ArrayList;
import java.util.List;

/**
 * A line chart drawn as SVG: one line with a dot per point for each series over a numeric
 * horizontal axis (whole-number ticks when every x is whole, as epochs are).
 *
 * <p>Every finite point is a {@code circle class="point"} with {@code data-series}, {@code data-x}
 * and {@code data-y}; a point whose y is not finite breaks its line and is drawn as a red "×" on
 * the horizontal axis ({@code text class="nan"}) with a tooltip saying so.
 */
public final class LineChart {
  private static final double PLOT_WIDTH = 420;
  private static final double PLOT_HEIGHT = 220;
  private static final double LEFT = 70;
  private static final double RIGHT = 22;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Line> lines = new ArrayList<>();

  private record Line(String name, String colour, double[] x, double[] y) {}

  /**
   * @param xLabel title of the horizontal axis, with its unit
   * @param yLabel title of the vertical axis, with its unit
   */
  public LineChart(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  /** Adds a series; {@code x} must be finite, {@code y} may hold NaN. */
  public LineChart series(String name, String colour, double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "series '" + name + "' has " + x.length + " x values but " + y.length + " y values");
    }
    for (double v : x) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("series '" + name + "' has a non-finite x: " + v);
      }
    }
    lines.add(new Line(name, colour, x.clone(), y.clone()));
    return this;
  }

  /** The chart as an {@code <svg>} element with the given id. */
  public String render(String id) {
    List<String> names = lines.stream().map(Line::name).toList();
    List<String> colours = lines.stream().map(Line::colour).toList();
    double width = LEFT + PLOT_WIDTH + RIGHT;
    double legend = Svg.legendHeight(names, PLOT_WIDTH);
    double top = 32 + legend + 14;
    double height = top + PLOT_HEIGHT + 48;
    StringBuilder sb = new StringBuilder();
    Svg.open(sb, id, "line-chart", width, height);
    Svg.title(sb, title, LEFT);
    Svg.legend(sb, names, colours, LEFT, 30, PLOT_WIDTH);
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double yMin = Double.POSITIVE_INFINITY;
    double yMax = Double.NEGATIVE_INFINITY;
    boolean whole = true;
    for (Line l : lines) {
      for (int i = 0; i < l.x.length; i++) {
        xMin = Math.min(xMin, l.x[i]);
        xMax = Math.max(xMax, l.x[i]);
        whole &= l.x[i] == Math.rint(l.x[i]);
        if (Double.isFinite(l.y[i])) {
          yMin = Math.min(yMin, l.y[i]);
          yMax = Math.max(yMax, l.y[i]);
        }
      }
    }
    if (xMin > xMax) {
      Svg.valueAxis(sb, Ticks.of(0, 1, 5), LEFT, top, PLOT_WIDTH, PLOT_HEIGHT, yLabel);
      Svg.empty(sb, LEFT, top, PLOT_WIDTH, PLOT_HEIGHT, "no data");
      xAxisTitle(sb, top);
      return sb.append("</svg>").toString();
    }
    if (xMin == xMax) {
      xMin -= 1;
      xMax += 1;
    }
    Ticks ys = yMin <= yMax ? Ticks.of(yMin, yMax, 5) : Ticks.of(0, 1, 5);
    Svg.valueAxis(sb, ys, LEFT, top, PLOT_WIDTH, PLOT_HEIGHT, yLabel);
    // A little room at both ends keeps the first and last dots off the frame.
    double pad = (xMax - xMin) * 0.04;
    double[] xr = {xMin - pad, xMax + pad};
    xAxis(sb, xMin, xMax, xr, whole, top);
    if (yMin > yMax) {
      Svg.text(
          sb,
          LEFT + PLOT_WIDTH / 2,
          top + PLOT_HEIGHT / 2,
          "empty-label",
          "middle",
          "no finite value");
    }
    for (Line l : lines) {
      drawLine(sb, l, xr, ys, top);
    }
    return sb.append("</svg>").toString();
  }

  private void drawLine(StringBuilder sb, Line l, double[] xr, Ticks ys, double top) {
    String colour = Html.escape(l.colour);
    StringBuilder path = new StringBuilder();
    boolean pen = false;
    for (int i = 0; i < l.x.length; i++) {
      if (!Double.isFinite(l.y[i])) {
        pen = false;
        continue;
      }
      path.append(pen ? 'L' : 'M')
          .append(Html.coord(px(l.x[i], xr)))
          .append(' ')
          .append(Html.coord(py(l.y[i], ys, top)));
      pen = true;
    }
    sb.append("<g class=\"series\" data-series=\"").append(Html.escape(l.name)).append("\">");
    if (path.length() > 0) {
      sb.append("<path class=\"line\" d=\"")
          .append(path)
          .append("\" fill=\"none\" stroke=\"")
          .append(colour)
          .append("\" stroke-width=\"2\"/>");
    }
    for (int i = 0; i < l.x.length; i++) {
      String tip =
          l.name
              + ": "
              + xLabel
              + " "
              + Html.number(l.x[i], 0)
              + ", "
              + yLabel
              + " "
              + Html.number(l.y[i], 4);
      if (!Double.isFinite(l.y[i])) {
        sb.append("<text class=\"nan\" x=\"")
            .append(Html.coord(px(l.x[i], xr)))
            .append("\" y=\"")
            .append(Html.coord(top + PLOT_HEIGHT - 4))
            .append("\" text-anchor=\"middle\" fill=\"#b3261e\" font-weight=\"bold\"><title>")
            .append(Html.escape(tip))
            .append("</title>\u00d7</text>");
        continue;
      }
      sb.append("<circle class=\"point\" data-series=\"")
          .append(Html.escape(l.name))
          .append("\" data-x=\"")
          .append(Html.number(l.x[i], 6))
          .append("\" data-y=\"")
          .append(Html.number(l.y[i], 6))
          .append("\" cx=\"")
          .append(Html.coord(px(l.x[i], xr)))
          .append("\" cy=\"")
          .append(Html.coord(py(l.y[i], ys, top)))
          .append("\" r=\"3.5\" fill=\"")
          .append(colour)
          .append("\" stroke=\"#ffffff\" stroke-width=\"1\"><title>")
          .append(Html.escape(tip))
          .append("</title></circle>");
    }
    sb.append("</g>");
  }

  private void xAxis(
      StringBuilder sb, double xMin, double xMax, double[] xr, boolean whole, double top) {
    Ticks t = Ticks.of(xMin, xMax, 6);
    double step = whole ? Math.max(1, Math.rint(t.step())) : t.step();
    double first = Math.ceil(xMin / step - 1e-9) * step;
    double base = top + PLOT_HEIGHT;
    sb.append("<g class=\"x-axis\"><line x1=\"")
        .append(Html.coord(LEFT))
        .append("\" x2=\"")
        .append(Html.coord(LEFT + PLOT_WIDTH))
        .append("\" y1=\"")
        .append(Html.coord(base))
        .append("\" y2=\"")
        .append(Html.coord(base))
        .append("\" stroke=\"#6e7781\"/>");
    int decimals = whole ? 0 : t.decimals();
    for (double v = first; v <= xMax + step * 1e-9; v += step) {
      double x = px(v, xr);
      sb.append("<line x1=\"")
          .append(Html.coord(x))
          .append("\" x2=\"")
          .append(Html.coord(x))
          .append("\" y1=\"")
          .append(Html.coord(base))
          .append("\" y2=\"")
          .append(Html.coord(base + 4))
          .append("\" stroke=\"#6e7781\"/>");
      Svg.text(sb, x, base + 17, "tick", "middle", Html.number(v, decimals));
    }
    sb.append("</g>");
    xAxisTitle(sb, top);
  }

  private void xAxisTitle(StringBuilder sb, double top) {
    Svg.text(sb, LEFT + PLOT_WIDTH / 2, top + PLOT_HEIGHT + 38, "axis-title", "middle", xLabel);
  }

  private static double px(double x, double[] xr) {
    return LEFT + (x - xr[0]) / (xr[1] - xr[0]) * PLOT_WIDTH;
  }

  private static double py(double y, Ticks ys, double top) {
    return top + PLOT_HEIGHT - (y - ys.low()) / (ys.high() - ys.low()) * PLOT_HEIGHT;
  }
}
