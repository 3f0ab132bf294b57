package io.strec.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.strec.data.Dataset;
import io.strec.data.Item;
import io.strec.data.Vocabulary;
import io.strec.model.History;
import io.strec.stm.Ablation;
import io.strec.stm.Devices;
import io.strec.stm.StmConfig;
import io.strec.stm.StmFactory;
import io.strec.stm.data.Batch;
import io.strec.stm.data.BatchBuilder;
import io.strec.stm.data.GeoGrid;
import io.strec.stm.data.TextNeighbours;
import io.strec.stm.data.Transitions;
import io.strec.stm.data.Window;
import io.strec.stm.nn.AdamW;
import io.strec.stm.nn.Dropout;
import io.strec.stm.nn.ItemRows;
import io.strec.stm.nn.Network;
import io.strec.stm.nn.SampledSoftmax;
import io.strec.stm.nn.SlotTerm;
import io.strec.stm.train.Fitter;
import io.strec.stm.train.NegativeSampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The cost of one {@code stm} training step under the sampled softmax as the catalogue grows. A
 * sampled step reads the per-item rows of its targets, negatives and history items only ({@link
 * ItemRows}) and updates only those ({@link AdamW#update(ItemRows.Gradients)}), so its cost should
 * not grow with the number of items; this measures that it does not.
 *
 * <p>Each catalogue size gets its own seeded synthetic dataset: {@code --users} users, each making
 * {@code --events} visits to items drawn from a Zipf-like popularity (exponent 0.8), minutes to
 * hours apart, at item places spread over about 11 × 8 km. The step is the one {@link Fitter} runs
 * (its flow copied here through the public API): a batch of the default batch size from the
 * overlapping training windows, the config's shared negatives drawn from {@link NegativeSampler}
 * over the item counts, {@link Network#forwardSampled}, {@link SampledSoftmax#loss} and the
 * backward pass, then the row gradients copied out and the AdamW update. The sampled softmax is
 * used at every size, also below the config's {@code sampledSoftmaxAbove}; with {@code --softmax
 * full} every size scores the whole catalogue instead ({@link Network#forwardTraining}, the step of
 * catalogues below {@code sampledSoftmaxAbove}), and {@code --ablate} switches components off on
 * top of the defaults' ablations, to see what each costs. {@code --trace FILE} records the engine's
 * profiler over the timed steps into {@code FILE.<items>.json} (a Chrome trace of every operator,
 * the backward pass's included), to see where the time of a step goes. Three phases are timed
 * separately per step: the batch (build and negatives), forward + backward, and the update (row
 * gradients + optimizer).
 *
 * <p>The reference, measured in the same run, is the median step of the smallest catalogue: the
 * last column is each size's median step over it, about 1 when a step's cost does not depend on the
 * catalogue. With {@code --text-dim D} the text path is on, over seeded random unit vectors of
 * dimension D (its text-neighbour term off: finding neighbours is {@link TextNeighboursBench}'s
 * subject); by default text is ablated. Every step must give a finite loss and be applied, else the
 * run stops: a diverged step measures nothing.
 *
 * <pre>
 * java -Dai.djl.offline=true -cp "strec-bench/target/strec-bench-0.1.0-SNAPSHOT.jar:strec-bench/target/lib/*" \
 *   io.strec.bench.StmStepBench [--items 10000,100000] [--users 2000] [--events 60] [--steps 30] \
 *   [--warmup 5] [--seed 42] [--text-dim 0] [--negatives 1024] [--softmax sampled|full]
 *   [--ablate space,repeat] [--trace FILE] [--config repeatHidden=0,dim=32]
 * </pre>
 *
 * <p>{@code --config} sets further {@code stm} settings (keys of a model's {@code
 * config.properties}, in the form of {@code --model-config stm:...}) over the bench's own;
 * components are switched off with {@code --ablate} (an {@code ablate=} here replaces the bench's,
 * text's included).
 */
public final class StmStepBench {
  /** Exponent of the item popularity: below 1, so the long tail is still visited. */
  private static final double ZIPF = 0.8;

  /** Mixed into the seed for the window order, the dropout masks and the negatives. */
  private static final long ORDER_STREAM = 0x9E3779B97F4A7C15L;

  private static final long DROPOUT_STREAM = 0x5DEECE66DL;
  private static final long NEGATIVES_STREAM = 0x2545F4914F6CDD1DL;

  private StmStepBench() {}

  /** The timings of one catalogue size, in nanoseconds per timed step. */
  private record Timing(
      int items, int windows, long[] batch, long[] forwardBackward, long[] update, long[] step) {}

  public static void main(String[] args) {
    int[] sizes = {10_000, 100_000};
    int users = 2000;
    int events = 60;
    int steps = 30;
    int warmup = 5;
    long seed = 42;
    int textDim = 0;
    int negatives = 0;
    boolean full = false;
    Set<Ablation> ablate = EnumSet.noneOf(Ablation.class);
    java.nio.file.Path trace = null;
    java.util.Properties settings = new java.util.Properties();
    // Every option takes a value: the loop steps over both.
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--items" -> sizes = sizes(required(args[i], value));
        case "--users" -> users = integer(args[i], value, 1);
        case "--events" -> events = integer(args[i], value, 2);
        case "--steps" -> steps = integer(args[i], value, 1);
        case "--warmup" -> warmup = integer(args[i], value, 0);
        case "--seed" -> seed = Long.parseLong(required(args[i], value));
        case "--text-dim" -> textDim = integer(args[i], value, 0);
        case "--negatives" -> negatives = integer(args[i], value, 1);
        case "--softmax" -> full = softmax(required(args[i], value));
        case "--ablate" -> ablate = Ablation.parse(required(args[i], value));
        case "--trace" -> trace = java.nio.file.Path.of(required(args[i], value));
        case "--config" -> settings = StmFactory.overrides(required(args[i], value));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Set<Ablation> ablations = EnumSet.copyOf(StmConfig.defaults().ablations());
    ablations.addAll(ablate);
    if (textDim == 0) {
      ablations.add(Ablation.TEXT);
    }
    StmConfig base =
        StmConfig.defaults().toBuilder().optTextNeighbours(0).optAblations(ablations).build();
    StmConfig chosen =
        full
            ? base.withSampledSoftmax(Integer.MAX_VALUE, base.negatives())
            : base.withSampledSoftmax(0, negatives > 0 ? negatives : base.negatives());
    java.util.Properties merged = chosen.toProperties();
    merged.putAll(settings);
    StmConfig cfg = StmConfig.of(merged);
    System.out.printf(
        Locale.ROOT,
        "stm training step, %s, batch %d, %d users x %d events,"
            + " text %s, %d timed steps after %d warm-up, seed %d (%s)%n",
        full ? "full softmax" : "sampled softmax with " + cfg.negatives() + " negatives",
        cfg.batchSize(),
        users,
        events,
        textDim == 0 ? "ablated" : textDim + "-d random",
        steps,
        warmup,
        seed,
        cfg.describe());
    List<Timing> results = new ArrayList<>();
    for (int n : sizes) {
      long start = System.nanoTime();
      Timing t =
          measure(
              cfg,
              n,
              users,
              events,
              steps,
              warmup,
              seed,
              textDim,
              trace == null ? null : trace.resolveSibling(trace.getFileName() + "." + n + ".json"));
      results.add(t);
      System.out.printf(
          Locale.ROOT,
          "items %,d: %,d windows, median step %.1f ms (%.0f s with the data)%n",
          n,
          t.windows(),
          ms(t.step(), 0.5),
          (System.nanoTime() - start) / 1e9);
    }
    table(results);
  }

  private static String required(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  private static int integer(String option, String value, int min) {
    int v;
    try {
      v = Integer.parseInt(required(option, value));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs an integer, got '" + value + "'", e);
    }
    if (v < min) {
      throw new IllegalArgumentException(option + " must be at least " + min + ", got " + v);
    }
    return v;
  }

  /** {@code full} or {@code sampled}: whether the step scores the whole catalogue. */
  private static boolean softmax(String value) {
    return switch (value) {
      case "full" -> true;
      case "sampled" -> false;
      default ->
          throw new IllegalArgumentException(
              "--softmax takes full or sampled, got '" + value + "'");
    };
  }

  private static int[] sizes(String list) {
    String[] parts = list.split(",");
    int[] out = new int[parts.length];
    for (int k = 0; k < parts.length; k++) {
      out[k] = integer("--items", parts[k].trim(), 1);
    }
    return out;
  }

  private static Timing measure(
      StmConfig cfg,
      int n,
      int users,
      int events,
      int steps,
      int warmup,
      long seed,
      int textDim,
      java.nio.file.Path trace) {
    Dataset data = dataset(n, users, events, seed);
    double[] lat = new double[n];
    double[] lon = new double[n];
    for (int i = 0; i < n; i++) {
      lat[i] = data.itemLatitude(i);
      lon[i] = data.itemLongitude(i);
    }
    List<History> histories = new ArrayList<>(users);
    for (int u = 0; u < data.numUsers(); u++) {
      int[] evs = data.eventsOf(u);
      histories.add(History.of(data, evs, evs.length));
    }
    List<Window> windows =
        shuffled(
            Fitter.windows(histories, cfg.maxLen(), cfg.queryTime()),
            new SplittableRandom(seed ^ ORDER_STREAM));
    if (windows.isEmpty()) {
      throw new IllegalStateException("no training windows at " + n + " items");
    }
    GeoGrid grid = GeoGrid.over(data, cfg.gridCells());
    BatchBuilder builder =
        new BatchBuilder(
            cfg,
            grid,
            SlotTerm.inputs(cfg, Transitions.of(data, cfg.successors()), TextNeighbours.none(n), n),
            n);
    int[] counts = data.itemCounts();
    NegativeSampler sampler = new NegativeSampler(counts, NegativeSampler.POWER);
    float[][] text = textDim == 0 ? null : unitVectors(n, textDim, seed);
    long[] batch = new long[steps];
    long[] forwardBackward = new long[steps];
    long[] update = new long[steps];
    long[] step = new long[steps];
    try (NDManager root = NDManager.newBaseManager(Devices.configured())) {
      Network network =
          new Network(
              cfg,
              root,
              DataType.FLOAT32,
              text,
              counts,
              lat,
              lon,
              grid.regions(),
              new SplittableRandom(seed));
      AdamW opt =
          new AdamW(
              network.params(),
              root,
              cfg.learningRate(),
              cfg.weightDecay(),
              cfg.warmupSteps(),
              warmup + steps,
              network.decayed());
      if (!cfg.samplesSoftmax(n)) {
        // As Fitter: the distance term keeps its bases from the training places when they fit.
        float[][] places = builder.queryPlaces(windows);
        network.trainingPlaces(places[0], places[1]);
      }
      Dropout dropout =
          Dropout.of(cfg.dropout(), cfg.idDropout(), new SplittableRandom(seed ^ DROPOUT_STREAM));
      SplittableRandom negativesRnd = new SplittableRandom(seed ^ NEGATIVES_STREAM);
      for (int s = -warmup; s < steps; s++) {
        if (s == 0 && trace != null) {
          // The engine's own profiler over the timed steps: every operator, the backward pass's
          // too, with its shapes (a Chrome trace; the timings beside it are then not clean).
          JniUtils.startProfile(false, true, false);
        }
        long t0 = System.nanoTime();
        Batch bt = builder.build(slice(windows, s + warmup, cfg.batchSize()));
        SampledSoftmax.Negatives neg =
            cfg.samplesSoftmax(n) ? sampler.draw(negativesRnd, cfg.negatives()) : null;
        long t1 = System.nanoTime();
        float loss;
        long t2;
        ItemRows.Gradients rows;
        // As Fitter#backward: every array of the step, the ones autograd saved included, lives in
        // one manager closed only after the row gradients are copied out of it.
        try (NDManager stepManager = root.newSubManager();
            GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          if (neg == null) {
            NDArray l =
                network.loss(stepManager, network.forwardTraining(stepManager, bt, dropout), bt);
            gc.backward(l);
            loss = l.getFloat();
            t2 = System.nanoTime();
            rows = ItemRows.Gradients.NONE;
          } else {
            Network.Sampled out = network.forwardSampled(stepManager, bt, dropout, neg);
            NDArray l = SampledSoftmax.loss(out.logits());
            gc.backward(l);
            loss = l.getFloat();
            t2 = System.nanoTime();
            rows = out.rows().gradients(root);
          }
        }
        boolean applied;
        try (rows) {
          applied = Float.isFinite(loss) && opt.update(rows);
        }
        long t3 = System.nanoTime();
        if (!applied) {
          throw new IllegalStateException(
              String.format(
                  Locale.ROOT,
                  "step %d at %d items was not applied (loss %s): the timings would not be of a"
                      + " training step",
                  s + warmup + 1,
                  n,
                  loss));
        }
        if (s >= 0) {
          batch[s] = t1 - t0;
          forwardBackward[s] = t2 - t1;
          update[s] = t3 - t2;
          step[s] = t3 - t0;
        }
      }
      if (trace != null && steps > 0) {
        JniUtils.stopProfile(trace.toString());
        System.out.println("engine profile of the timed steps: " + trace);
      }
    }
    Arrays.sort(batch);
    Arrays.sort(forwardBackward);
    Arrays.sort(update);
    Arrays.sort(step);
    return new Timing(n, windows.size(), batch, forwardBackward, update, step);
  }

  /**
   * {@code users} users, each walking {@code events} times to items of a Zipf-like popularity, 10
   * minutes to 4 hours apart, over {@code n} items placed uniformly at random in a 0.1° square
   * (about 11 × 8 km in New York).
   */
  private static Dataset dataset(int n, int users, int events, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<String> uids = new ArrayList<>(users);
    for (int u = 0; u < users; u++) {
      uids.add("u" + u);
    }
    List<String> iids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      iids.add("i" + i);
    }
    Dataset.Builder b = Dataset.builder("step-bench", Vocabulary.of(uids), Vocabulary.of(iids));
    double[] lat = new double[n];
    double[] lon = new double[n];
    for (int i = 0; i < n; i++) {
      lat[i] = 40.70 + 0.1 * rnd.nextDouble();
      lon[i] = -74.00 + 0.1 * rnd.nextDouble();
      b.item(new Item(iids.get(i), "", List.of(), "", "", lat[i], lon[i]));
    }
    double[] cumulative = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += Math.pow(i + 1, -ZIPF);
      cumulative[i] = sum;
    }
    for (int u = 0; u < users; u++) {
      long t = 1_600_000_000L + rnd.nextInt(30 * 86_400);
      for (int k = 0; k < events; k++) {
        int i = Arrays.binarySearch(cumulative, rnd.nextDouble() * sum);
        int item = Math.min(n - 1, i >= 0 ? i : -i - 1);
        b.add(u, item, t, -300, lat[item], lon[item], 1f);
        t += 600 + rnd.nextInt(4 * 3600);
      }
    }
    return b.build();
  }

  /** {@code n} seeded random vectors of unit length. */
  private static float[][] unitVectors(int n, int dim, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed ^ 0xC2B2AE3D27D4EB4FL);
    float[][] out = new float[n][dim];
    for (float[] row : out) {
      double norm = 0;
      for (int k = 0; k < dim; k++) {
        row[k] = (float) rnd.nextGaussian();
        norm += row[k] * row[k];
      }
      float scale = (float) (1 / Math.sqrt(norm));
      for (int k = 0; k < dim; k++) {
        row[k] *= scale;
      }
    }
    return out;
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

  /** Batch {@code k} of {@code size} windows, wrapping around when the windows run out. */
  private static List<Window> slice(List<Window> windows, int k, int size) {
    List<Window> out = new ArrayList<>(size);
    for (int j = 0; j < Math.min(size, windows.size()); j++) {
      out.add(windows.get((int) (((long) k * size + j) % windows.size())));
    }
    return out;
  }

  private static void table(List<Timing> results) {
    double reference = ms(results.get(0).step(), 0.5);
    System.out.println();
    System.out.println(
        "| items | windows | batch ms (median) | fwd+bwd ms (median) | fwd+bwd ms (p90)"
            + " | update ms (median) | step ms (median) | step / smallest |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Timing t : results) {
      System.out.printf(
          Locale.ROOT,
          "| %,d | %,d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
          t.items(),
          t.windows(),
          ms(t.batch(), 0.5),
          ms(t.forwardBackward(), 0.5),
          ms(t.forwardBackward(), 0.9),
          ms(t.update(), 0.5),
          ms(t.step(), 0.5),
          ms(t.step(), 0.5) / reference);
    }
  }

  private static double ms(long[] sorted, double quantile) {
    int i = Math.min(sorted.length - 1, (int) Math.floor(quantile * (sorted.length - 1)));
    return sorted[i] / 1e6;
  }
}
