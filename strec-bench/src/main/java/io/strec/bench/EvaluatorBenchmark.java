package io.strec.bench;

import io.strec.data.Dataset;
import io.strec.data.Vocabulary;
import io.strec.eval.EvalCase;
import io.strec.eval.EvalSplit;
import io.strec.eval.Evaluation;
import io.strec.eval.Evaluator;
import io.strec.eval.ReciprocalRank;
import io.strec.model.History;
import io.strec.model.Model;
import io.strec.model.ModelRegistry;
import io.strec.model.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Full-catalogue evaluation of a cheap model: 5,000 items, 1,500 cases (the size of the NYC GETNext
 * validation set). {@code evaluate} is the whole evaluator (scores, exact rank with id tie-breaks,
 * top-10 lists, beyond-accuracy and segment figures); {@code scoreOnly} is the reference: the same
 * model scoring the same cases with nothing else, so the ratio shows what the evaluator adds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EvaluatorBenchmark {
  @Param({"pop", "markov"})
  public String modelName;

  private EvalSplit split;
  private Model model;
  private Evaluator evaluator;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(2026);
    int users = 1000;
    int items = 5000;
    List<String> u = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      u.add("u" + i);
    }
    List<String> it = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      it.add(Integer.toString(i));
    }
    Dataset.Builder b = Dataset.builder("bench", Vocabulary.of(u), Vocabulary.of(it));
    for (int e = 0; e < 110_000; e++) {
      // Zipf-like popularity: squares of uniforms concentrate on small indices.
      double x = rnd.nextDouble();
      b.add(
          rnd.nextInt(users),
          (int) (x * x * items),
          1_300_000_000L + e * 60L,
          -300,
          40.7 + rnd.nextDouble() * 0.2,
          -74.0 + rnd.nextDouble() * 0.2,
          Float.NaN);
    }
    Dataset train = b.build();
    List<EvalCase> cases = new ArrayList<>();
    for (int c = 0; c < 1500; c++) {
      int n = 5 + rnd.nextInt(20);
      int[] h = new int[n];
      long[] t = new long[n];
      int[] tz = new int[n];
      double[] la = new double[n];
      double[] lo = new double[n];
      for (int k = 0; k < n; k++) {
        h[k] = rnd.nextInt(items);
        t[k] = 1_400_000_000L + k * 3600L;
        tz[k] = -300;
        la[k] = 40.7 + rnd.nextDouble() * 0.2;
        lo[k] = -74.0 + rnd.nextDouble() * 0.2;
      }
      Query q =
          new Query(
              rnd.nextInt(users),
              new History(h, t, tz, la, lo),
              1_400_000_000L + n * 3600L,
              -300,
              la[n - 1],
              lo[n - 1]);
      cases.add(new EvalCase("c" + c, q.user(), rnd.nextInt(items), q, new int[0], la[0], lo[0]));
    }
    split = new EvalSplit("bench", train, cases, Map.of());
    model = ModelRegistry.load().get(modelName).candidates().get(0).fit(train, 1);
    evaluator = Evaluator.builder().build();
    Evaluation e = evaluator.evaluate(model, split);
    if (e.numCases() != 1500
        || !(e.metric(ReciprocalRank.MRR) > 0 && e.metric(ReciprocalRank.MRR) <= 1)) {
      throw new IllegalStateException("benchmark set-up is wrong: " + e.metrics());
    }
  }

  @Benchmark
  public double evaluate() {
    return evaluator.evaluate(model, split).metric(ReciprocalRank.MRR);
  }

  @Benchmark
  public double scoreOnly() {
    float[] scores = new float[model.numItems()];
    double sink = 0;
    for (EvalCase c : split.cases()) {
      model.score(c.query(), scores);
      sink += scores[c.target()];
    }
    return sink;
  }
}
