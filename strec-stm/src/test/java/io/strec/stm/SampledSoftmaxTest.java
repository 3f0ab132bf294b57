package io.strec.stm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.strec.data.Dataset;
import io.strec.model.History;
import io.strec.model.Query;
import io.strec.stm.data.Batch;
import io.strec.stm.nn.Dropout;
import io.strec.stm.nn.ItemRows;
import io.strec.stm.nn.Network;
import io.strec.stm.nn.SampledSoftmax;
import io.strec.stm.nn.SampledSoftmax.Negatives;
import io.strec.stm.testing.Fixtures;
import io.strec.stm.train.Fitter;
import io.strec.stm.train.NegativeSampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The sampled softmax with log-Q correction: exact agreement with the full softmax when the
 * negatives are the whole catalogue, an approximately unbiased gradient under a skewed proposal
 * (and a biased one without the correction), training through it, and logits that are (m, 1 + K),
 * not catalogue-sized.
 */
class SampledSoftmaxTest {
  private static final Dataset DATA = Fixtures.cycles(4, 9, 12);

  static StmModel fit(StmConfig c, long seed, TrainOptions o) {
    return new StmTrainer(
            "stm", c, ItemVectors.fixed(Fixtures.vectors(DATA.numItems(), 5, 1), "test-vectors"), o)
        .fit(DATA, seed);
  }

  /** A batch of the first windows of the training histories of {@code m}. */
  static Batch batch(StmModel m, int windows) {
    StmConfig c = m.state().config();
    List<io.strec.stm.data.Window> all =
        Fitter.windows(StmTrainer.histories(DATA), c.maxLen(), c.queryTime()).subList(0, windows);
    return m.state().batchBuilder().build(all);
  }

  /**
   * Negatives that are every item {@code copies} times, each with log expected count log(copies).
   */
  private static Negatives everyItem(int n, int copies) {
    long[] items = new long[n * copies];
    float[] logExpected = new float[n * copies];
    for (int j = 0; j < items.length; j++) {
      items[j] = j % n;
      logExpected[j] = (float) Math.log(copies);
    }
    return new Negatives(items, logExpected);
  }

  /**
   * The loss of one step, full ({@code neg} null) or sampled; leaves the gradients in {@code g}.
   */
  private static float step(Network net, Batch bt, Negatives neg, Map<String, float[]> g) {
    net.params().zeroGradients();
    NDManager root = net.params().get(net.params().names().get(0)).getManager();
    float loss;
    try (NDManager step = root.newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      Network.Sampled sampled = neg == null ? null : net.forwardSampled(step, bt, Dropout.OFF, neg);
      NDArray l =
          sampled == null
              ? net.loss(step, net.forwardTraining(step, bt, Dropout.OFF), bt)
              : SampledSoftmax.loss(sampled.logits());
      gc.backward(l);
      loss = l.getFloat();
      for (var e : net.params().all().entrySet()) {
        try (NDArray grad = e.getValue().getGradient()) {
          g.put(e.getKey(), grad.toFloatArray());
        }
      }
      if (sampled != null) {
        // The per-item rows the step read carry their own gradients: scatter them into the
        // parameters' shapes, which must hold zeros there.
        try (ItemRows.Gradients rows = sampled.rows().gradients(root)) {
          assertEquals(Set.copyOf(ItemRows.TABLES), rows.names(), "the rows of both tables");
          long[] ids = rows.ids().toLongArray();
          for (String name : rows.names()) {
            float[] dense = g.get(name);
            float[] part = rows.of(name).toFloatArray();
            int width = part.length / ids.length;
            for (int r = 0; r < ids.length; r++) {
              for (int j = 0; j < width; j++) {
                int at = (int) ids[r] * width + j;
                assertEquals(0f, dense[at], name + " row " + ids[r] + " on the parameter");
                dense[at] = part[r * width + j];
              }
            }
          }
        }
      }
    }
    return loss;
  }

  /**
   * With the whole catalogue as negatives (once each, or twice each with log expected count log 2)
   * every row's denominator is exactly the full softmax's: the target's own copies are masked, and
   * the correction of duplicates cancels their multiplicity. Loss and every gradient then equal the
   * full softmax's up to float32 rounding of differently ordered sums (rtol 1e-5 on the loss;
   * gradients within 1e-6 + 1e-4 |g|).
   */
  @Test
  void wholeCatalogueAsNegativesIsTheFullSoftmax() {
    // The sampled softmax does not smooth its targets: compared with the plain cross-entropy.
    StmConfig plain = Fixtures.tiny(3).toBuilder().optLabelSmoothing(0).build();
    try (StmModel m = fit(plain, 2, TrainOptions.quiet())) {
      Network net = m.network();
      Batch bt = batch(m, 4);
      Map<String, float[]> full = new LinkedHashMap<>();
      float fullLoss = step(net, bt, null, full);
      for (int copies = 1; copies <= 2; copies++) {
        Map<String, float[]> sampled = new LinkedHashMap<>();
        float loss = step(net, bt, everyItem(m.numItems(), copies), sampled);
        assertEquals(fullLoss, loss, 1e-5 * Math.abs(fullLoss), "copies " + copies);
        for (String name : full.keySet()) {
          float[] a = full.get(name);
          float[] b = sampled.get(name);
          for (int i = 0; i < a.length; i++) {
            assertEquals(
                a[i], b[i], 1e-6 + 1e-4 * Math.abs(a[i]), name + "[" + i + "], copies " + copies);
          }
        }
      }
    }
  }

  /**
   * The sampled logits are (m, 1 + K), with K well below the catalogue: column 0 is the target's
   * full score, the others the negatives' full scores less log(K Q), an accidental hit far below.
   */
  @Test
  void logitsAreTargetPlusNegativesNotTheCatalogue() {
    try (StmModel m = fit(Fixtures.tiny(2), 3, TrainOptions.quiet())) {
      Network net = m.network();
      Batch bt = batch(m, 3);
      int n = m.numItems();
      Negatives neg =
          new NegativeSampler(DATA.itemCounts(), NegativeSampler.POWER)
              .draw(new SplittableRandom(5), 4);
      NDManager root = net.params().get(net.params().names().get(0)).getManager();
      try (NDManager step = root.newSubManager()) {
        NDArray logits = net.forwardSampled(step, bt, Dropout.OFF, neg).logits();
        assertEquals(new Shape(bt.m, 1 + neg.size()), logits.getShape());
        float[] got = logits.toFloatArray();
        float[] full = net.forwardTraining(step, bt, Dropout.OFF).logits().toFloatArray();
        int hits = 0;
        for (int r = 0; r < bt.m; r++) {
          int t = (int) bt.target[r];
          assertEquals(full[r * n + t], got[r * (1 + neg.size())], 1e-5f, "target of row " + r);
          for (int j = 0; j < neg.size(); j++) {
            int item = (int) neg.items()[j];
            float v = got[r * (1 + neg.size()) + 1 + j];
            if (item == t) {
              hits++;
              assertTrue(v < -1e8f, "accidental hit of row " + r + ": " + v);
            } else {
              assertEquals(
                  full[r * n + item] - neg.logExpected()[j], v, 1e-5f, "row " + r + ", neg " + j);
            }
          }
        }
        assertTrue(hits > 0, "the check of accidental hits needs one; pick another seed");
      }
    }
  }

  /**
   * The log-Q correction, checked against the closed-form full gradient {@code softmax(s) -
   * onehot(t)} (an independent computation) on 30 items with a Zipf proposal (Q(i) ∝ 1 / i), the
   * sampled gradient averaged over 3000 seeds, with K = 8 and K = 32 negatives.
   *
   * <p>With the correction the estimate is unbiased but for the O(1/K) bias of a ratio estimator:
   * the mean is within 0.1 (relative L2) of the full gradient at K = 8 and within 0.05 at K = 32,
   * and its error shrinks with K (below 0.6 times; 1/4 expected). The Monte-Carlo noise of the mean
   * is under 0.01 at both K, so these margins are several noise levels wide (a NumPy
   * re-implementation of the same estimator gives errors 0.054 and 0.015, noise 0.009 and 0.005).
   * Without the correction (log expected counts 0) the same draws stay off by over 0.2 at both K,
   * since frequent items are over-represented among the negatives whatever their number.
   */
  @Test
  void logQCorrectionMakesTheGradientApproximatelyUnbiased() {
    int n = 30;
    int trials = 3000;
    int target = 12;
    SplittableRandom r = new SplittableRandom(11);
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = r.nextGaussian();
    }
    int[] counts = new int[n];
    for (int i = 0; i < n; i++) {
      counts[i] = 3000 / (i + 1);
    }
    NegativeSampler sampler = new NegativeSampler(counts, 1);
    double[] exact = new double[n];
    double z = 0;
    for (double v : s) {
      z += Math.exp(v);
    }
    for (int i = 0; i < n; i++) {
      exact[i] = Math.exp(s[i]) / z - (i == target ? 1 : 0);
    }
    int[] ks = {8, 32};
    double[] errCorrected = new double[ks.length];
    double[] errUncorrected = new double[ks.length];
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray scores = m.create(s);
      scores.setRequiresGradient(true);
      for (int c = 0; c < ks.length; c++) {
        int k = ks[c];
        double[] corrected = new double[n];
        double[] uncorrected = new double[n];
        for (int t = 0; t < trials; t++) {
          Negatives neg = sampler.draw(new SplittableRandom(1000 + t), k);
          add(corrected, gradient(m, scores, target, neg));
          add(uncorrected, gradient(m, scores, target, new Negatives(neg.items(), new float[k])));
        }
        errCorrected[c] = relativeError(corrected, trials, exact);
        errUncorrected[c] = relativeError(uncorrected, trials, exact);
      }
    }
    String msg =
        "relative error of the mean gradient at K = 8, 32: corrected "
            + Arrays.toString(errCorrected)
            + ", uncorrected "
            + Arrays.toString(errUncorrected);
    assertTrue(errCorrected[0] < 0.1 && errCorrected[1] < 0.05, msg);
    assertTrue(errCorrected[1] < 0.6 * errCorrected[0], msg);
    assertTrue(errUncorrected[0] > 0.2 && errUncorrected[1] > 0.2, msg);
  }

  private static double[] gradient(NDManager m, NDArray scores, int target, Negatives neg) {
    try (NDManager step = m.newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray s = scores.get(step, new ai.djl.ndarray.index.NDIndex("..."));
      NDArray t = s.get(step.create(new long[] {target})).reshape(1, 1);
      NDArray negative = s.get(step.create(neg.items())).reshape(1, neg.size());
      gc.backward(
          SampledSoftmax.loss(SampledSoftmax.logits(t, negative, neg, new long[] {target})));
    }
    try (NDArray g = scores.getGradient()) {
      double[] out = g.toDoubleArray();
      g.set(new ai.djl.ndarray.index.NDIndex("..."), 0);
      return out;
    }
  }

  private static void add(double[] sum, double[] v) {
    for (int i = 0; i < sum.length; i++) {
      sum[i] += v[i];
    }
  }

  private static double relativeError(double[] sum, int trials, double[] exact) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < exact.length; i++) {
      double d = sum[i] / trials - exact[i];
      num += d * d;
      den += exact[i] * exact[i];
    }
    return Math.sqrt(num / den);
  }

  /**
   * With the threshold forced below the catalogue (9 items, 4 negatives a batch) training takes the
   * sampled path and still learns the deterministic cycles: the sampled loss falls more than
   * tenfold, and the next item scores best over the whole catalogue.
   */
  @Test
  void learnsThroughTheSampledSoftmax() {
    List<String> log = new ArrayList<>();
    try (StmModel a =
        fit(
            Fixtures.tiny(100).withSampledSoftmax(0, 4),
            1,
            new TrainOptions(log::add, false, Optional.empty(), 0, false, 0))) {
      assertTrue(
          log.stream().anyMatch(l -> l.startsWith("stm: sampled softmax over 9 items")),
          String.join("\n", log));
      double first = epochLoss(log, 1);
      double last = Double.parseDouble(a.state().provenance().get("train_loss"));
      assertTrue(
          last < first / 10, "sampled training loss " + first + " after one epoch, then " + last);
      for (int u = 0; u < 4; u++) {
        float[] sa = scores(a, u, 11);
        int next = DATA.item(DATA.eventsOf(u)[11]);
        int best = 0;
        for (int i = 1; i < sa.length; i++) {
          if (sa[i] > sa[best]) {
            best = i;
          }
        }
        assertEquals(next, best, "user " + u + " scores " + Arrays.toString(sa));
      }
    }
  }

  /** The negatives come from a seeded stream: one seed, one bit-identical model. */
  @Test
  void sampledTrainingIsDeterministic() {
    StmConfig c = Fixtures.tiny(8).withSampledSoftmax(0, 3);
    try (StmModel a = fit(c, 4, TrainOptions.quiet());
        StmModel b = fit(c, 4, TrainOptions.quiet())) {
      for (int u = 0; u < 4; u++) {
        assertArrayEquals(scores(a, u, 11), scores(b, u, 11), 0f, "user " + u);
      }
    }
  }

  private static double epochLoss(List<String> log, int epoch) {
    String prefix = "stm epoch " + epoch + "/";
    String line = log.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
    return Double.parseDouble(line.replaceAll(".*: loss ([0-9.]+),.*", "$1"));
  }

  private static float[] scores(StmModel m, int user, int seen) {
    int[] evs = DATA.eventsOf(user);
    History h = History.of(DATA, evs, seen);
    int last = evs[seen - 1];
    float[] s = new float[m.numItems()];
    m.score(
        new Query(user, h, DATA.time(evs[seen]), -300, DATA.latitude(last), DATA.longitude(last)),
        s);
    return s;
  }

  /** The two settings round-trip through properties and are validated, naming the value. */
  @Test
  void settingsRoundTripAndAreValidated() {
    StmConfig c = StmConfig.defaults().withSampledSoftmax(5000, 256);
    assertEquals(c, StmConfig.of(c.toProperties()));
    assertEquals("5000", c.toProperties().getProperty("sampledSoftmaxAbove"));
    assertEquals(100_000, StmConfig.defaults().sampledSoftmaxAbove());
    assertTrue(c.samplesSoftmax(5001) && !c.samplesSoftmax(5000));
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> StmConfig.defaults().withSampledSoftmax(10, 0));
    assertTrue(
        e.getMessage().contains("negatives") && e.getMessage().contains("0"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> StmConfig.defaults().withSampledSoftmax(-1, 8));
  }

  /** Draw frequencies match Q within 5 standard errors, and one seed gives one sequence. */
  @Test
  void samplerDrawsFromTheProposal() {
    int[] counts = {0, 1, 5, 40, 200};
    NegativeSampler sampler = new NegativeSampler(counts, NegativeSampler.POWER);
    int draws = 200_000;
    Negatives neg = sampler.draw(new SplittableRandom(9), draws);
    int[] seen = new int[counts.length];
    for (long i : neg.items()) {
      seen[(int) i]++;
    }
    double sum = 0;
    for (int i = 0; i < counts.length; i++) {
      double q = Math.pow(counts[i] + 1, NegativeSampler.POWER);
      sum += q;
    }
    for (int i = 0; i < counts.length; i++) {
      double q = Math.pow(counts[i] + 1, NegativeSampler.POWER) / sum;
      assertEquals(q, sampler.probability(i), 1e-12);
      double se = Math.sqrt(q * (1 - q) / draws);
      assertEquals(q, seen[i] / (double) draws, 5 * se, "item " + i);
    }
    assertEquals(
        Math.log(draws * sampler.probability((int) neg.items()[0])), neg.logExpected()[0], 1e-4);
    assertArrayEquals(
        sampler.draw(new SplittableRandom(3), 50).items(),
        sampler.draw(new SplittableRandom(3), 50).items());
    NegativeSampler uniform = new NegativeSampler(counts, 0);
    assertEquals(0.2, uniform.probability(0), 1e-12);
    assertEquals(0.2, uniform.probability(4), 1e-12);
  }
}
