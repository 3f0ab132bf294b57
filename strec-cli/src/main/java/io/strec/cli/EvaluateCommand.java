package io.strec.cli;

import io.strec.data.Loaded;
import io.strec.data.RawEvent;
import io.strec.data.RowPolicy;
import io.strec.data.io.AtomicSource;
import io.strec.data.io.FoursquareSource;
import io.strec.data.io.TimeFormat;
import io.strec.eval.EvalSplit;
import io.strec.eval.Evaluator;
import io.strec.eval.Experiment;
import io.strec.eval.Experiment.ModelRun;
import io.strec.eval.protocol.ColdStart;
import io.strec.eval.protocol.GetNext;
import io.strec.eval.protocol.Given;
import io.strec.eval.protocol.LeaveOneOut;
import io.strec.eval.protocol.TemporalSplit;
import io.strec.eval.report.JsonReport;
import io.strec.eval.report.ResultsTable;
import io.strec.model.ModelContext;
import io.strec.model.ModelFactory;
import io.strec.model.ModelRegistry;
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
      "  strec evaluate --dataset atomic:DIR/NAME --protocol given --eval-file NAME.valid.inter --model pop --report r.json"
    })
final class EvaluateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin DataOptions data;

  @Option(names = "--protocol", required = true, paramLabel = "loo|getnext|given|temporal")
  String protocol;

  @Option(
      names = "--split",
      defaultValue = "test",
      paramLabel = "test|valid",
      description = "For loo: which held-out event to evaluate (default test).")
  String split;

  @Option(
      names = "--eval-file",
      paramLabel = "FILE",
      description = "getnext: GETNext CSV; given: atomic .inter file.")
  Path evalFile;

  @Option(
      names = "--mode",
      defaultValue = "strict",
      paramLabel = "strict|online",
      description = "getnext history mode (default strict).")
  String mode;

  @Option(
      names = "--cutoff",
      paramLabel = "TIME",
      description = "temporal: ISO-8601 cut-off time; events before it train.")
  String cutoff;

  @Option(
      names = "--cold",
      paramLabel = "users:N|items",
      description =
          "Keep only cold-start cases: users with at most N history events, or targets unseen in training.")
  String cold;

  @Option(
      names = "--exclude-history",
      defaultValue = "auto",
      paramLabel = "auto|on|off",
      description =
          "Remove history items from the ranking; auto = on for loo on data without locations (MovieLens), off otherwise.")
  String excludeHistory;

  @Option(
      names = "--model",
      required = true,
      split = ",",
      paramLabel = "NAME",
      description =
          "Models to evaluate, comma-separated, or 'all' (every model except experimental ones such as stm, which run by name).")
  List<String> models;

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

  @Mixin EncoderOptions encoder;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    long t0 = System.nanoTime();
    EvalSplit evalSplit;
    Loaded loaded;
    try (RowPolicy policy = data.policy()) {
      loaded = data.load(out, policy);
      evalSplit = split(loaded, policy);
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
      throw new Main.BadInputException(
          "the protocol produced no evaluation case; check the evaluation file and split");
    }
    ModelRegistry registry = ModelRegistry.load();
    List<String> names =
        models.size() == 1 && models.get(0).equals("all") ? registry.defaultNames() : models;
    List<ModelFactory> factories = new ArrayList<>();
    for (String n : names) {
      factories.add(registry.get(n.trim()));
    }
    Evaluator evaluator =
        Evaluator.builder()
            .optSampledNegatives(sampledNegatives, 42)
            .optProgress(out::println)
            .build();
    List<ModelRun> runs = new ArrayList<>();
    try (ModelContext context = encoder.context(out)) {
      Experiment experiment = new Experiment(evaluator, context);
      for (ModelFactory f : factories) {
        out.println("model " + f.name() + ": " + f.description());
        runs.add(experiment.run(f, evalSplit, seeds));
      }
    }
    out.println();
    out.print(ResultsTable.format(runs));
    Comparisons comparisons = Comparisons.of(runs, reference);
    out.print(comparisons.table());
    if (printSegments) {
      out.print(SegmentTable.format(runs));
    }
    if (report != null) {
      Map<String, Object> settings = new LinkedHashMap<>();
      settings.put("seeds", seeds);
      settings.put("sampled_negatives", sampledNegatives);
      settings.put("tuning", "inner validation: last training event per user, by MRR");
      settings.put("encoder", encoder.encoder);
      JsonReport json =
          new JsonReport(data.dataset, loaded.source(), evalSplit, settings).read(loaded.stats());
      runs.forEach(json::add);
      comparisons.addTo(json);
      json.timing("load_seconds", loadSeconds)
          .timing("total_seconds", (System.nanoTime() - t0) / 1e9);
      json.write(report);
      out.println("report written to " + report);
    }
    return Main.OK;
  }

  private EvalSplit split(Loaded loaded, RowPolicy policy) throws java.io.IOException {
    boolean anyLocation = loaded.events().stream().anyMatch(RawEvent::hasLocation);
    EvalSplit s =
        switch (protocol) {
          case "loo" -> LeaveOneOut.build(loaded, parseSplit(), exclude(!anyLocation));
          case "getnext" -> {
            GetNext.Mode m =
                switch (mode) {
                  case "strict" -> GetNext.Mode.STRICT;
                  case "online" -> GetNext.Mode.ONLINE;
                  default ->
                      throw new IllegalArgumentException(
                          "--mode must be strict or online, not '" + mode + "'");
                };
            List<RawEvent> rows = new ArrayList<>();
            FoursquareSource.open(requireEvalFile()).readEvents(rows::add, policy);
            yield GetNext.build(loaded, rows, m);
          }
          case "given" ->
              Given.build(
                  loaded, AtomicSource.readSequences(requireEvalFile(), policy), exclude(false));
          case "temporal" -> {
            if (cutoff == null) {
              throw new IllegalArgumentException("--protocol temporal needs --cutoff TIME");
            }
            yield TemporalSplit.build(
                loaded, TimeFormat.ISO.parseEpochSecond(cutoff), exclude(!anyLocation));
          }
          default ->
              throw new IllegalArgumentException(
                  "unknown protocol '" + protocol + "' (expected loo, getnext, given or temporal)");
        };
    if (cold == null) {
      return s;
    }
    if (cold.equals("items")) {
      return ColdStart.items(s);
    }
    if (cold.startsWith("users:")) {
      return ColdStart.users(s, Integer.parseInt(cold.substring("users:".length())));
    }
    throw new IllegalArgumentException("--cold must be users:N or items, not '" + cold + "'");
  }

  private LeaveOneOut.Split parseSplit() {
    return switch (split) {
      case "test" -> LeaveOneOut.Split.TEST;
      case "valid" -> LeaveOneOut.Split.VALID;
      default ->
          throw new IllegalArgumentException("--split must be test or valid, not '" + split + "'");
    };
  }

  private boolean exclude(boolean auto) {
    return switch (excludeHistory) {
      case "auto" -> auto;
      case "on" -> true;
      case "off" -> false;
      default ->
          throw new IllegalArgumentException(
              "--exclude-history must be auto, on or off, not '" + excludeHistory + "'");
    };
  }

  private Path requireEvalFile() {
    if (evalFile == null) {
      throw new IllegalArgumentException("--protocol " + protocol + " needs --eval-file");
    }
    return evalFile;
  }
}
