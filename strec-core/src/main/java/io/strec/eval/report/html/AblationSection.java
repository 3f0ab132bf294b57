package io.strec.eval.report.html;

import io.strec.eval.Experiment.ModelRun;
import io.strec.eval.Metric;
import io.strec.eval.Ndcg;
import io.strec.eval.ReciprocalRank;
import io.strec.eval.stats.PairedResult;
import io.strec.eval.stats.PairedTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What each ablation variant changes against its full model: a model named {@code base-suffix}
 * (e.g. {@code stm-notext}) run beside {@code base} is a variant of it. Differences are per case on
 * the first seed, with paired-bootstrap intervals.
 */
final class AblationSection {
  /** The metrics compared, in order. */
  static final List<Metric> METRICS = List.of(ReciprocalRank.MRR, new Ndcg(10));

  /** Seed of the paired bootstrap; the one the command line's comparisons use. */
  static final long BOOTSTRAP_SEED = 20260301L;

  private record Variant(ModelRun base, ModelRun run, List<PairedResult> results) {}

  private AblationSection() {}

  /** The section, or empty when the run has no ablation variant beside its full model. */
  static Optional<String> render(ReportData d) {
    List<Variant> variants = variants(d.runs());
    if (variants.isEmpty()) {
      return Optional.empty();
    }
    List<String> series = METRICS.stream().map(m -> "\u0394 " + m.name()).toList();
    BarChart chart =
        new BarChart(
                "Change of each ablation against the full model",
                "difference (variant \u2212 full model)",
                series,
                List.of(Palette.colour(0), Palette.colour(1)))
            .optWidth(Math.min(1040, Math.max(520, 180 + 120 * variants.size())));
    Table t =
        new Table(
                "variant",
                "full model",
                "metric",
                "variant",
                "full model",
                "difference",
                "95% interval",
                "p (bootstrap)",
                "verdict")
            .numeric(3, 4, 5, 6, 7);
    for (Variant v : variants) {
      double[] diffs = v.results.stream().mapToDouble(PairedResult::meanDiff).toArray();
      int g = chart.group(v.run.model(), "vs " + v.base.model(), diffs);
      for (int s = 0; s < METRICS.size(); s++) {
        PairedResult r = v.results.get(s);
        String metric = METRICS.get(s).name();
        chart.interval(g, s, r.ciLow(), r.ciHigh());
        chart.marker(g, s, ReportData.verdict(r), r.format());
        t.row(
            v.run.model(),
            v.base.model(),
            metric,
            Html.number(v.run.first().metrics().getOrDefault(metric, Double.NaN), 4),
            Html.number(v.base.first().metrics().getOrDefault(metric, Double.NaN), 4),
            String.format(Locale.ROOT, "%+.4f", r.meanDiff()),
            String.format(Locale.ROOT, "[%+.4f, %+.4f]", r.ciLow(), r.ciHigh()),
            ComparisonSection.bootstrapP(r),
            ReportData.verdict(r));
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append(
            "<p class=\"note\">Each variant switches one component of its full model off (or on);")
        .append(" a bar below zero means the component helps. Per-case differences on the first")
        .append(
            " seed, error bars the 95% paired-bootstrap interval; \u25b2/\u25bc where the paired")
        .append(" t-test and bootstrap both give p &lt; 0.05, \u25cb otherwise.</p>")
        .append("<figure>")
        .append(chart.render("chart-ablation"))
        .append("</figure><div class=\"table-wrap\">")
        .append(t.render("ablation"))
        .append("</div>");
    return Optional.of(sb.toString());
  }

  // r != base: a run is not its own baseline; identity, since two runs may be equal in value.
  @SuppressWarnings("ReferenceEquality")
  private static List<Variant> variants(List<ModelRun> runs) {
    List<Variant> out = new ArrayList<>();
    for (ModelRun r : runs) {
      for (ModelRun base : runs) {
        if (r != base && r.model().startsWith(base.model() + "-") && r.first().numCases() >= 2) {
          List<PairedResult> results = new ArrayList<>();
          for (Metric m : METRICS) {
            results.add(
                PairedTest.compare(r.first().perCase(m), base.first().perCase(m), BOOTSTRAP_SEED));
          }
          out.add(new Variant(base, r, results));
          break;
        }
      }
    }
    return out;
  }
}
