package io.strec.cli;

import io.strec.eval.Experiment.ModelRun;
import io.strec.eval.Metric;
import io.strec.eval.Ndcg;
import io.strec.eval.ReciprocalRank;
import io.strec.eval.report.JsonReport;
import io.strec.eval.report.html.HtmlReport;
import io.strec.eval.stats.PairedResult;
import io.strec.eval.stats.PairedTest;
import io.strec.util.BadInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Paired significance tests of every model against a reference model on the same cases (first
 * seed): per-case reciprocal rank (MRR) and NDCG@10, paired t-test and paired bootstrap.
 */
final class Comparisons {
  static final List<Metric> METRICS = List.of(ReciprocalRank.MRR, new Ndcg(10));
  static final long BOOTSTRAP_SEED = 20260301L;

  private record Row(String model, String reference, String metric, PairedResult result) {}

  private final List<Row> rows;

  private Comparisons(List<Row> rows) {
    this.rows = rows;
  }

  // r == ref skips the reference run itself, not another run that happens to equal it.
  @SuppressWarnings("ReferenceEquality")
  static Comparisons of(List<ModelRun> runs, String referenceName) {
    List<Row> rows = new ArrayList<>();
    if (runs.size() < 2) {
      return new Comparisons(rows);
    }
    ModelRun ref =
        referenceName == null
            ? runs.get(0)
            : runs.stream()
                .filter(r -> r.model().equals(referenceName))
                .findFirst()
                .orElseThrow(
                    () ->
                        new BadInputException(
                            "--reference " + referenceName + " is not among the evaluated models"));
    if (ref.first().numCases() < 2) {
      return new Comparisons(rows);
    }
    for (ModelRun r : runs) {
      if (r == ref) {
        continue;
      }
      for (Metric m : METRICS) {
        rows.add(
            new Row(
                r.model(),
                ref.model(),
                m.name(),
                PairedTest.compare(r.first().perCase(m), ref.first().perCase(m), BOOTSTRAP_SEED)));
      }
    }
    return new Comparisons(rows);
  }

  String table() {
    if (rows.isEmpty()) {
      return "";
    }
    StringBuilder sb =
        new StringBuilder("\npaired tests against ")
            .append(rows.get(0).reference())
            .append(" (first seed):\n");
    for (Row r : rows) {
      sb.append(
          String.format(
              Locale.ROOT, "  %-12s %-8s %s%n", r.model(), r.metric(), r.result().format()));
    }
    return sb.toString();
  }

  void addTo(HtmlReport html) {
    rows.forEach(r -> html.paired(r.model(), r.reference(), r.metric(), r.result()));
  }

  void addTo(JsonReport json) {
    for (Row r : rows) {
      Map<String, Double> v = new LinkedHashMap<>();
      PairedResult p = r.result();
      v.put("mean_diff", p.meanDiff());
      v.put("t", p.tStat());
      v.put("t_p_value", p.tPValue());
      v.put("bootstrap_p_value", p.bootstrapPValue());
      v.put("ci95_low", p.ciLow());
      v.put("ci95_high", p.ciHigh());
      v.put("n", (double) p.n());
      v.put("bootstrap_resamples", (double) p.resamples());
      v.put("bootstrap_seed", (double) p.seed());
      json.significance(r.model(), r.reference(), r.metric(), v);
    }
  }
}
