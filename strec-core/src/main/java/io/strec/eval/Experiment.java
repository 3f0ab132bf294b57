package io.strec.eval;

import io.strec.eval.protocol.InnerValidation;
import io.strec.model.Model;
import io.strec.model.ModelContext;
import io.strec.model.ModelFactory;
import io.strec.model.Trainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs models on a split the honest way: hyper-parameters are chosen on an inner validation split
 * carved from the training rows ({@link InnerValidation}), by MRR; the chosen setting is then
 * fitted on all training rows once per seed and evaluated on the split's cases. Trainers and the
 * inner validation follow the split's {@link QueryTime} ({@link Trainer#withQueryTime}).
 */
public final class Experiment {
  /** Tuning outcome and per-seed evaluations of one model. */
  public record ModelRun(
      String model,
      String chosen,
      Map<String, Double> tuningMrr,
      List<Long> seeds,
      List<Evaluation> runs) {
    public ModelRun {
      tuningMrr = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tuningMrr));
      seeds = List.copyOf(seeds);
      runs = List.copyOf(runs);
    }

    /** The run of the first seed. */
    public Evaluation first() {
      return runs.get(0);
    }
  }

  private final Evaluator evaluator;
  private final Evaluator tuningEvaluator;
  private final Consumer<String> log;
  private final ModelContext context;

  /** An experiment for models that need no shared resources; progress lines go to {@code log}. */
  public Experiment(Evaluator evaluator, Consumer<String> log) {
    this(
        evaluator,
        new ModelContext(ModelContext.defaults().encoder(), java.util.Optional.empty(), log));
  }

  /**
   * @param context what models may draw on (encoder, embedding store); its log receives one
   *     progress line per fitted model and evaluation
   */
  public Experiment(Evaluator evaluator, ModelContext context) {
    this.evaluator = evaluator;
    this.tuningEvaluator =
        Evaluator.builder().optSegments(false).optProgress(context.log()).build();
    this.log = context.log();
    this.context = context;
  }

  public ModelRun run(ModelFactory factory, EvalSplit split, List<Long> seeds) {
    return run(factory, split, seeds, (setting, model) -> {});
  }

  /**
   * Like {@link #run(ModelFactory, EvalSplit, List)}; {@code inspect} also sees the model fitted
   * with the first seed, with its chosen setting, after its evaluation and before it is closed (for
   * sample recommendations without fitting it again).
   */
  public ModelRun run(
      ModelFactory factory,
      EvalSplit split,
      List<Long> seeds,
      java.util.function.BiConsumer<String, Model> inspect) {
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("at least one seed is needed");
    }
    // Every trainer is fitted, and every setting tuned, under the moment the split's cases name.
    QueryTime when = QueryTime.of(split);
    List<Trainer> candidates =
        factory.candidates(context).stream().map(t -> t.withQueryTime(when)).toList();
    Trainer chosen = candidates.get(0);
    Map<String, Double> tuning = new LinkedHashMap<>();
    boolean exclude = Boolean.TRUE.equals(split.settings().get("exclude_history"));
    EvalSplit inner =
        candidates.size() > 1 ? when.apply(InnerValidation.of(split.train(), exclude)) : null;
    if (inner != null && inner.cases().isEmpty()) {
      log.accept("  no user has two training events: cannot tune, using " + chosen.describe());
    } else if (inner != null) {
      double best = Double.NEGATIVE_INFINITY;
      for (Trainer t : candidates) {
        double mrr;
        try (Model m = t.fit(inner.train(), seeds.get(0))) {
          mrr = tuningEvaluator.evaluate(m, inner).metric(ReciprocalRank.MRR);
        }
        tuning.put(t.describe(), mrr);
        log.accept(
            String.format(
                java.util.Locale.ROOT, "  tune %-40s inner-valid MRR %.4f", t.describe(), mrr));
        if (mrr > best) {
          best = mrr;
          chosen = t;
        }
      }
    }
    List<Evaluation> runs = new ArrayList<>();
    for (long seed : seeds) {
      long t0 = System.nanoTime();
      Evaluation e;
      double fit;
      try (Model m = chosen.fit(split.train(), seed)) {
        fit = (System.nanoTime() - t0) / 1e9;
        e = evaluator.evaluate(m, split).withFit(chosen.describe(), fit);
        if (runs.isEmpty()) {
          inspect.accept(chosen.describe(), m);
        }
      }
      log.accept(
          String.format(
              java.util.Locale.ROOT,
              "  %-12s seed %d: MRR %.4f HR@10 %.4f (fit %.2fs, eval %.2fs, %d cases)",
              factory.name(),
              seed,
              e.metric(ReciprocalRank.MRR),
              e.metrics().getOrDefault(new HitRate(10).name(), Double.NaN),
              fit,
              e.evalSeconds(),
              e.numCases()));
      runs.add(e);
    }
    return new ModelRun(factory.name(), chosen.describe(), tuning, seeds, runs);
  }
}
