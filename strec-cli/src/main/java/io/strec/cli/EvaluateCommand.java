package io.strec.cli;

import io.strec.data.Loaded;
import io.strec.data.RowPolicy;
import io.strec.data.Vocabulary;
import io.strec.eval.EvalSplit;
import io.strec.eval.Evaluation;
import io.strec.eval.Evaluator;
import io.strec.eval.Experiment;
import io.strec.eval.Experiment.ModelRun;
import io.strec.eval.HitRate;
import io.strec.eval.ReciprocalRank;
import io.strec.eval.report.JsonReport;
import io.strec.eval.report.ResultsTable;
import io.strec.eval.report.html.HtmlReport;
import io.strec.model.ModelContext;
import io.strec.model.ModelFactory;
import io.strec.model.ModelRegistry;
import io.strec.model.ServableModel;
import io.strec.model.artifact.ModelDirectory;
import io.strec.util.BadInputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strec evaluate}: fit models on a protocol's training rows and rank the whole catalogue for
 * every case.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate models under an exact protocol with full-catalogue ranking.",
      "Hyper-parameters are tuned on an inner validation split of the training rows (never on the reported cases).",
      "Examples:",
      "  strec evaluate --dataset movielens:DIR --protocol loo --split test --model pop,markov --report r.json",
      "  strec evaluate --dataset foursquare:CHECKINS --protocol getnext --eval-file VAL.csv --mode strict --model all --report r.json",
      "  strec evaluate --dataset atomic:DIR/NAME --protocol given --eval-file NAME.valid.inter --model pop --report r.json",
      "  strec evaluate --dataset strec:DIR --protocol loo --model pop,markov,stm,stm-notext --seeds 1,2,3 --html report.html"
    })
final class EvaluateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin DataOptions data;

  @Mixin ProtocolOptions protocol;

  @Option(
      names = "--model",
      split = ",",
      paramLabel = "NAME",
      description =
          "Models to train and evaluate, comma-separated, or 'all' (every model but the stm ablation variants, which run by name).")
  List<String> models = new ArrayList<>();

  @Option(
      names = "--model-dir",
      paramLabel = "DIR",
      description =
          "A trained stm model directory (strec train) to evaluate as it is, without training; repeatable. "
              + "It must have been trained on this dataset and protocol's training rows (same catalogue).")
  List<Path> modelDirs = new ArrayList<>();

  @Option(
      names = "--two-stage",
      description =
          "Evaluate each --model-dir model (stm) through the serving path for large catalogues:"
              + " candidates from the Lucene item index (HNSW, places near the query, the items of"
              + " the sparse terms), then the exact score of each; an item the candidates missed"
              + " ranks last. Also prints the recall@10/@100 of that path against exact scoring.")
  boolean twoStage;

  @Option(
      names = "--seeds",
      split = ",",
      defaultValue = "1",
      paramLabel = "S",
      description = "Seeds (comma-separated); metrics are reported as mean ± std.")
  List<Long> seeds;

  @Option(
      names = "--sampled-negatives",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Also report metrics against N sampled negatives (labelled 'sampled'); full ranking is always reported.")
  int sampledNegatives;

  @Option(
      names = "--reference",
      paramLabel = "NAME",
      description = "Model the others are compared with by a paired test (default: the first).")
  String reference;

  @Option(
      names = "--segments",
      description = "Print per-segment breakdowns (always in the report).")
  boolean printSegments;

  @Option(names = "--report", paramLabel = "FILE.json", description = "Write the JSON report here.")
  Path report;

  @Option(
      names = "--cases",
      paramLabel = "FILE.tsv",
      description =
          "Write every case's outcome here, one tab-separated row per case, model and seed: model,"
              + " seed, case, user, target, rank, target_in_history (1 last item, 2 earlier item,"
              + " 3 new to user), top_1..top_10 (the ids ranked first).")
  Path cases;

  @Option(
      names = "--html",
      paramLabel = "FILE.html",
      description =
          "Write a self-contained HTML report here (SVG charts, no network needed to view it): every"
              + " model and metric with 95%% intervals over seeds and paired-test markers, MRR by"
              + " local hour, day of week, target distance, history length and target popularity,"
              + " training curves, the ablation chart when stm-no* variants ran, and the run's facts.")
  Path html;

  @Mixin EncoderOptions encoder;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    long t0 = System.nanoTime();
    EvalSplit evalSplit;
    Loaded loaded;
    try (RowPolicy policy = data.policy()) {
      loaded = data.load(out, policy);
      evalSplit = protocol.split(loaded, policy);
      DataOptions.printCounts(out, policy);
    }
    double loadSeconds = (System.nanoTime() - t0) / 1e9;
    out.printf(
        Locale.ROOT,
        "protocol %s: %d cases, catalogue %d items, %d training events, %d users %s%n",
        evalSplit.protocol(),
        evalSplit.cases().size(),
        evalSplit.train().numItems(),
        evalSplit.train().numEvents(),
        evalSplit.train().numUsers(),
        evalSplit.settings());
    if (evalSplit.cases().isEmpty()) {
      throw new BadInputException(
          "the protocol produced no evaluation case; check the evaluation file and split");
    }
    if (models.isEmpty() && modelDirs.isEmpty()) {
      throw new BadInputException("give --model NAME[,NAME...] or --model-dir DIR");
    }
    ModelRegistry registry = ModelRegistry.load();
    List<String> names =
        models.size() == 1 && models.get(0).equals("all") ? registry.defaultNames() : models;
    List<ModelFactory> factories = new ArrayList<>();
    for (String n : names) {
      factories.add(registry.get(n.trim()));
    }
    if (sampledNegatives < 0) {
      throw new BadInputException("--sampled-negatives must be >= 0, got " + sampledNegatives);
    }
    Evaluator evaluator =
        Evaluator.builder()
            .optSampledNegatives(sampledNegatives, 42)
            .optProgress(out::println)
            .build();
    List<ModelRun> runs = new ArrayList<>();
    Map<String, Map<String, String>> training = new LinkedHashMap<>();
    try (ModelContext context = encoder.context(out)) {
      Experiment experiment = new Experiment(evaluator, context);
      for (ModelFactory f : factories) {
        out.println("model " + f.name() + ": " + f.description());
        runs.add(
            experiment.run(
                f,
                evalSplit,
                seeds,
                (setting, model) -> {
                  if (model instanceof ServableModel s) {
                    training.put(f.name(), s.trainingSummary());
                  }
                }));
      }
      for (Path dir : modelDirs) {
        runs.add(evaluateSaved(out, evaluator, dir, evalSplit, context, training));
      }
    }
    out.println();
    out.print(ResultsTable.format(runs));
    Comparisons comparisons = Comparisons.of(runs, reference);
    out.print(comparisons.table());
    if (printSegments) {
      out.print(SegmentTable.format(runs));
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("seeds", seeds);
    settings.put("sampled_negatives", sampledNegatives);
    settings.put("tuning", "inner validation: last training event per user, by MRR");
    settings.put("encoder", encoder.textEncoder.spec());
    if (html != null) {
      HtmlReport page =
          new HtmlReport(data.options.dataset(), loaded.source(), evalSplit, settings)
              .read(loaded.stats());
      runs.forEach(page::add);
      training.forEach(page::training);
      comparisons.addTo(page);
      page.timing("load_seconds", loadSeconds)
          .timing("total_seconds", (System.nanoTime() - t0) / 1e9);
      page.write(html);
      out.println("HTML report written to " + html);
    }
    if (cases != null) {
      CaseFile.write(cases, evalSplit, runs, evaluator.topN());
      out.println("cases written to " + cases);
    }
    if (report != null) {
      JsonReport json =
          new JsonReport(data.options.dataset(), loaded.source(), evalSplit, settings)
              .read(loaded.stats());
      runs.forEach(json::add);
      comparisons.addTo(json);
      json.timing("load_seconds", loadSeconds)
          .timing("total_seconds", (System.nanoTime() - t0) / 1e9);
      json.write(report);
      out.println("report written to " + report);
    }
    return Main.OK;
  }

  /** Evaluates a saved model directory (any family) on {@code split} without training it. */
  private ModelRun evaluateSaved(
      PrintWriter out,
      Evaluator evaluator,
      Path dir,
      EvalSplit split,
      ModelContext context,
      Map<String, Map<String, String>> training)
      throws java.io.IOException {
    try (ModelDirectory.Opened opened = ModelDirectory.open(dir, ModelRegistry.load(), context)) {
      sameCatalogue(dir, opened.items(), split.train().items());
      String name = opened.model().name() + "@" + dir.getFileName();

      String setting = opened.provenance().config();
      out.println("model " + name + ": loaded from " + dir + " (" + setting + ")");
      long seed = opened.provenance().seed();
      Evaluation e;
      if (twoStage) {
        if (!(opened.model() instanceof io.strec.model.FactoredModel f)) {
          throw new picocli.CommandLine.ParameterException(
              spec.commandLine(),
              "--two-stage needs a factored model (stm); "
                  + dir
                  + " holds "
                  + opened.model().name());
        }
        List<io.strec.app.store.StoredItem> items =
            split.train().itemInfos().stream().map(io.strec.app.store.StoredItem::of).toList();
        try (io.strec.app.TwoStageModel two =
            io.strec.app.TwoStageModel.of(
                f, opened.items(), items, io.strec.app.RetrievalSettings.defaults(), 100)) {
          name = name + "+two-stage";
          e = evaluator.evaluate(two, split).withFit(setting, 0);
          io.strec.app.RetrievalRecall r = two.recall();
          out.printf(
              Locale.ROOT,
              "  two-stage against exact scoring: recall@10 %.4f, recall@100 %.4f over %d queries;"
                  + " %.0f of %d items scored exactly per query%n",
              r.meanAt10(),
              r.meanAt100(),
              r.samples(),
              two.meanScored(),
              opened.model().numItems());
        }
      } else {
        e = evaluator.evaluate(opened.model(), split).withFit(setting, 0);
      }
      out.printf(
          Locale.ROOT,
          "  %-12s MRR %.4f HR@10 %.4f (eval %.2fs, %d cases)%n",
          name,
          e.metric(ReciprocalRank.MRR),
          e.metrics().getOrDefault(new HitRate(10).name(), Double.NaN),
          e.evalSeconds(),
          e.numCases());
      training.put(name, opened.provenance().training());
      return new ModelRun(name, setting, Map.of(), List.of(seed), List.of(e));
    }
  }

  /**
   * A saved model scores items by the index they had when it was trained; it can only be evaluated
   * on a split whose training rows give the same catalogue in the same order.
   */
  private static void sameCatalogue(Path dir, Vocabulary model, Vocabulary split) {
    int n = Math.min(model.size(), split.size());
    for (int i = 0; i < n; i++) {
      if (!model.id(i).equals(split.id(i))) {
        throw new BadInputException(
            String.format(
                Locale.ROOT,
                "model %s was trained on another catalogue: item %d is '%s' there and '%s' here; "
                    + "evaluate it with the dataset and protocol it was trained with",
                dir,
                i,
                model.id(i),
                split.id(i)));
      }
    }
    if (model.size() != split.size()) {
      throw new BadInputException(
          String.format(
              Locale.ROOT,
              "model %s was trained on a catalogue of %d items, this protocol's has %d; "
                  + "evaluate it with the dataset and protocol it was trained with",
              dir,
              model.size(),
              split.size()));
    }
  }
}
