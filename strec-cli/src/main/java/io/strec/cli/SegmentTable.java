package io.strec.cli;

import io.strec.eval.Experiment.ModelRun;
import io.strec.eval.ReciprocalRank;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints per-segment MRR for every model, one block per segmentation. */
final class SegmentTable {
  private SegmentTable() {}

  static String format(List<ModelRun> runs) {
    StringBuilder sb = new StringBuilder();
    Map<String, Map<String, Map<String, Double>>> first = runs.get(0).first().segments();
    for (String seg : first.keySet()) {
      sb.append(String.format(Locale.ROOT, "%nMRR by %s%n%-18s %6s", seg, "segment", "n"));
      runs.forEach(r -> sb.append(String.format(Locale.ROOT, " %10s", r.model())));
      sb.append('\n');
      for (var label : first.get(seg).entrySet()) {
        sb.append(
            String.format(
                Locale.ROOT, "%-18s %6d", label.getKey(), label.getValue().get("n").intValue()));
        for (ModelRun r : runs) {
          Double v =
              r.first().segments().get(seg).get(label.getKey()).get(ReciprocalRank.MRR.name());
          sb.append(String.format(Locale.ROOT, " %10.4f", v));
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }
}
