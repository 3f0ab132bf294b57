package io.strec.eval.report;

import io.strec.eval.Experiment.ModelRun;
import io.strec.eval.HitRate;
import io.strec.eval.Metric;
import io.strec.eval.Ndcg;
import io.strec.eval.ReciprocalRank;
import io.strec.eval.stats.Summary;
import java.util.List;
import java.util.Locale;

/**
 * A fixed-width text table of model runs: one row per model, mean ± std over seeds when there are
 * several.
 */
public final class ResultsTable {
  /** The metrics shown, in order. */
  public static final List<Metric> COLUMNS =
      List.of(
          new HitRate(1),
          new HitRate(5),
          new HitRate(10),
          new HitRate(20),
          new Ndcg(10),
          ReciprocalRank.MRR);

  private ResultsTable() {}

  public static String format(List<ModelRun> runs) {
    StringBuilder sb = new StringBuilder();
    boolean multi = runs.stream().anyMatch(r -> r.runs().size() > 1);
    int width = multi ? 17 : 8;
    sb.append(String.format(Locale.ROOT, "%-12s", "model"));
    for (Metric c : COLUMNS) {
      sb.append(String.format(Locale.ROOT, " %" + width + "s", c.name()));
    }
    sb.append(String.format(Locale.ROOT, " %7s  %s%n", "n", "setting"));
    for (ModelRun r : runs) {
      sb.append(String.format(Locale.ROOT, "%-12s", r.model()));
      for (Metric c : COLUMNS) {
        double[] v = r.runs().stream().mapToDouble(e -> e.metric(c)).toArray();
        sb.append(' ')
            .append(
                String.format(
                    Locale.ROOT,
                    "%" + width + "s",
                    multi ? meanStd(v) : String.format(Locale.ROOT, "%.4f", v[0])));
      }
      sb.append(String.format(Locale.ROOT, " %7d  %s%n", r.first().numCases(), r.chosen()));
    }
    return sb.toString();
  }

  static String meanStd(double[] v) {
    Summary s = Summary.of(v);
    return String.format(Locale.ROOT, "%.4f±%.4f", s.mean(), s.std());
  }
}
