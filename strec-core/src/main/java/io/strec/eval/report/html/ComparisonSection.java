package io.strec.eval.report.html;

import io.strec.eval.Evaluation;
import io.strec.eval.Experiment.ModelRun;
import io.strec.eval.Metric;
import io.strec.eval.report.ResultsTable;
import io.strec.eval.stats.PairedResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Every model on every metric: a chart, the table of numbers and the paired tests. */
final class ComparisonSection {
  private ComparisonSection() {}

  static String render(ReportData d) {
    List<String> metrics = new ArrayList<>();
    for (Metric m : ResultsTable.COLUMNS) {
      if (d.runs().stream().allMatch(r -> r.first().metrics().containsKey(m.name()))) {
        metrics.add(m.name());
      }
    }
    boolean many = d.manySeeds();
    StringBuilder sb = new StringBuilder();
    sb.append("<p class=\"note\">Full-catalogue ranking of every case. ")
        .append(
            many
                ? "Bars are means over seeds; error bars are 95% intervals of the mean over seeds"
                    + " (Student's t, n\u22121 degrees of freedom), drawn within [0, 1]. "
                : "One seed: no interval over seeds (run with <code>--seeds 1,2,3</code> for one). ")
        .append(
            d.paired().isEmpty()
                ? ""
                : "Markers compare each model with the reference <b>"
                    + Html.escape(d.paired().get(0).reference())
                    + "</b> on the same cases (first seed): \u25b2 better, \u25bc worse when the"
                    + " paired t-test and the paired bootstrap both give p &lt; 0.05, \u25cb no"
                    + " significant difference.")
        .append("</p>");
    BarChart chart =
        new BarChart(
                "Ranking quality by metric",
                "metric value (0\u20131, higher is better)",
                d.models(),
                d.colours())
            .optWidth(1040);
    for (String m : metrics) {
      double[] values = new double[d.runs().size()];
      double[] half = new double[values.length];
      for (int s = 0; s < values.length; s++) {
        double[] perSeed = perSeed(d.runs().get(s), m);
        values[s] = SeedInterval.mean(perSeed);
        half[s] = SeedInterval.halfWidth(perSeed);
      }
      int g = chart.group(m, "", values);
      for (int s = 0; s < values.length; s++) {
        if (Double.isFinite(half[s])) {
          // Drawn within the metric's own range [0, 1]; the table gives the interval in full.
          chart.interval(g, s, Math.max(0, values[s] - half[s]), Math.min(1, values[s] + half[s]));
        }
      }
      for (HtmlReport.Paired p : d.paired()) {
        if (p.metric().equals(m)) {
          int s = d.models().indexOf(p.model());
          chart.marker(
              g,
              s,
              ReportData.verdict(p.result()),
              p.model() + " vs " + p.reference() + ": " + p.result().format());
          chart.marker(g, d.models().indexOf(p.reference()), "ref", "the reference model");
        }
      }
    }
    sb.append("<figure>").append(chart.render("chart-comparison")).append("</figure>");
    sb.append("<h3>Metrics</h3><div class=\"table-wrap\">")
        .append(metricTable(d, metrics, many))
        .append("</div>");
    if (!d.paired().isEmpty()) {
      sb.append("<h3>Paired tests against ")
          .append(Html.escape(d.paired().get(0).reference()))
          .append(
              "</h3><p class=\"note\">Per-case differences (model \u2212 reference) on the first")
          .append(" seed; the interval is the 95% percentile interval of the paired bootstrap.</p>")
          .append("<div class=\"table-wrap\">")
          .append(pairedTable(d))
          .append("</div>");
    }
    sb.append("<h3>Beyond accuracy (top 10, first seed)</h3><div class=\"table-wrap\">")
        .append(beyondTable(d))
        .append("</div>");
    return sb.toString();
  }

  private static double[] perSeed(ModelRun r, String metric) {
    return r.runs().stream()
        .mapToDouble(e -> e.metrics().getOrDefault(metric, Double.NaN))
        .toArray();
  }

  private static String metricTable(ReportData d, List<String> metrics, boolean many) {
    List<String> header = new ArrayList<>(List.of("model"));
    metrics.forEach(header::add);
    header.addAll(List.of("cases", "fit s", "eval s"));
    Table t = new Table(header.toArray(String[]::new));
    for (int c = 1; c <= metrics.size() + 3; c++) {
      t.numeric(c);
    }
    for (ModelRun r : d.runs()) {
      List<String> row = new ArrayList<>(List.of(r.model()));
      for (String m : metrics) {
        double[] v = perSeed(r, m);
        double half = SeedInterval.halfWidth(v);
        row.add(
            Html.number(SeedInterval.mean(v), 4)
                + (many && Double.isFinite(half) ? " \u00b1 " + Html.number(half, 4) : ""));
      }
      Evaluation e = r.first();
      row.add(Integer.toString(e.numCases()));
      row.add(Html.number(e.fitSeconds(), 2));
      row.add(Html.number(e.evalSeconds(), 2));
      t.row(row.toArray(String[]::new));
    }
    return t.render("metrics")
        + "<p class=\"note\">"
        + (many ? "± is half the width of the 95% interval over seeds. " : "")
        + "Times are of the first seed; each model's chosen setting and seeds are under Run"
        + " facts.</p>";
  }

  private static String pairedTable(ReportData d) {
    Table t =
        new Table(
                "model",
                "metric",
                "verdict",
                "mean difference",
                "95% interval",
                "t",
                "p (t-test)",
                "p (bootstrap)",
                "cases")
            .numeric(3, 4, 5, 6, 7, 8);
    for (HtmlReport.Paired p : d.paired()) {
      PairedResult r = p.result();
      t.row(
          p.model(),
          p.metric(),
          ReportData.verdict(r),
          String.format(Locale.ROOT, "%+.4f", r.meanDiff()),
          String.format(Locale.ROOT, "[%+.4f, %+.4f]", r.ciLow(), r.ciHigh()),
          Html.number(r.tStat(), 2),
          String.format(Locale.ROOT, "%.3g", r.tPValue()),
          bootstrapP(r),
          Integer.toString(r.n()));
    }
    return t.render("paired");
  }

  /** The bootstrap p-value; 0 means "below 2/B" (see PairedTest) and is shown so. */
  static String bootstrapP(PairedResult r) {
    if (r.bootstrapPValue() == 0) {
      return String.format(Locale.ROOT, "< %.1g", 2.0 / r.resamples());
    }
    return String.format(Locale.ROOT, "%.3g", r.bootstrapPValue());
  }

  private static String beyondTable(ReportData d) {
    List<String> keys = new ArrayList<>(d.runs().get(0).first().beyondAccuracy().keySet());
    List<String> header = new ArrayList<>(List.of("model"));
    header.addAll(keys);
    Table t = new Table(header.toArray(String[]::new));
    for (int c = 1; c <= keys.size(); c++) {
      t.numeric(c);
    }
    for (ModelRun r : d.runs()) {
      List<String> row = new ArrayList<>(List.of(r.model()));
      for (String k : keys) {
        double v = r.first().beyondAccuracy().getOrDefault(k, Double.NaN);
        row.add(Html.number(v, k.startsWith("coverage") ? 3 : 2));
      }
      t.row(row.toArray(String[]::new));
    }
    return t.render("beyond");
  }
}
