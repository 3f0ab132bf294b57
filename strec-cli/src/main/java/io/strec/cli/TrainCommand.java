package io.strec.cli;

import io.strec.data.Loaded;
import io.strec.data.RowPolicy;
import io.strec.eval.EvalSplit;
import io.strec.eval.Evaluation;
import io.strec.eval.Evaluator;
import io.strec.eval.HitRate;
import io.strec.eval.Metric;
import io.strec.eval.Ndcg;
import io.strec.eval.QueryTime;
import io.strec.eval.ReciprocalRank;
import io.strec.model.ModelContext;
import io.strec.model.Trainer;
import io.strec.model.artifact.ModelDirectory;
import io.strec.model.artifact.ModelProvenance;
import io.strec.stm.Ablation;
import io.strec.stm.StmConfig;
import io.strec.stm.StmFactory;
import io.strec.stm.StmModel;
import io.strec.stm.StmTrainer;
import io.strec.stm.TrainOptions;
import io.strec.stm.TuningTrainer;
import io.strec.util.BadInputException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strec train}: fit {@code stm} on a protocol's training rows and write the model directory.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train the spatio-temporal model (stm) on a protocol's training rows and save it as a model directory.",
      "A checkpoint is kept in DIR/checkpoint after every epoch; running the same command again resumes from it.",
      "Examples:",
      "  strec train --dataset foursquare:CHECKINS --protocol getnext --eval-file VAL.csv --out models/nyc",
      "  strec train --dataset movielens:DIR --protocol loo --out models/ml --epochs 10 --ablate space"
    })
final class TrainCommand implements Callable<Integer> {
  /** The metrics printed after training, in order. */
  private static final List<Metric> SHOWN =
      List.of(ReciprocalRank.MRR, new HitRate(1), new HitRate(5), new HitRate(10), new Ndcg(10));

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin DataOptions data;

  @Mixin EncoderOptions encoder;

  @Mixin ProtocolOptions protocol;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Model directory to write.")
  Path out;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      description = "Largest number of epochs (default from the config).")
  Integer epochs;

  @Option(
      names = "--budget",
      paramLabel = "B",
      description =
          "How long the fit may train: epochs (12e), seconds (150s) or minutes (2.5m); the"
              + " learning-rate schedule is planned to end within it (stm setting budget; default"
              + " none). A budget in seconds depends on the machine: the log names the epochs it"
              + " planned, and that many epochs (12e) fit the same model anywhere.")
  String fitBudget;

  @Option(
      names = "--ablate",
      defaultValue = "none",
      paramLabel = "LIST",
      description = "Components to switch off: text,time,space,id,graph,repeat,usertext.")
  String ablate;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "stm settings as a .properties file (keys of config.properties in a model directory).")
  Path config;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "S")
  long seed;

  @Option(
      names = "--evaluate",
      description =
          "After training, evaluate the model on the protocol's cases and print the metrics.")
  boolean evaluate;

  @Option(names = "--no-progress", description = "Do not draw a progress bar.")
  boolean noProgress;

  @Option(
      names = "--check-numerics",
      description =
          "Debugging: check every input, loss, weight and gradient of every step and stop at the"
              + " first value that is not finite, naming it (slower).")
  boolean checkNumerics;

  @Option(
      names = "--shards",
      paramLabel = "N",
      description =
          "Parts of each batch that train side by side on their own threads on the CPU (default"
              + " 0: one per core, at most 8; 1: none). A fit repeats exactly for the same N.")
  int shards;

  @Option(
      names = "--tune",
      paramLabel = "BUDGET",
      description =
          "Choose dropout, learning rate and score terms on the inner validation by successive"
              + " halving within BUDGET: epochs (26 or 26e), seconds (600s), minutes (10m) or"
              + " 'full' (every candidate); the chosen setting is saved.")
  String tune;

  @Override
  public Integer call() throws Exception {
    TuningTrainer.Budget budget =
        tune == null ? null : BadInputException.parse("--tune", tune, TuningTrainer.Budget::parse);
    PrintWriter pw = spec.commandLine().getOut();
    EvalSplit split;
    try (RowPolicy policy = data.policy()) {
      Loaded loaded = data.load(pw, policy);
      split = protocol.split(loaded, policy);
      DataOptions.printCounts(pw, policy);
    }
    pw.printf(
        Locale.ROOT,
        "training rows: %d events, %d users, %d items%n",
        split.train().numEvents(),
        split.train().numUsers(),
        split.train().numItems());
    long t0 = System.nanoTime();
    try (ModelContext context = encoder.context(pw)) {
      StmConfig asked = settings(new StmFactory().config(context));
      // The factory's trainer carries the context's item vectors; only its setting, run options
      // and query time (the protocol's, whatever the settings say) change.
      StmTrainer base = (StmTrainer) new StmFactory().candidates(context).get(0);
      StmTrainer trainer =
          base.with(
                  asked,
                  new TrainOptions(
                      pw::println,
                      !noProgress,
                      Optional.of(out.resolve("checkpoint")),
                      0,
                      checkNumerics,
                      shards))
              .withQueryTime(QueryTime.of(split));
      StmConfig c = trainer.config();
      pw.println("settings: " + c.asMap());
      Trainer fitted = budget == null ? trainer : new TuningTrainer(trainer, budget);
      try (StmModel model = (StmModel) fitted.fit(split.train(), seed)) {
        double secs = (System.nanoTime() - t0) / 1e9;
        ModelDirectory.write(
            out,
            model,
            split.train().items(),
            ModelProvenance.of(
                model.name(),
                model.state().config().describe(),
                split.train(),
                seed,
                model.trainingSummary()));
        Map<String, String> prov = model.state().provenance();
        pw.printf(
            Locale.ROOT,
            "trained in %.1f s (%s epochs, best %s, inner-valid MRR %s, %s s/epoch); model written to %s%n",
            secs,
            prov.get("epochs_trained"),
            prov.get("best_epoch"),
            prov.get("inner_valid_mrr"),
            prov.get("seconds_per_epoch"),
            out);
        if (prov.containsKey("refit_epochs")) {
          pw.printf(
              Locale.ROOT,
              "refitted on every training event (the %s held out for the inner validation too) for"
                  + " %s epochs%n",
              prov.get("refit_held_out_events"),
              prov.get("refit_epochs"));
        }
        if (evaluate) {
          Evaluation e =
              Evaluator.builder()
                  .optSegments(false)
                  .optProgress(pw::println)
                  .build()
                  .evaluate(model, split);
          pw.printf(
              Locale.ROOT,
              "%s on %d cases: %s%n",
              split.protocol(),
              e.numCases(),
              SHOWN.stream()
                  .map(m -> String.format(Locale.ROOT, "%s %.4f", m.name(), e.metric(m)))
                  .collect(Collectors.joining("  ")));
        }
      }
    }
    return Main.OK;
  }

  /**
   * The settings: {@code base} (defaults, then {@code --model-config stm:...}), then the {@code
   * --config} file, then {@code --epochs}, {@code --budget} and {@code --ablate}. The query time is
   * not among them: the model is trained under the protocol's {@code --query-time}.
   */
  private StmConfig settings(StmConfig base) throws java.io.IOException {
    Properties p = new Properties();
    p.putAll(base.toProperties());
    StmConfig c = StmConfig.of(p);
    if (config != null) {
      try (Reader r = Files.newBufferedReader(config)) {
        p.load(r);
      } catch (IllegalArgumentException e) {
        // Properties.load refuses a malformed unicode escape.
        throw new BadInputException("--config " + config + ": " + e.getMessage(), e);
      }
      c = BadInputException.parse("--config", config.toString(), f -> StmConfig.of(p));
    }
    if (epochs != null) {
      StmConfig before = c;
      c =
          BadInputException.parse(
              "--epochs", epochs.toString(), n -> before.withEpochs(Integer.parseInt(n)));
    }
    if (fitBudget != null) {
      StmConfig before = c;
      c =
          BadInputException.parse(
              "--budget",
              fitBudget,
              b -> before.toBuilder().optBudget(io.strec.stm.FitBudget.parse(b)).build());
    }
    if (!ablate.equals("none")) {
      var set = java.util.EnumSet.noneOf(Ablation.class);
      set.addAll(c.ablations());
      set.addAll(BadInputException.parse("--ablate", ablate, Ablation::parse));
      c = c.withAblations(set);
    }
    return c;
  }
}
