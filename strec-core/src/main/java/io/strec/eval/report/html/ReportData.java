package io.strec.eval.report.html;

import io.strec.data.ReadStats;
import io.strec.eval.Experiment.ModelRun;
import io.strec.eval.stats.PairedResult;
import java.util.List;
import java.util.Map;

/**
 * Everything the report shows, gathered by {@link HtmlReport}.
 *
 * @param training per model, the training summary of its first-seed fit (empty for none)
 * @param paired tests of every model against the reference on the same cases
 */
record ReportData(
    String dataset,
    String source,
    String protocol,
    Map<String, Object> protocolSettings,
    Map<String, Object> settings,
    int catalogue,
    int trainUsers,
    int trainEvents,
    int cases,
    String dataHash,
    Map<String, ReadStats.FileCounts> read,
    List<ModelRun> runs,
    Map<String, Map<String, String>> training,
    List<HtmlReport.Paired> paired,
    Map<String, Double> timings,
    String created) {

  List<String> models() {
    return runs.stream().map(ModelRun::model).toList();
  }

  /** One colour per model, the same in every chart. */
  List<String> colours() {
    return java.util.stream.IntStream.range(0, runs.size()).mapToObj(Palette::colour).toList();
  }

  String colour(String model) {
    int i = models().indexOf(model);
    if (i < 0) {
      throw new IllegalArgumentException("no model '" + model + "' in the report: " + models());
    }
    return Palette.colour(i);
  }

  /** Whether some model ran with more than one seed. */
  boolean manySeeds() {
    return runs.stream().anyMatch(r -> r.runs().size() > 1);
  }

  /**
   * The verdict of a paired test at the 5% level: ▲ (better than the reference) or ▼ (worse) when
   * the t-test and the bootstrap both give p &lt; 0.05, ○ otherwise.
   */
  static String verdict(PairedResult r) {
    if (r.tPValue() < 0.05 && r.bootstrapPValue() < 0.05) {
      return r.meanDiff() > 0 ? "\u25b2" : "\u25bc";
    }
    return "\u25cb";
  }
}
