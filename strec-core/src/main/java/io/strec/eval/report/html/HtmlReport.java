package io.strec.eval.report.html;

import io.strec.data.ReadStats;
import io.strec.eval.EvalSplit;
import io.strec.eval.Experiment.ModelRun;
import io.strec.eval.stats.PairedResult;
import io.strec.model.artifact.ModelProvenance;
import io.strec.util.BuildInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML report of an evaluation, gathered like {@link io.strec.eval.report.JsonReport}: the
 * comparison of every model on every metric (95% intervals over seeds, paired-test verdicts against
 * the reference), quality by segment, training curves, the ablation chart when ablation variants
 * ran, and the run's facts (data, protocol, provenance). {@link #write} puts it in one file.
 */
public final class HtmlReport {
  /** A paired test of {@code model} against {@code reference} on one metric, per case. */
  public record Paired(String model, String reference, String metric, PairedResult result) {}

  private final String dataset;
  private final String source;
  private final EvalSplit split;
  private final Map<String, Object> settings;
  private final String dataHash;
  private final String created = java.time.Instant.now().toString();
  private final Map<String, ReadStats.FileCounts> read = new LinkedHashMap<>();
  private final List<ModelRun> runs = new ArrayList<>();
  private final Map<String, Map<String, String>> training = new LinkedHashMap<>();
  private final List<Paired> paired = new ArrayList<>();
  private final Map<String, Double> timings = new LinkedHashMap<>();

  /**
   * @param dataset the dataset as given, e.g. {@code strec:DIR}
   * @param source where the rows came from
   * @param settings evaluation settings (seeds, tuning, encoder, ...)
   */
  public HtmlReport(String dataset, String source, EvalSplit split, Map<String, Object> settings) {
    this.dataset = dataset;
    this.source = source;
    this.split = split;
    this.settings = new LinkedHashMap<>(settings);
    this.dataHash = ModelProvenance.hashOf(split.train());
  }

  /** Row counts of the import, per file. */
  public HtmlReport read(ReadStats stats) {
    read.putAll(stats.byFile());
    return this;
  }

  public HtmlReport add(ModelRun run) {
    if (runs.stream().anyMatch(r -> r.model().equals(run.model()))) {
      throw new IllegalArgumentException("model '" + run.model() + "' is already in the report");
    }
    runs.add(run);
    return this;
  }

  /**
   * What fitting {@code model} (first seed) found: its {@link
   * io.strec.model.ServableModel#trainingSummary()}, with the per-epoch curve when it has one.
   */
  public HtmlReport training(String model, Map<String, String> summary) {
    training.put(model, Map.copyOf(summary));
    return this;
  }

  public HtmlReport paired(String model, String reference, String metric, PairedResult result) {
    paired.add(new Paired(model, reference, metric, result));
    return this;
  }

  public HtmlReport timing(String name, double seconds) {
    timings.put(name, seconds);
    return this;
  }

  /** The whole page. */
  public String render() {
    if (runs.isEmpty()) {
      throw new IllegalStateException("the report has no model run");
    }
    List<String> models = runs.stream().map(ModelRun::model).toList();
    for (Paired p : paired) {
      if (!models.contains(p.model()) || !models.contains(p.reference())) {
        throw new IllegalStateException(
            "paired test of "
                + p.model()
                + " against "
                + p.reference()
                + " names a model that is not in the report: "
                + models);
      }
    }
    ReportData d =
        new ReportData(
            dataset,
            source,
            split.protocol(),
            split.settings(),
            settings,
            split.train().numItems(),
            split.train().numUsers(),
            split.train().numEvents(),
            split.cases().size(),
            dataHash,
            read,
            List.copyOf(runs),
            training,
            List.copyOf(paired),
            timings,
            created);
    HtmlPage page =
        new HtmlPage(
            "STREC evaluation report",
            String.format(
                Locale.ROOT,
                "%s \u00b7 protocol %s \u00b7 %,d cases \u00b7 %d models \u00b7 %s",
                dataset,
                split.protocol(),
                split.cases().size(),
                runs.size(),
                created));
    page.section("comparison", "Comparison", ComparisonSection.render(d));
    page.section("segments", "Segments", SegmentSection.render(d));
    page.section("training", "Training", TrainingSection.render(d));
    AblationSection.render(d).ifPresent(body -> page.section("ablation", "Ablation", body));
    page.section("facts", "Run facts", FactsSection.render(d));
    return page.render(
        "STREC "
            + BuildInfo.version()
            + " (commit "
            + BuildInfo.commit()
            + ") \u00b7 full-catalogue ranking, ties broken by item id \u00b7 charts drawn as SVG"
            + " in this file; nothing is loaded from the network");
  }

  /** Writes the page to a temporary sibling of {@code file}, then renames it into place. */
  public void write(Path file) throws IOException {
    HtmlPage.write(file, render());
  }
}
