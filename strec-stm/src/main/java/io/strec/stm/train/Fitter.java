package io.strec.stm.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.strec.eval.EvalSplit;
import io.strec.eval.Evaluator;
import io.strec.eval.QueryTime;
import io.strec.model.History;
import io.strec.model.Model;
import io.strec.model.TrainingCurve;
import io.strec.stm.FitBudget;
import io.strec.stm.StmConfig;
import io.strec.stm.TrainOptions;
import io.strec.stm.data.Batch;
import io.strec.stm.data.BatchBuilder;
import io.strec.stm.data.Window;
import io.strec.stm.nn.AdamW;
import io.strec.stm.nn.Dropout;
import io.strec.stm.nn.ItemRows;
import io.strec.stm.nn.Lanes;
import io.strec.stm.nn.Network;
import io.strec.stm.nn.SampledSoftmax;
import io.strec.stm.nn.WeightAverage;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Trains a {@link Network} in place.
 *
 * <p>Every event of every user's history (but the last) is a training position once: the encoder
 * reads windows of {@code maxLen} events that overlap by half, and each window scores only the
 * positions the previous window did not (so every position sees at least {@code maxLen / 2} earlier
 * events, except at the start of a history). The query at a position is the next event's time and
 * the current event's place, as at evaluation.
 *
 * <p>The loss is the cross-entropy of a softmax over the whole catalogue up to {@link
 * StmConfig#sampledSoftmaxAbove()} items, and above that of a sampled softmax with log-Q correction
 * ({@link io.strec.stm.nn.SampledSoftmax}): each step draws {@link StmConfig#negatives()} negatives
 * shared by the whole batch from {@link NegativeSampler} over the training counts of the items.
 * There a step updates only the rows of the per-item parameters it read (lazy Adam, {@link
 * io.strec.stm.nn.ItemRows}), so a step's cost does not grow with the catalogue. Validation always
 * scores the whole catalogue.
 *
 * <p>Randomness: window order, dropout masks and sampled negatives come from three {@link
 * SplittableRandom}s derived from the seed and the epoch, never from the engine's global generator,
 * so a fit is repeatable whatever else runs in the JVM, and a resumed run repeats the epochs it did
 * not finish exactly.
 *
 * <p>A step whose loss or gradients are not finite is not applied: it is logged with the arrays at
 * fault, counted ({@link Result#skippedSteps()}), and {@value #MAX_SKIPPED} of them in a row stop
 * the fit. With {@link TrainOptions#checkNumerics()} the first one stops the fit instead, after the
 * inputs and every weight and gradient were checked ({@link NumericCheck}).
 */
public final class Fitter {
  /** How often a training run without a progress bar logs its progress: every 30 s. */
  private static final long PROGRESS_LINE_NANOS = 30_000_000_000L;

  private static final int MAX_SKIPPED = 20;

  /**
   * At most this many bytes of batch features are kept from the first epoch for the later ones
   * ({@link BatchBuilder#remembering}), and at most an eighth of the Java heap; windows past it are
   * computed at every epoch. NYC's windows take about 275 MB (the default setting), so about seven
   * in ten of them are kept; each costs about 1.5 times its bytes in peak resident memory.
   */
  static final long MEMO_BYTES = 192L << 20;

  /** Mixed into the epoch seed for the dropout stream, so it differs from the shuffling stream. */
  private static final long DROPOUT_STREAM = 0x5DEECE66DL;

  /** Mixed into the epoch seed for the stream of sampled negatives. */
  private static final long NEGATIVES_STREAM = 0x2545F4914F6CDD1DL;

  private final StmConfig config;
  private final TrainOptions options;
  private final long seed;

  /**
   * What a fit did; {@code curve} holds the epochs this run trained (after a resumed checkpoint,
   * only the epochs after it), {@code peakRate} the peak learning rate it took ({@link
   * StmConfig#peakRate}; NaN when there was nothing to train), {@code boxed} whether the run
   * stopped at its epoch budget ({@link TrainOptions#epochBudget()}) before the fit's end (its last
   * epoch or its early stop), {@code plannedEpochs} the epochs the fit's budget planned its
   * schedule for (0 without a plan: no budget, or the fit ended before it), {@code stoppedByBudget}
   * the epoch after which a budget in seconds stopped the fit before its plan's end (0 when it did
   * not).
   */
  public record Result(
      int epochsRun,
      int bestEpoch,
      double bestMrr,
      double lastLoss,
      double secondsPerEpoch,
      int skippedSteps,
      double peakRate,
      TrainingCurve curve,
      boolean boxed,
      int plannedEpochs,
      int stoppedByBudget) {}

  public Fitter(StmConfig config, TrainOptions options, long seed) {
    this.config = config;
    this.options = options;
    this.seed = seed;
  }

  /**
   * Trains {@code network} on {@code histories}, stopping early on {@code validation} if given.
   *
   * @param model the model whose scores are validated (it shares {@code network})
   * @param histories training events per user
   * @param validation cases for early stopping, if any
   */
  public Result run(
      Model model, Network network, List<History> histories, Optional<EvalSplit> validation) {
    return run(model, network, histories, validation, System.nanoTime());
  }

  /**
   * As {@link #run(Model, Network, List, Optional)}, for a fit that started at {@code started}
   * ({@link System#nanoTime}), from which a budget in seconds ({@link StmConfig#budget}) counts.
   */
  public Result run(
      Model model,
      Network network,
      List<History> histories,
      Optional<EvalSplit> validation,
      long started) {
    if (network.frozen()) {
      throw new IllegalStateException("the network is frozen for serving and cannot be trained");
    }
    List<Window> windows = windows(histories, config.maxLen(), config.queryTime());
    if (windows.isEmpty()) {
      // Nothing sequential to learn; the model still answers, from its initial weights (text
      // similarity through the random adaptor, distance, repeat and transition terms), and says so.
      options
          .log()
          .accept(
              "stm: no user has two training events; nothing to train, the model keeps its"
                  + " initial weights");
      return new Result(
          0,
          0,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          0,
          Double.NaN,
          TrainingCurve.of(List.of(), List.of(), List.of()),
          false,
          0,
          0);
    }
    int stepsPerEpoch = (windows.size() + config.batchSize() - 1) / config.batchSize();
    long positions = 0;
    for (Window w : windows) {
      positions += w.queries().size();
    }
    double perBatch = (double) positions / stepsPerEpoch;
    double peak = config.peakRate(perBatch);
    options
        .log()
        .accept(
            String.format(
                Locale.ROOT,
                "stm: %d windows, %d positions, %.0f a batch; peak learning rate %.3g",
                windows.size(),
                positions,
                perBatch,
                peak));
    NDManager root = network.params().get(network.params().names().get(0)).getManager();
    AdamW opt =
        new AdamW(
            network.params(),
            root,
            peak,
            config.weightDecay(),
            config.warmupSteps(),
            (long) stepsPerEpoch * config.epochs(),
            network.decayed());
    BatchBuilder builder = batchBuilder(model);
    // Keyed by the window objects themselves (the batches hold the same ones), not by value.
    IdentityHashMap<Window, float[]> user = userVectors(model, windows);
    NegativeSampler sampler =
        config.samplesSoftmax(network.numItems())
            ? new NegativeSampler(counts(histories, network.numItems()), NegativeSampler.POWER)
            : null;
    if (sampler != null) {
      options
          .log()
          .accept(
              String.format(
                  Locale.ROOT,
                  "stm: sampled softmax over %d items (> %d), %d negatives per batch; the training"
                      + " loss is the sampled loss%s",
                  network.numItems(),
                  config.sampledSoftmaxAbove(),
                  config.negatives(),
                  config.labelSmoothing() > 0 ? ", without label smoothing" : ""));
    }
    Checkpoint ckpt = new Checkpoint(options.checkpoints(), fingerprint(network, windows.size()));
    // Closed after the fit; absent when the weights themselves are validated.
    WeightAverage averaged =
        config.averageEpochs() > 0
            ? new WeightAverage(network.params(), root, config.averageEpochs() * stepsPerEpoch)
            : null;
    Optional<WeightAverage> average = Optional.ofNullable(averaged);
    TrainingState st = ckpt.resume(network.params(), opt, average).orElseGet(TrainingState::fresh);
    if (st.epochsDone() > 0) {
      options
          .log()
          .accept(
              String.format(
                  Locale.ROOT,
                  "stm: resumed after epoch %d (best valid MRR %.4f at epoch %d)",
                  st.epochsDone(),
                  st.bestMrr(),
                  st.bestEpoch()));
    }
    Evaluator evaluator = Evaluator.builder().optSegments(false).build();
    int cores = Runtime.getRuntime().availableProcessors();
    int shardCount =
        root.getDevice().isGpu()
            ? 1
            : options.shards() > 0
                ? options.shards()
                : Shards.defaultCount(cores, config.batchSize());
    int opThreads = Math.max(1, cores / shardCount);
    if (sampler == null) {
      float[][] places = builder.queryPlaces(windows);
      network.trainingPlaces(places[0], places[1]);
    }
    // Every epoch builds the same windows' batches in another order: their costly parts are
    // computed in the first and copied after it.
    BatchBuilder remembering =
        builder.remembering(windows, Math.min(MEMO_BYTES, Runtime.getRuntime().maxMemory() / 8));
    try (Shards shards = shardCount > 1 ? new Shards(shardCount, opThreads) : null) {
      if (shards != null) {
        // Under a sampled softmax the per-item tables get row gradients, never their own.
        Shards.defineGradients(
            network.params(),
            root,
            sampler == null ? java.util.Set.of() : java.util.Set.copyOf(ItemRows.TABLES));
        options
            .log()
            .accept(
                String.format(
                    Locale.ROOT,
                    "stm: each step runs as %d shards of its batch side by side, %d engine"
                        + " thread(s) each",
                    shardCount,
                    opThreads));
      }
      return fit(
          started,
          model,
          network,
          validation,
          windows,
          stepsPerEpoch,
          root,
          opt,
          remembering,
          user,
          sampler,
          ckpt,
          st,
          evaluator,
          shards,
          average);
    } finally {
      network.forgetTrainingPlaces();
      average.ifPresent(WeightAverage::close);
    }
  }

  private Result fit(
      long started,
      Model model,
      Network network,
      Optional<EvalSplit> validation,
      List<Window> windows,
      int stepsPerEpoch,
      NDManager root,
      AdamW opt,
      BatchBuilder builder,
      IdentityHashMap<Window, float[]> user,
      NegativeSampler sampler,
      Checkpoint ckpt,
      TrainingState resumed,
      Evaluator evaluator,
      Shards shards,
      Optional<WeightAverage> average) {
    TrainingState st = resumed;
    double totalSeconds = 0;
    int epochsTimed = 0;
    double lastLoss = Double.NaN;
    int skipped = 0;
    int inARow = 0;
    int first = st.epochsDone();
    List<Integer> curveEpochs = new ArrayList<>();
    List<Double> curveLoss = new ArrayList<>();
    List<Double> curveMrr = new ArrayList<>();
    DirectBuffers buffers = new DirectBuffers();
    NativeHeap heap = NativeHeap.load(options.log());
    options.log().accept(heap.describe());
    boolean boxed = false;
    FitBudget budget = config.budget();
    // The last epoch the schedule spans: the setting's, or what the budget planned (a resumed fit
    // plans again as it did), or a budget of fewer epochs than are run before the plan.
    int last = config.epochs();
    if (st.plannedEpochs() > 0) {
      last = st.plannedEpochs();
      opt.scheduleOver((long) last * stepsPerEpoch);
    } else if (budget.epochs() > 0 && budget.epochs() <= FitBudget.PLAN_AFTER) {
      last = Math.min(last, budget.epochs());
    }
    double pace = Double.NaN;
    int stoppedByBudget = 0;
    for (int epoch = first; epoch < last; epoch++) {
      if (config.patience() > 0 && st.badEpochs() >= config.patience()) {
        break;
      }
      if (options.epochBudget() > 0 && epoch - first >= options.epochBudget()) {
        boxed = true;
        break;
      }
      double elapsed = (System.nanoTime() - started) / 1e9;
      if (!Double.isNaN(pace) && budget.wouldPass(elapsed, pace)) {
        stoppedByBudget = epoch;
        options
            .log()
            .accept(
                String.format(
                    Locale.ROOT,
                    "stm: stopped after epoch %d of %d: at %.1f s an epoch the next would end"
                        + " after the budget of %s (%.1f s so far)",
                    epoch,
                    last,
                    pace,
                    budget,
                    elapsed));
        break;
      }
      long t0 = System.nanoTime();
      long mix = seed * 0x9E3779B97F4A7C15L + epoch;
      List<Window> order = shuffled(windows, new SplittableRandom(mix));
      SplittableRandom dropoutRnd = new SplittableRandom(mix ^ DROPOUT_STREAM);
      // Unsharded steps draw their masks from the stream itself; sharded ones one stream per
      // shard, seeded from it.
      Dropout dropout =
          shards == null ? Dropout.of(config.dropout(), config.idDropout(), dropoutRnd) : null;
      SplittableRandom negativesRnd = new SplittableRandom(mix ^ NEGATIVES_STREAM);
      double lossSum = 0;
      long lossCount = 0;
      long lastLine = t0;
      try (ProgressBar bar =
          options.progressBar()
              ? new ProgressBarBuilder()
                  .setTaskName(String.format(Locale.ROOT, "stm epoch %d/%d", epoch + 1, last))
                  .setInitialMax(stepsPerEpoch)
                  .setUpdateIntervalMillis(500)
                  .build()
              : null) {
        for (int s = 0; s < stepsPerEpoch; s++) {
          List<Window> part =
              order.subList(
                  s * config.batchSize(), Math.min(order.size(), (s + 1) * config.batchSize()));
          SampledSoftmax.Negatives neg =
              sampler == null ? null : sampler.draw(negativesRnd, config.negatives());
          float loss;
          int positions;
          boolean applied;
          if (shards != null) {
            long[] seeds = new long[shards.count()];
            for (int k = 0; k < seeds.length; k++) {
              seeds[k] = dropoutRnd.nextLong();
            }
            try (Shards.Step done =
                shards.backward(
                    network,
                    root,
                    part,
                    p -> builder.build(p, user == null ? null : vectors(user, p)),
                    k -> Dropout.of(config.dropout(), config.idDropout(), new SplittableRandom(k)),
                    seeds,
                    options.checkNumerics()
                        ? b -> NumericCheck.inputs(b, network.numItems(), network.regions())
                        : null,
                    neg)) {
              loss = done.loss();
              positions = done.positions();
              if (options.checkNumerics()) {
                NumericCheck.afterBackward(loss, network.params());
              }
              // The optimizer's update and the moving average run on all the shards' threads,
              // their weights spread over them (the same arithmetic as on one thread); an update
              // made of engine operations (off the host) runs on one of them, as their
              // temporaries, freed by several threads at once, fragment the native heap.
              applied =
                  Float.isFinite(loss)
                      && averaged(
                          opt.update(done.rows(), opt.onHost() ? shards : shards.oneLane()),
                          average,
                          shards);
            }
          } else {
            Batch bt = builder.build(part, user == null ? null : vectors(user, part));
            if (options.checkNumerics()) {
              NumericCheck.inputs(bt, network.numItems(), network.regions());
            }
            positions = bt.m;
            try (Step done = backward(network, root, bt, dropout, neg)) {
              loss = done.loss();
              if (options.checkNumerics()) {
                NumericCheck.afterBackward(loss, network.params());
              }
              applied =
                  Float.isFinite(loss) && averaged(opt.update(done.rows()), average, Lanes.SERIAL);
            }
          }
          if (bar != null) {
            bar.step();
          } else {
            lastLine = progressLine(epoch, last, s + 1, stepsPerEpoch, t0, lastLine);
          }
          buffers.check();
          if (!applied) {
            // The guard, not the cure: a step that cannot be applied is named, counted and
            // dropped; a run of them means the weights are lost.
            List<String> where = NumericCheck.nonFinite(network.params());
            network.params().zeroGradients();
            skipped++;
            String msg =
                String.format(
                    Locale.ROOT,
                    "stm: skipped step %d of epoch %d (loss %s%s); %d skipped so far",
                    s + 1,
                    epoch + 1,
                    loss,
                    where.isEmpty() ? "" : "; " + String.join("; ", where),
                    skipped);
            options.log().accept(msg);
            if (++inARow > MAX_SKIPPED) {
              throw new IllegalStateException(
                  "stm training diverged: "
                      + inARow
                      + " steps in a row had a non-finite loss or gradient, the last at epoch "
                      + (epoch + 1)
                      + ", step "
                      + (s + 1)
                      + "; try a lower learningRate than "
                      + config.learningRate());
            }
            continue;
          }
          inARow = 0;
          lossSum += loss * positions;
          lossCount += positions;
          if (bar != null) {
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", lossSum / lossCount));
          }
        }
        lastLoss = lossSum / Math.max(1, lossCount);
        double mrr = Double.NaN;
        long validStart = System.nanoTime();
        // Validation scores the average of the weights, and the best epoch keeps it; training goes
        // on from the weights themselves (swapped back below).
        average.ifPresent(WeightAverage::swap);
        if (validation.isPresent()) {
          // The weights stay fixed while every validation query is scored: the item vectors are
          // computed once for all of them instead of once per query.
          network.freeze();
          try {
            mrr = evaluator.evaluate(model, validation.get()).metric("MRR");
          } finally {
            network.thaw();
          }
        }
        buffers.check();
        heap.trim();
        if (bar != null) {
          bar.setExtraMessage(
              String.format(Locale.ROOT, "loss %.4f, valid MRR %.4f", lastLoss, mrr));
        }
        long end = System.nanoTime();
        double secs = (end - t0) / 1e9;
        double validSecs = (end - validStart) / 1e9;
        totalSeconds += secs;
        epochsTimed++;
        st = st.after(epoch + 1, mrr, config.minGain(), network.params());
        average.ifPresent(WeightAverage::swap);
        curveEpochs.add(epoch + 1);
        curveLoss.add(lastLoss);
        curveMrr.add(mrr);
        options
            .log()
            .accept(
                String.format(
                    Locale.ROOT,
                    "stm epoch %d/%d: loss %.4f%s, %.1f s%s",
                    epoch + 1,
                    last,
                    lastLoss,
                    validation.isEmpty()
                        ? ""
                        : String.format(
                            Locale.ROOT,
                            ", inner-valid MRR %.4f%s",
                            mrr,
                            st.bestEpoch() == epoch + 1 ? " (best)" : ""),
                    secs,
                    validation.isEmpty()
                        ? ""
                        : String.format(Locale.ROOT, " (validation %.1f s)", validSecs)));
        pace = secs;
        if (budget.limits()
            && st.plannedEpochs() == 0
            && epoch + 1 == FitBudget.PLAN_AFTER
            && last > FitBudget.PLAN_AFTER) {
          double sofar = (System.nanoTime() - started) / 1e9;
          int planned = budget.plan(epoch + 1, config.epochs(), sofar, secs);
          opt.scheduleOver((long) planned * stepsPerEpoch);
          st = st.planned(planned);
          options
              .log()
              .accept(
                  String.format(
                      Locale.ROOT,
                      "stm: budget %s: the learning-rate schedule now ends after epoch %d (was %d)%s",
                      budget,
                      planned,
                      last,
                      budget.inSeconds()
                          ? String.format(
                              Locale.ROOT,
                              ", at %.1f s an epoch after %.1f s; budget=%de fits the same"
                                  + " schedule on any machine",
                              secs,
                              sofar,
                              planned)
                          : ""));
          last = planned;
        }
        ckpt.save(st, network.params(), opt, average);
        if (epoch == first) {
          long[] kept = builder.remembered();
          options
              .log()
              .accept(
                  String.format(
                      Locale.ROOT,
                      "stm: batch features of %d of %d windows kept for later epochs (%.0f MB)",
                      kept[0],
                      windows.size(),
                      kept[1] / 1e6));
        }
      }
    }
    st.restoreBest(network.params());
    return new Result(
        st.epochsDone(),
        st.bestEpoch(),
        st.bestMrr(),
        lastLoss,
        epochsTimed == 0 ? Double.NaN : totalSeconds / epochsTimed,
        skipped,
        opt.peak(),
        TrainingCurve.of(curveEpochs, curveLoss, curveMrr),
        boxed,
        st.plannedEpochs(),
        stoppedByBudget);
  }

  /** Moves the average of the weights after an applied step; passes on whether it was applied. */
  private static boolean averaged(boolean applied, Optional<WeightAverage> average, Lanes lanes) {
    if (applied) {
      average.ifPresent(a -> a.update(lanes));
    }
    return applied;
  }

  /**
   * The loss of a step and the gradients of the per-item rows it read (none under the full softmax,
   * whose gradients are all on the parameters).
   */
  private record Step(float loss, ItemRows.Gradients rows) implements AutoCloseable {
    @Override
    public void close() {
      rows.close();
    }
  }

  /**
   * Forward and backward pass of one batch; returns the loss and leaves the gradients on the
   * weights, or, for the per-item rows a sampled step reads, in the result. Every array of the
   * step, including the ones autograd saved, lives in one manager that is closed only after the
   * backward pass. With {@code neg} the loss is the sampled softmax's, else the full softmax's.
   */
  private static Step backward(
      Network network, NDManager root, Batch bt, Dropout dropout, SampledSoftmax.Negatives neg) {
    try (NDManager step = root.newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      if (neg == null) {
        NDArray l = network.loss(step, network.forwardTraining(step, bt, dropout), bt);
        gc.backward(l);
        return new Step(l.getFloat(), ItemRows.Gradients.NONE);
      }
      Network.Sampled out = network.forwardSampled(step, bt, dropout, neg);
      NDArray l = SampledSoftmax.loss(out.logits());
      gc.backward(l);
      return new Step(l.getFloat(), out.rows().gradients(root));
    }
  }

  /**
   * The behaviour-text vector of every training window, encoded in one pass (through the embedding
   * store, which keeps them for the next fit); null when the model takes none.
   */
  private IdentityHashMap<Window, float[]> userVectors(Model model, List<Window> windows) {
    if (!(model instanceof io.strec.stm.StmModel m) || m.userText().isEmpty()) {
      return null;
    }
    float[][] v = m.userText().get().vectors(windows, options.log(), true);
    IdentityHashMap<Window, float[]> out = new IdentityHashMap<>();
    for (int i = 0; i < windows.size(); i++) {
      out.put(windows.get(i), v[i]);
    }
    return out;
  }

  private static float[][] vectors(IdentityHashMap<Window, float[]> user, List<Window> part) {
    float[][] out = new float[part.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = user.get(part.get(i));
    }
    return out;
  }

  private BatchBuilder batchBuilder(Model model) {
    if (model instanceof io.strec.stm.StmModel m) {
      return m.state().batchBuilder();
    }
    throw new IllegalArgumentException(
        "stm fitter needs an StmModel, got " + model.getClass().getName());
  }

  private String fingerprint(Network network, int numWindows) {
    Map<String, String> settings = new java.util.TreeMap<>(config.asMap());
    if (config.queryTime() == QueryTime.TARGET) {
      // Checkpoints made before the setting existed were trained under target; they stay
      // resumable.
      settings.remove("queryTime");
    }
    // Whether a refit follows does not change this fit: a checkpoint made with either (or before
    // the setting existed) resumes under the other.
    settings.remove("refit");
    // Nor does the habit term's weight, which is chosen or applied after the fit.
    settings.remove("habit");
    return settings
        + ";seed="
        + seed
        + ";items="
        + network.numItems()
        + ";params="
        + network.params().size()
        + ";windows="
        + numWindows;
  }

  /** Events per catalogue item over {@code histories}; items outside the catalogue are skipped. */
  static int[] counts(List<History> histories, int numItems) {
    int[] c = new int[numItems];
    for (History h : histories) {
      for (int k = 0; k < h.size(); k++) {
        int item = h.item(k);
        if (item >= 0 && item < numItems) {
          c[item]++;
        }
      }
    }
    return c;
  }

  /**
   * Overlapping windows of every history, each scoring the positions it is the first to see, their
   * queries at the moments {@code when} names ({@link Window#training}).
   */
  public static List<Window> windows(List<History> histories, int maxLen, QueryTime when) {
    int stride = Math.max(1, maxLen / 2);
    List<Window> out = new ArrayList<>();
    for (History h : histories) {
      int n = h.size();
      if (n < 2) {
        continue;
      }
      add(out, Window.training(h, 0, Math.min(maxLen, n), 0, when));
      for (int s = stride; s + maxLen - stride <= n - 2; s += stride) {
        add(out, Window.training(h, s, Math.min(maxLen, n - s), maxLen - stride, when));
      }
    }
    return out;
  }

  private static void add(List<Window> out, Window w) {
    if (!w.queries().isEmpty()) {
      out.add(w);
    }
  }

  private static List<Window> shuffled(List<Window> windows, SplittableRandom rnd) {
    List<Window> copy = new ArrayList<>(windows);
    for (int i = copy.size() - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      Window t = copy.get(i);
      copy.set(i, copy.get(j));
      copy.set(j, t);
    }
    return copy;
  }

  /**
   * Without a progress bar (a server or a log file), a line with the rate and time left every
   * {@link #PROGRESS_LINE_NANOS}; returns when the last line was written.
   */
  private long progressLine(int epoch, int epochs, int done, int steps, long start, long last) {
    long now = System.nanoTime();
    if (now - last < PROGRESS_LINE_NANOS || done == steps) {
      return last;
    }
    double rate = done / ((now - start) / 1e9);
    options
        .log()
        .accept(
            String.format(
                Locale.ROOT,
                "stm epoch %d/%d: step %,d of %,d (%.1f steps/s, %.0f s left)",
                epoch + 1,
                epochs,
                done,
                steps,
                rate,
                (steps - done) / rate));
    return now;
  }
}
