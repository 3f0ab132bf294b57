package io.strec.eval;

import io.strec.data.Dataset;
import io.strec.model.Model;
import io.strec.util.Geo;
import io.strec.util.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Scores every catalogue item for every case, in chunks of cases scored together ({@link
 * Model#scoreAll}) and in parallel over chunks, and turns the target ranks into metrics. Full
 * ranking always; sampled-negative metrics are an extra, labelled section.
 */
public final class Evaluator {
  private final List<Integer> ks;
  private final int topN;
  private final int sampledNegatives;
  private final long seed;
  private final boolean segments;
  private final Consumer<String> progress;

  private Evaluator(Builder b) {
    this.ks = List.copyOf(b.ks);
    this.topN = b.topN;
    this.sampledNegatives = b.sampledNegatives;
    this.seed = b.seed;
    this.segments = b.segments;
    this.progress = b.progress;
  }

  /** How many items of each case's ranking an evaluation keeps ({@link Evaluation#top}). */
  public int topN() {
    return topN;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Most cases one {@link Model#scoreAll} call scores. */
  static final int CHUNK_CASES = 64;

  /** Most item scores one chunk of cases holds: 16 MB of floats per evaluating thread. */
  static final long CHUNK_SCORES = 1L << 22;

  /** Evaluates {@code model} (fitted on {@code split.train()}) on every case of {@code split}. */
  public Evaluation evaluate(Model model, EvalSplit split) {
    Dataset train = split.train();
    int n = train.numItems();
    if (model.numItems() != n) {
      throw new IllegalArgumentException(
          "model "
              + model.name()
              + " scores "
              + model.numItems()
              + " items but the catalogue has "
              + n);
    }
    List<EvalCase> cases = split.cases();
    Ranking ranking = new Ranking(train.items());
    int[] ranks = new int[cases.size()];
    int[][] tops = new int[cases.size()][];
    int[] sampledRanks = sampledNegatives > 0 ? new int[cases.size()] : null;
    int chunk = chunkSize(n);
    int chunks = (cases.size() + chunk - 1) / chunk;
    ThreadLocal<float[][]> scratch = ThreadLocal.withInitial(() -> new float[chunk][n]);
    long start = System.nanoTime();
    model.prepare(cases.stream().map(EvalCase::query).toList());
    Progress bar = new Progress("evaluating " + model.name(), cases.size(), 5, progress);
    IntStream.range(0, chunks)
        .parallel()
        .forEach(
            k -> {
              int from = k * chunk;
              int to = Math.min(cases.size(), from + chunk);
              float[][] rows = scratch.get();
              model.scoreAll(cases.subList(from, to).stream().map(EvalCase::query).toList(), rows);
              for (int c = from; c < to; c++) {
                EvalCase ec = cases.get(c);
                float[] scores = rows[c - from];
                checkFinite(model, ec, scores, n);
                ranks[c] = ranking.rank(scores, ec.target(), ec.excluded());
                tops[c] = ranking.top(scores, topN, ec.excluded());
                if (sampledRanks != null) {
                  sampledRanks[c] = sampledRank(ranking, scores, ec, n, c);
                }
                bar.step();
              }
            });
    double evalSeconds = (System.nanoTime() - start) / 1e9;
    Map<String, Map<String, Map<String, Double>>> seg = new LinkedHashMap<>();
    if (segments) {
      for (Segments.Segmentation s : Segments.of(train)) {
        seg.put(s.name(), Segments.breakdown(s, cases, ranks));
      }
    }
    Optional<Evaluation.SampledMetrics> sampled =
        sampledRanks == null
            ? Optional.empty()
            : Optional.of(
                new Evaluation.SampledMetrics(
                    sampledNegatives, seed, Metrics.summarize(sampledRanks, ks)));
    List<String> ids = new ArrayList<>(cases.size());
    cases.forEach(c -> ids.add(c.id()));
    return new Evaluation(
        model.name(),
        model.name(),
        ids,
        ranks,
        tops,
        Metrics.summarize(ranks, ks),
        beyondAccuracy(train, cases, tops),
        seg,
        sampled,
        0.0,
        evalSeconds);
  }

  /**
   * Cases scored together ({@link Model#scoreAll}) over a catalogue of {@code numItems} items: as
   * many as keep the chunk's scores within {@link #CHUNK_SCORES}, at most {@link #CHUNK_CASES}. It
   * depends on the catalogue alone, so a model's scores do not depend on how many threads evaluate.
   * A model that scores a batch at once holds several (cases × items) matrices while it does, so
   * any caller that scores many cases goes through them in chunks of this size.
   */
  public static int chunkSize(int numItems) {
    return (int) Math.max(1, Math.min(CHUNK_CASES, CHUNK_SCORES / Math.max(1, numItems)));
  }

  private static void checkFinite(Model model, EvalCase ec, float[] scores, int n) {
    for (int i = 0; i < n; i++) {
      if (!Float.isFinite(scores[i])) {
        throw new IllegalStateException(
            "model "
                + model.name()
                + " gave item "
                + i
                + " the score "
                + scores[i]
                + " in case "
                + ec.id()
                + "; scores must be finite");
      }
    }
  }

  /**
   * Rank among {@code sampledNegatives} distinct items drawn uniformly (seeded per case) from the
   * catalogue minus the target and the excluded items.
   */
  private int sampledRank(Ranking ranking, float[] scores, EvalCase ec, int n, int caseIndex) {
    int available = n - 1 - ec.excluded().length;
    int want = Math.min(sampledNegatives, available);
    SplittableRandom rnd = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (caseIndex + 1)));
    java.util.BitSet picked = new java.util.BitSet(n);
    int ahead = 0;
    int got = 0;
    while (got < want) {
      int j = rnd.nextInt(n);
      if (j == ec.target() || picked.get(j) || Arrays.binarySearch(ec.excluded(), j) >= 0) {
        continue;
      }
      picked.set(j);
      got++;
      if (ranking.before(scores, j, ec.target())) {
        ahead++;
      }
    }
    return ahead + 1;
  }

  private Map<String, Double> beyondAccuracy(Dataset train, List<EvalCase> cases, int[][] tops) {
    int[] pop = train.itemCounts();
    java.util.BitSet covered = new java.util.BitSet(train.numItems());
    double popSum = 0;
    long popN = 0;
    double distSum = 0;
    long distN = 0;
    for (int c = 0; c < cases.size(); c++) {
      var q = cases.get(c).query();
      for (int i : tops[c]) {
        covered.set(i);
        popSum += pop[i];
        popN++;
        if (q.hasLocation() && !Double.isNaN(train.itemLatitude(i))) {
          distSum +=
              Geo.haversineKm(
                  q.latitude(), q.longitude(), train.itemLatitude(i), train.itemLongitude(i));
          distN++;
        }
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    out.put(
        "coverage@" + topN,
        train.numItems() == 0 ? Double.NaN : covered.cardinality() / (double) train.numItems());
    out.put("mean_popularity@" + topN, popN == 0 ? Double.NaN : popSum / popN);
    out.put("mean_distance_km@" + topN, distN == 0 ? Double.NaN : distSum / distN);
    return out;
  }

  /** Evaluator settings. */
  public static final class Builder {
    private List<Integer> ks = Metrics.DEFAULT_KS;
    private int topN = 10;
    private int sampledNegatives;
    private long seed = 42;
    private boolean segments = true;
    private Consumer<String> progress = line -> {};

    public Builder optKs(List<Integer> cutoffs) {
      if (cutoffs.isEmpty() || cutoffs.stream().anyMatch(k -> k < 1)) {
        throw new IllegalArgumentException("cut-offs must be >= 1: " + cutoffs);
      }
      this.ks = List.copyOf(cutoffs);
      return this;
    }

    /** Length of the lists used for coverage, popularity and distance (default 10). */
    public Builder optTopN(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("topN must be >= 1: " + n);
      }
      this.topN = n;
      return this;
    }

    /** Also rank against this many sampled negatives per case (0 = off, the default). */
    public Builder optSampledNegatives(int negatives, long samplingSeed) {
      if (negatives < 0) {
        throw new IllegalArgumentException("negatives must be >= 0: " + negatives);
      }
      this.sampledNegatives = negatives;
      this.seed = samplingSeed;
      return this;
    }

    /** Receives a progress line every few seconds while a long evaluation runs. */
    public Builder optProgress(Consumer<String> sink) {
      this.progress = java.util.Objects.requireNonNull(sink, "sink");
      return this;
    }

    public Builder optSegments(boolean on) {
      this.segments = on;
      return this;
    }

    public Evaluator build() {
      return new Evaluator(this);
    }
  }
}
