package io.strec.stm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.Dataset;
import io.strec.model.History;
import io.strec.model.ModelContext;
import io.strec.model.ModelRegistry;
import io.strec.model.Query;
import io.strec.model.artifact.ModelDirectory;
import io.strec.model.artifact.ModelProvenance;
import io.strec.stm.artifact.ModelArtifact;
import io.strec.stm.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Overfitting, determinism, checkpoint resume, and the golden save/reload test. */
class TrainingTest {
  private static final Dataset DATA = Fixtures.cycles(4, 6, 12);

  private static StmModel fit(StmConfig c, long seed, TrainOptions o) {
    return new StmTrainer(
            "stm", c, ItemVectors.fixed(Fixtures.vectors(DATA.numItems(), 5, 1), "test-vectors"), o)
        .fit(DATA, seed);
  }

  private static Query query(int user) {
    int[] evs = DATA.eventsOf(user);
    History h = History.of(DATA, evs, evs.length);
    int last = evs[evs.length - 1];
    return new Query(
        user, h, DATA.time(last) + 3600, -300, DATA.latitude(last), DATA.longitude(last));
  }

  private static float[] scores(StmModel m, int user) {
    float[] s = new float[m.numItems()];
    m.score(query(user), s);
    return s;
  }

  /**
   * The text input's whitening is fitted with the network's first weights and the optimizer never
   * changes it: after a fit it is what the catalogue's vectors give.
   */
  @Test
  void theTextWhiteningIsFittedOnceAndNotTrained() {
    assertEquals(StmConfig.TextInput.WHITENED, Fixtures.tiny(2).textInput());
    try (StmModel m = fit(Fixtures.tiny(2), 3, TrainOptions.quiet());
        ai.djl.ndarray.NDManager nm = ai.djl.ndarray.NDManager.newBaseManager()) {
      io.strec.stm.nn.Params expected =
          new io.strec.stm.nn.Params(nm, ai.djl.ndarray.types.DataType.FLOAT32);
      io.strec.stm.nn.TextWhitening.declare(
          expected, io.strec.stm.data.ItemText.of(Fixtures.vectors(DATA.numItems(), 5, 1)), true);
      var got = m.network().params().values();
      for (String name :
          List.of(io.strec.stm.nn.TextWhitening.MEAN, io.strec.stm.nn.TextWhitening.MATRIX)) {
        assertArrayEquals(expected.values().get(name), got.get(name), name);
      }
    }
  }

  /**
   * The fit takes the square root of its batches' share of {@code rateAtPositions} of the learning
   * rate, says so in its log, and keeps it in the model's provenance; without the rule the rate is
   * the setting's.
   */
  @Test
  void thePeakRateIsScaledByTheBatchesPositionsAndRecorded() {
    List<String> log = new ArrayList<>();
    StmConfig scaled = Fixtures.tiny(1).toBuilder().optRateAtPositions(1024).build();
    try (StmModel m =
        fit(scaled, 1, new TrainOptions(log::add, false, Optional.empty(), 0, false, 0))) {
      String line =
          log.stream().filter(l -> l.contains("peak learning rate")).findFirst().orElseThrow();
      java.util.regex.Matcher g =
          java.util.regex.Pattern.compile("(\\d+) positions, (\\d+) a batch").matcher(line);
      assertTrue(g.find(), line);
      double perBatch = Double.parseDouble(g.group(2));
      assertTrue(perBatch > 0 && perBatch < 1024, line);
      double peak = Double.parseDouble(m.state().provenance().get("peak_learning_rate"));
      // The logged mean is rounded to a whole position.
      assertEquals(5e-3 * Math.sqrt(perBatch / 1024), peak, 5e-3 * Math.sqrt(0.5 / 1024), line);
    }
    try (StmModel m = fit(Fixtures.tiny(1), 1, TrainOptions.quiet())) {
      assertEquals(5e-3, Double.parseDouble(m.state().provenance().get("peak_learning_rate")));
    }
  }

  /**
   * The fit trains on the smoothed loss: after one epoch from the same seed, half the target spread
   * over the catalogue costs far more than the plain cross-entropy (the mean over every item of
   * {@code -log p} is at least {@code log n}).
   */
  @Test
  void labelSmoothingReachesTheTrainingLoss() {
    double[] loss = new double[2];
    double[] share = {0, 0.5};
    for (int k = 0; k < 2; k++) {
      StmConfig c = Fixtures.tiny(1).toBuilder().optLabelSmoothing(share[k]).build();
      try (StmModel m = fit(c, 1, TrainOptions.quiet())) {
        loss[k] = Double.parseDouble(m.state().provenance().get("train_loss"));
      }
    }
    // Half the plain loss plus half of at least log n.
    assertTrue(
        loss[1] > (loss[0] + Math.log(DATA.numItems())) / 2, java.util.Arrays.toString(loss));
  }

  @Test
  void overfitsATinyDataset() {
    // Without label smoothing, whose smoothed targets leave a loss of their own entropy.
    StmConfig plain = Fixtures.tiny(100).toBuilder().optLabelSmoothing(0).build();
    try (StmModel m = fit(plain, 1, TrainOptions.quiet())) {
      double loss = Double.parseDouble(m.state().provenance().get("train_loss"));
      assertTrue(loss < 0.05, "training loss after 100 epochs: " + loss);
      for (int u = 0; u < 4; u++) {
        int[] evs = DATA.eventsOf(u);
        History h = History.of(DATA, evs, 11);
        int last = evs[10];
        float[] s = new float[m.numItems()];
        m.score(
            new Query(u, h, DATA.time(evs[11]), -300, DATA.latitude(last), DATA.longitude(last)),
            s);
        int next = DATA.item(evs[11]);
        int best = 0;
        for (int i = 1; i < s.length; i++) {
          if (s[i] > s[best]) {
            best = i;
          }
        }
        assertEquals(next, best, "user " + u + " scores " + Arrays.toString(s));
      }
    }
  }

  /**
   * Bit-identical models from one seed, also when the garbage collector runs at other moments (the
   * second fit runs beside a thread that keeps collecting): before the fix a collection between
   * forward and backward changed the gradients (see {@link BackwardAfterGcTest}).
   */
  @Test
  void sameSeedSameModel() throws InterruptedException {
    StmConfig c = withDropout(Fixtures.tiny(12), 0.3);
    try (StmModel a = fit(c, 7, TrainOptions.quiet());
        StmModel b = fitWhileCollecting(c, 7);
        StmModel other = fit(c, 8, TrainOptions.quiet())) {
      for (int u = 0; u < 4; u++) {
        assertArrayEquals(scores(a, u), scores(b, u), 0f, "user " + u);
      }
      assertFalse(
          Arrays.equals(scores(a, 0), scores(other, 0)), "another seed should give another model");
    }
  }

  private static StmModel fitWhileCollecting(StmConfig c, long seed) throws InterruptedException {
    AtomicBoolean done = new AtomicBoolean();
    Thread collector =
        new Thread(
            () -> {
              while (!done.get()) {
                System.gc();
                LockSupport.parkNanos(5_000_000);
              }
            },
            "gc-pressure");
    collector.setDaemon(true);
    collector.start();
    try {
      return fit(c, seed, TrainOptions.quiet());
    } finally {
      done.set(true);
      collector.join();
    }
  }

  /** The tiny setting with a learning rate that blows the weights up at the first step. */
  private static StmConfig divergent() {
    java.util.Properties p = Fixtures.tiny(30).toProperties();
    p.setProperty("learningRate", "1e30");
    p.setProperty("warmupSteps", "0");
    return StmConfig.of(p);
  }

  @Test
  void divergenceIsNamedCountedAndStopsTheFit() {
    StmConfig huge = divergent();
    List<String> log = new ArrayList<>();
    var e =
        assertThrows(
            IllegalStateException.class,
            () -> fit(huge, 1, new TrainOptions(log::add, false, Optional.empty(), 0, false, 0)));
    assertTrue(e.getMessage().contains("diverged"), e.getMessage());
    List<String> skips = log.stream().filter(l -> l.startsWith("stm: skipped step")).toList();
    assertEquals(21, skips.size(), String.join("\n", log));
    assertTrue(skips.get(0).contains("non-finite"), skips.get(0));
    assertTrue(skips.get(20).endsWith("21 skipped so far"), skips.get(20));
  }

  @Test
  void numericCheckStopsAtTheFirstNonFiniteValueAndNamesIt() {
    StmConfig huge = divergent();
    List<String> log = new ArrayList<>();
    var e =
        assertThrows(
            IllegalStateException.class,
            () -> fit(huge, 1, new TrainOptions(log::add, false, Optional.empty(), 0, true, 0)));
    assertTrue(e.getMessage().startsWith("stm numerics after backward"), e.getMessage());
    assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
    assertTrue(log.stream().noneMatch(l -> l.startsWith("stm: skipped")), String.join("\n", log));
  }

  @Test
  void averagingChangesWhatIsKeptNotHowItTrains() {
    StmConfig plain = Fixtures.tiny(4).toBuilder().optAverageEpochs(0).build();
    StmConfig averaged = plain.toBuilder().optAverageEpochs(1).build();
    List<String> plainLog = new ArrayList<>();
    List<String> averagedLog = new ArrayList<>();
    try (StmModel a = fit(plain, 5, new TrainOptions(plainLog::add, false, Optional.empty(), 0));
        StmModel b =
            fit(averaged, 5, new TrainOptions(averagedLog::add, false, Optional.empty(), 0))) {
      List<String> plainLosses = losses(plainLog);
      assertEquals(4, plainLosses.size(), String.join("\n", plainLog));
      assertEquals(plainLosses, losses(averagedLog), "the same steps, the same training losses");
      float[] sa = scores(a, 1);
      float[] sb = scores(b, 1);
      double diff = 0;
      for (int i = 0; i < sa.length; i++) {
        diff = Math.max(diff, Math.abs(sa[i] - sb[i]));
      }
      assertTrue(diff > 1e-3, "the averaged model keeps other weights: largest difference " + diff);
    }
  }

  /**
   * A refit is a fit of every training event, from the same seed, stopped after the epoch early
   * stopping chose: the same model, to the last bit, as a fit without an inner validation run for
   * that many epochs of the same schedule.
   */
  @Test
  void theRefitIsTheFitOfEveryEventForTheChosenEpochs() {
    StmConfig c =
        withDropout(Fixtures.tiny(8), 0.2).toBuilder().optPatience(2).optRefit(true).build();
    List<String> log = new ArrayList<>();
    try (StmModel refit = fit(c, 7, new TrainOptions(log::add, false, Optional.empty(), 0))) {
      var p = refit.state().provenance();
      int best = Integer.parseInt(p.get("refit_epochs"));
      assertTrue(best >= 1 && best <= 8, p.toString());
      assertEquals(Integer.toString(best), p.get("best_epoch"), p.toString());
      assertEquals(Integer.toString(DATA.numEvents()), p.get("fit_events"), "every event");
      assertEquals("4", p.get("refit_held_out_events"), p.toString());
      // What the model says of its training is the first fit's: the choice and its curve.
      int epochs = Integer.parseInt(p.get("epochs_trained"));
      assertTrue(epochs >= best && epochs <= 8, p.toString());
      assertEquals(
          epochs,
          io.strec.model.TrainingCurve.fromSummary(refit.trainingSummary(), "stm")
              .orElseThrow()
              .size(),
          p.toString());
      assertTrue(Double.parseDouble(p.get("inner_valid_mrr")) > 0, p.toString());
      assertTrue(
          log.stream().anyMatch(l -> l.startsWith("stm: refit on every training event (4 held")),
          String.join("\n", log));
      StmConfig plain = c.toBuilder().optPatience(0).optRefit(false).build();
      try (StmModel alone = fit(plain, 7, TrainOptions.quiet().withEpochBudget(best))) {
        // The habit weight the first fit chose carries over to the refit.
        assertEquals(Float.toString(refit.habitWeight()), p.get("habit_weight"), p.toString());
        StmModel same = alone.withHabitWeight(refit.habitWeight());
        for (int u = 0; u < 4; u++) {
          assertArrayEquals(scores(same, u), scores(refit, u), 0f, "user " + u);
        }
      }
    }
  }

  /**
   * The habit term's weight is chosen after the fit on the inner validation, among {@link
   * HabitChoice#GRID}, and says so; a fixed weight is taken as given; without an inner validation
   * there is none. A weight adds that many times the item's share of the user's visits near the
   * query's hour to the same network's scores.
   */
  @Test
  void theHabitWeightIsChosenOnTheInnerValidationOrGiven() {
    StmConfig c = Fixtures.tiny(4).toBuilder().optPatience(2).build();
    List<String> log = new ArrayList<>();
    try (StmModel chosen = fit(c, 7, new TrainOptions(log::add, false, Optional.empty(), 0))) {
      float w = Float.parseFloat(chosen.state().provenance().get("habit_weight"));
      assertEquals(w, chosen.habitWeight());
      float[] grid = HabitChoice.GRID;
      assertTrue(
          java.util.stream.IntStream.range(0, grid.length).anyMatch(g -> grid[g] == w),
          "weight " + w + " is one of the grid's");
      assertTrue(
          log.stream().anyMatch(l -> l.startsWith("stm: habit term on the inner validation")),
          String.join("\n", log));
    }
    List<String> quiet = new ArrayList<>();
    StmConfig fixed = c.toBuilder().optHabit(1.5).build();
    try (StmModel m = fit(fixed, 7, new TrainOptions(quiet::add, false, Optional.empty(), 0))) {
      assertEquals(1.5f, m.habitWeight());
      assertFalse(
          quiet.stream().anyMatch(l -> l.startsWith("stm: habit term")), String.join("\n", quiet));
      StmModel none = m.withHabitWeight(0f);
      for (int u = 0; u < 4; u++) {
        Query q = query(u);
        io.strec.stm.data.HourHabit.Shares shares =
            io.strec.stm.data.HourHabit.of(
                q.history(), q.epochSecond(), q.tzOffsetMinutes(), m.numItems());
        assertTrue(shares.size() > 0, "user " + u + " has a history");
        float[] with = scores(m, u);
        float[] without = scores(none, u);
        for (int i = 0; i < with.length; i++) {
          assertEquals(
              without[i] + 1.5f * shares.of(i), with[i], 1e-5f, "user " + u + " item " + i);
        }
      }
    }
    try (StmModel m = fit(Fixtures.tiny(2), 7, TrainOptions.quiet())) {
      assertEquals(0f, m.habitWeight(), "no inner validation, no habit term");
    }
  }

  /** A fit stopped by its epoch budget before its end is not refitted: it has not chosen yet. */
  @Test
  void aBoxedFitIsNotRefitted() {
    StmConfig c = Fixtures.tiny(8).toBuilder().optPatience(50).optRefit(true).build();
    try (StmModel m = fit(c, 7, TrainOptions.quiet().withEpochBudget(2))) {
      var p = m.state().provenance();
      assertFalse(p.containsKey("refit_epochs"), p.toString());
      assertEquals(Integer.toString(DATA.numEvents() - 4), p.get("fit_events"), p.toString());
    }
  }

  /** The training losses an epoch's log line gives, as printed. */
  private static List<String> losses(List<String> log) {
    List<String> out = new ArrayList<>();
    java.util.regex.Pattern p =
        java.util.regex.Pattern.compile("^stm epoch \\d+/\\d+: loss (\\S+),");
    for (String line : log) {
      java.util.regex.Matcher m = p.matcher(line);
      if (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  @Test
  void resumesFromACheckpointExactly(@TempDir Path dir) {
    // With the weight average on, which the checkpoint must carry too.
    StmConfig c = withDropout(Fixtures.tiny(6), 0.2).toBuilder().optAverageEpochs(1).build();
    try (StmModel straight = fit(c, 3, TrainOptions.quiet())) {
      Optional<Path> ck = Optional.of(dir.resolve("ck"));
      fit(c, 3, new TrainOptions(line -> {}, false, ck, 2)).close();
      assertTrue(Files.exists(dir.resolve("ck/checkpoint.bin")));
      try (StmModel resumed = fit(c, 3, new TrainOptions(line -> {}, false, ck, 0))) {
        for (int u = 0; u < 4; u++) {
          assertArrayEquals(scores(straight, u), scores(resumed, u), 0f, "user " + u);
        }
      }
      assertThrows(
          IllegalArgumentException.class,
          () -> fit(c, 4, new TrainOptions(line -> {}, false, ck, 0)),
          "a checkpoint of another seed must be refused");
    }
  }

  /**
   * The golden test: a model written as a model directory (the way {@code strec train} writes it)
   * and opened through the model registry scores exactly as the fitted one.
   */
  @Test
  void goldenSaveAndReload(@TempDir Path dir) throws Exception {
    StmConfig c = Fixtures.tiny(3);
    try (StmModel m = fit(c, 5, TrainOptions.quiet());
        ModelContext context = new ModelContext("minilm-q", Optional.empty(), l -> {})) {
      ModelProvenance written =
          ModelProvenance.of("stm", c.describe(), DATA, 5, m.trainingSummary());
      ModelDirectory.write(dir, m, m.state().items(), written);
      try (ModelDirectory.Opened opened = ModelDirectory.open(dir, ModelRegistry.load(), context)) {
        StmModel back = (StmModel) opened.model();
        assertEquals(written, opened.provenance());
        assertEquals("test-vectors", opened.provenance().encoder());
        assertEquals(ModelProvenance.hashOf(DATA), opened.provenance().dataHash());
        assertEquals(m.state().items().ids(), opened.items().ids());
        assertEquals(m.state().config(), back.state().config());
        assertEquals(m.state().grid(), back.state().grid());
        assertEquals(m.state().provenance().get("seed"), back.state().provenance().get("seed"));
        assertEquals("test-vectors", back.state().provenance().get("encoder"));
        assertEquals(
            m.state().provenance().get("epochs_trained"),
            back.state().provenance().get("epochs_trained"));
        assertEquals(m.trainingSummary(), back.trainingSummary());
        // the per-epoch curve travels with the model, one point per epoch trained
        io.strec.model.TrainingCurve curve =
            io.strec.model.TrainingCurve.fromSummary(back.trainingSummary(), "stm").orElseThrow();
        assertEquals(Integer.parseInt(m.state().provenance().get("epochs_trained")), curve.size());
        assertEquals(
            Double.parseDouble(m.state().provenance().get("train_loss")),
            curve.loss()[curve.size() - 1],
            1e-5 * Math.abs(curve.loss()[curve.size() - 1]));
        for (int u = 0; u < 4; u++) {
          assertArrayEquals(scores(m, u), scores(back, u), 0f, "user " + u);
        }
      }
      for (String f :
          new String[] {
            "strec-model.properties",
            "catalogue.txt",
            "weights.bin",
            "config.properties",
            "items.tsv",
            "users.txt",
            "provenance.properties",
            "histories.bin",
            "transitions.bin",
            "neighbours.bin",
            "text.bin",
            "grid.properties",
            "checksums.sha256"
          }) {
        assertTrue(Files.exists(dir.resolve(f)), f);
      }
      byte[] w = Files.readAllBytes(dir.resolve("weights.bin"));
      w[w.length - 1] ^= 1;
      Files.write(dir.resolve("weights.bin"), w);
      var e = assertThrows(java.io.IOException.class, () -> ModelArtifact.load(dir));
      assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }
  }

  @Test
  void itemsWithoutTrainingEventsAreScoredFromText() {
    try (StmModel m = fit(Fixtures.tiny(2), 1, TrainOptions.quiet())) {
      for (float v : scores(m, 0)) {
        assertTrue(Float.isFinite(v));
      }
    }
  }

  @Test
  void textNeighbourTermReachesTheScoresUnlessSwitchedOff() {
    java.util.Properties p = Fixtures.tiny(1).toProperties();
    try (StmModel on = fit(Fixtures.tiny(1), 3, TrainOptions.quiet())) {
      assertTrue(similarParts(on) > 0, "the text-neighbour term scored no item");
    }
    p.setProperty("textNeighbours", "0");
    try (StmModel off = fit(StmConfig.of(p), 3, TrainOptions.quiet())) {
      assertEquals(0.0, similarParts(off), "textNeighbours=0 must switch the term off");
    }
    p.setProperty("textNeighbours", "10");
    p.setProperty("ablate", "text");
    try (StmModel noText = fit(StmConfig.of(p), 3, TrainOptions.quiet())) {
      assertEquals(0.0, similarParts(noText), "ablating text must switch the term off");
    }
  }

  /** Sum of |text-neighbour term| over every item ranked for user 0. */
  private static double similarParts(StmModel m) {
    double sum = 0;
    for (Explanation.Scored s : m.explain(query(0), m.numItems()).top()) {
      sum += Math.abs(s.part("similar"));
      assertEquals(
          s.score(),
          s.part("interest")
              + s.part("prior")
              + s.part("distance")
              + s.part("repeat")
              + s.part("transition")
              + s.part("similar"),
          1e-4,
          "the parts of " + s.item() + " must add up to its score");
    }
    return sum;
  }

  private static StmConfig withDropout(StmConfig c, double p) {
    return c.toBuilder().optDropout(p).build();
  }
}
