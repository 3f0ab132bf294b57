package io.strec.bench;

import io.strec.eval.Ranking;
import io.strec.model.History;
import io.strec.model.Query;
import io.strec.stm.StmModel;
import io.strec.stm.artifact.ModelArtifact;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Latency of one user's top 10 from a trained {@code stm} model directory ({@code strec train}):
 * build the query from the user's stored history (time one hour after the last event, place the
 * last known location), score the whole catalogue, take the top 10 with id tie-breaks. One query at
 * a time on one thread, as a server answers a request.
 *
 * <p>The reference, measured in the same run on the same catalogue size, is the top-10 selection
 * alone over a precomputed score array: the part every model pays whatever it costs to score. The
 * ratio says how much the network adds.
 *
 * <pre>
 * java -Dai.djl.offline=true -cp "strec-bench/target/strec-bench-0.1.0-SNAPSHOT.jar:strec-bench/target/lib/*" \
 *   io.strec.bench.StmLatencyBench --model-dir MODEL_DIR [--queries 2000] [--warmup 200] [--seed 42]
 * </pre>
 */
public final class StmLatencyBench {
  private StmLatencyBench() {}

  public static void main(String[] args) throws IOException {
    Path dir = null;
    int queries = 2000;
    int warmup = 200;
    long seed = 42;
    // Every option takes a value: the loop steps over both.
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--model-dir" -> dir = Path.of(required(args[i], value));
        case "--queries" -> queries = Integer.parseInt(required(args[i], value));
        case "--warmup" -> warmup = Integer.parseInt(required(args[i], value));
        case "--seed" -> seed = Long.parseLong(required(args[i], value));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (dir == null) {
      throw new IllegalArgumentException(
          "--model-dir DIR is required (write one with strec train)");
    }
    try (StmModel model = ModelArtifact.load(dir)) {
      run(model, queries, warmup, seed);
    }
  }

  private static String required(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  private static void run(StmModel model, int queries, int warmup, long seed) {
    List<History> histories = new ArrayList<>();
    List<Integer> users = new ArrayList<>();
    for (int u = 0; u < model.state().histories().size(); u++) {
      History h = model.state().histories().get(u);
      if (h.size() > 0) {
        histories.add(h);
        users.add(u);
      }
    }
    if (histories.isEmpty()) {
      throw new IllegalArgumentException("the model directory holds no user history");
    }
    int n = model.numItems();
    Ranking ranking = new Ranking(model.state().items());
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] scores = new float[n];
    float[] fixed = new float[n];
    for (int i = 0; i < n; i++) {
      fixed[i] = (float) rnd.nextGaussian();
    }
    long[] full = new long[queries];
    long[] reference = new long[queries];
    long sink = 0;
    for (int q = -warmup; q < queries; q++) {
      int pick = rnd.nextInt(histories.size());
      Query query = queryAfter(users.get(pick), histories.get(pick));
      long t0 = System.nanoTime();
      model.score(query, scores);
      int[] top = ranking.top(scores, 10, new int[0]);
      long t1 = System.nanoTime();
      int[] ref = ranking.top(fixed, 10, new int[0]);
      long t2 = System.nanoTime();
      sink += top[0] + ref[0];
      if (q >= 0) {
        full[q] = t1 - t0;
        reference[q] = t2 - t1;
      }
    }
    Arrays.sort(full);
    Arrays.sort(reference);
    System.out.printf(
        Locale.ROOT,
        "stm top-10 latency over %d queries (%d users, catalogue %d, %s):%n",
        queries,
        histories.size(),
        n,
        model.state().config().describe());
    System.out.printf(
        Locale.ROOT,
        "  stm score + top 10:    median %.3f ms  p90 %.3f ms  p99 %.3f ms%n",
        ms(full, 0.5),
        ms(full, 0.9),
        ms(full, 0.99));
    System.out.printf(
        Locale.ROOT,
        "  reference (top 10 of precomputed scores): median %.3f ms  p90 %.3f ms%n",
        ms(reference, 0.5),
        ms(reference, 0.9));
    System.out.printf(
        Locale.ROOT,
        "  ratio of medians: %.1fx   (checksum %d)%n",
        ms(full, 0.5) / ms(reference, 0.5),
        sink);
  }

  /** The query one hour after the last stored event, at its place. */
  private static Query queryAfter(int user, History h) {
    int last = h.size() - 1;
    return new Query(
        user, h, h.time(last) + 3600, h.tzOffsetMinutes(last), h.latitude(last), h.longitude(last));
  }

  private static double ms(long[] sorted, double quantile) {
    int i = Math.min(sorted.length - 1, (int) Math.floor(quantile * (sorted.length - 1)));
    return sorted[i] / 1e6;
  }
}
