package io.strec.stm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.Dataset;
import io.strec.stm.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tuning search's arithmetic, its space, and that its choice trains as if fitted alone. */
class TuningTrainerTest {
  private static final Dataset DATA = Fixtures.cycles(6, 6, 14);

  private static StmConfig base() {
    return Fixtures.tiny(8).toBuilder().optPatience(3).optDropout(0.2).build();
  }

  private static StmTrainer trainer(StmConfig c, TrainOptions o) {
    return new StmTrainer(
        "stm", c, ItemVectors.fixed(Fixtures.vectors(DATA.numItems(), 5, 1), "test-vectors"), o);
  }

  private static float[] scores(StmModel m, int user) {
    return Fixtures.scoresAfterLast(m, DATA, user);
  }

  @Test
  void costsCountTheEpochsOfEveryRung() {
    // 7 candidates: 7 x 2 epochs, then 3 of them 4 more each (to 6); 4: 4 x 2, then 2 x 4.
    assertEquals(0, TuningTrainer.cost(1));
    assertEquals(4, TuningTrainer.cost(2));
    assertEquals(6, TuningTrainer.cost(3));
    assertEquals(16, TuningTrainer.cost(4));
    assertEquals(26, TuningTrainer.cost(7));
    assertEquals(3, TuningTrainer.survivors(7));
    assertEquals(1, TuningTrainer.survivors(3));
    assertEquals(7, TuningTrainer.affordable(7, 26));
    assertEquals(6, TuningTrainer.affordable(7, 25));
    assertEquals(3, TuningTrainer.affordable(7, 15));
    assertEquals(1, TuningTrainer.affordable(7, 3));
    assertEquals(1, TuningTrainer.affordable(7, 0));
    assertEquals(2, TuningTrainer.affordable(2, Integer.MAX_VALUE));
  }

  private static double[][] noCases(int n) {
    return new double[n][0];
  }

  @Test
  void theDefaultsStayUntilTheLastComparison() {
    int[] seven = {0, 1, 2, 3, 4, 5, 6};
    // The defaults 5th of 7: the best two and the defaults go on.
    assertEquals(
        List.of(0, 3, 5),
        TuningTrainer.goingOn(
            seven, new double[] {0.30, 0.31, 0.20, 0.40, 0.10, 0.35, 0.32}, noCases(7)));
    // Among the best three anyway: the best three.
    assertEquals(
        List.of(0, 1, 6),
        TuningTrainer.goingOn(
            seven, new double[] {0.33, 0.35, 0.2, 0.1, 0.1, 0.1, 0.34}, noCases(7)));
    // The last comparison: the best alone, if it is the defaults or beats them clearly on the same
    // cases; a tie goes to the earlier candidate.
    double[] base = new double[400];
    double[] clearly = new double[400];
    double[] barely = new double[400];
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
    for (int i = 0; i < base.length; i++) {
      base[i] = 1.0 / (1 + rnd.nextInt(20));
      // Paired differences 0.05 +- 0.02 (se 0.001) and 0.005 +- 0.2 (se 0.01).
      double sign = i % 2 == 0 ? 1 : -1;
      clearly[i] = base[i] + 0.05 + 0.02 * sign;
      barely[i] = base[i] + 0.005 + 0.2 * sign;
    }
    assertTrue(TuningTrainer.beats(clearly, base));
    assertFalse(TuningTrainer.beats(barely, base));
    assertFalse(TuningTrainer.beats(base, base));
    assertEquals(
        List.of(5),
        TuningTrainer.goingOn(
            new int[] {0, 1, 5}, new double[] {.3, .2, .4}, new double[][] {base, base, clearly}));
    assertEquals(
        List.of(0),
        TuningTrainer.goingOn(
            new int[] {0, 1, 5}, new double[] {.3, .2, .4}, new double[][] {base, base, barely}));
    assertEquals(
        List.of(0),
        TuningTrainer.goingOn(new int[] {0, 1, 5}, new double[] {.4, .2, .4}, noCases(3)));
    assertEquals(
        List.of(1), TuningTrainer.goingOn(new int[] {1, 5}, new double[] {.2, .2}, noCases(2)));
  }

  /**
   * The paired standard error against a computation by hand: differences 1, 2, 3 (mean 2, se
   * 0.577).
   */
  @Test
  void beatingMeansMoreThanTwoStandardErrors() {
    assertTrue(TuningTrainer.beats(new double[] {1, 2, 3}, new double[] {0, 0, 0}));
    // Differences 0.5, 1.5, 3.5: mean 1.833, sd 1.528, se 0.882; 2 se = 1.764 < 1.833.
    assertTrue(TuningTrainer.beats(new double[] {0.5, 1.5, 3.5}, new double[] {0, 0, 0}));
    // Differences 0, 1, 4: mean 1.667, sd 2.082, se 1.202; 2 se = 2.404 > 1.667.
    assertFalse(TuningTrainer.beats(new double[] {0, 1, 4}, new double[] {0, 0, 0}));
    assertThrows(
        IllegalArgumentException.class, () -> TuningTrainer.beats(new double[2], new double[3]));
  }

  @Test
  void budgetsReadEpochsSecondsMinutesOrFull() {
    assertEquals(new TuningTrainer.Budget(26, 0), TuningTrainer.Budget.parse("26"));
    assertEquals(new TuningTrainer.Budget(26, 0), TuningTrainer.Budget.parse("26e"));
    assertEquals(new TuningTrainer.Budget(0, 600), TuningTrainer.Budget.parse("600s"));
    assertEquals(new TuningTrainer.Budget(0, 600), TuningTrainer.Budget.parse("10m"));
    assertEquals("full", TuningTrainer.Budget.parse("FULL").toString());
    for (String bad : List.of("", "abc", "0", "-3", "0s", "ten minutes")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> TuningTrainer.Budget.parse(bad), bad);
      assertTrue(
          e.getMessage().contains("'" + bad + "'") || e.getMessage().contains("positive"),
          e.getMessage());
    }
  }

  @Test
  void theSpaceChangesOneThingAtATimeAndOnlyWhatTheBaseHas() {
    StmConfig d = StmConfig.defaults();
    List<TuningTrainer.Candidate> all = TuningTrainer.space(d);
    assertEquals(
        List.of(
            "defaults",
            "dropout=0.1",
            "dropout=0.3",
            "learningRate=0.002",
            "learningRate=0.008",
            "textNeighbours=0",
            "no transition term"),
        all.stream().map(TuningTrainer.Candidate::name).toList());
    assertEquals(d, all.get(0).config());
    assertEquals(0.3, all.get(2).config().dropout());
    assertEquals(d.learningRate(), all.get(2).config().learningRate());
    assertFalse(all.get(6).config().uses(Ablation.GRAPH));
    assertTrue(all.get(5).config().uses(Ablation.GRAPH));

    EnumSet<Ablation> off = EnumSet.of(Ablation.TEXT, Ablation.GRAPH);
    off.addAll(d.ablations());
    StmConfig bare = d.toBuilder().optDropout(0.0).build().withAblations(off);
    assertEquals(
        List.of("defaults", "dropout=0.1", "learningRate=0.002", "learningRate=0.008"),
        TuningTrainer.space(bare).stream().map(TuningTrainer.Candidate::name).toList());
  }

  /**
   * The chosen candidate's model is bit for bit the one a plain fit of its setting gives with the
   * same seed (each candidate continues from its own checkpoint, and resuming is exact), and the
   * provenance says what was compared.
   */
  @Test
  void theChoiceTrainsAsIfFittedAlone(@TempDir Path dir) throws Exception {
    List<String> log = new ArrayList<>();
    TrainOptions o = new TrainOptions(log::add, false, Optional.of(dir.resolve("ck")));
    TuningTrainer tuner = new TuningTrainer(trainer(base(), o), TuningTrainer.Budget.parse("full"));
    try (StmModel tuned = tuner.fit(DATA, 5)) {
      Map<String, String> p = tuned.state().provenance();
      String chosen = p.get("tune_chosen");
      assertEquals("7", p.get("tune_candidates"));
      StmConfig config =
          TuningTrainer.space(base()).stream()
              .filter(c -> c.name().equals(chosen))
              .findFirst()
              .orElseThrow()
              .config();
      assertEquals(config, tuned.state().config());
      for (TuningTrainer.Candidate c : TuningTrainer.space(base())) {
        assertTrue(p.get("tune_scores").contains(c.name() + ": "), p.get("tune_scores"));
      }
      assertTrue(
          log.stream().anyMatch(l -> l.startsWith("stm tune: chosen " + chosen)), log.toString());
      // The chosen one went on from where its comparison left it, not from the start.
      assertTrue(
          log.stream().anyMatch(l -> l.startsWith("stm: resumed after epoch")), log.toString());
      // Each candidate kept its own checkpoint, so an interrupted search resumes.
      try (Stream<Path> dirs = Files.list(dir.resolve("ck/tune"))) {
        assertEquals(7, dirs.count());
      }
      try (StmModel alone = trainer(config, TrainOptions.quiet()).fit(DATA, 5)) {
        assertEquals(alone.state().provenance().get("inner_valid_mrr"), p.get("inner_valid_mrr"));
        for (int u = 0; u < DATA.numUsers(); u++) {
          assertArrayEquals(scores(alone, u), scores(tuned, u), 0f, "user " + u);
        }
      }
    }
  }

  /**
   * With {@code refit} on, the comparison's fits are never refitted (they are compared on the cases
   * a refit would train on); the chosen setting is, once, and ends as its plain fit does.
   */
  @Test
  void onlyTheChoiceIsRefitted(@TempDir Path dir) {
    List<String> log = new ArrayList<>();
    TrainOptions o = new TrainOptions(log::add, false, Optional.of(dir.resolve("ck")));
    StmConfig refitting = base().toBuilder().optRefit(true).build();
    TuningTrainer tuner = new TuningTrainer(trainer(refitting, o), TuningTrainer.Budget.parse("6"));
    try (StmModel tuned = tuner.fit(DATA, 5)) {
      Map<String, String> p = tuned.state().provenance();
      assertEquals("3", p.get("tune_candidates"));
      assertTrue(tuned.state().config().refit());
      assertTrue(p.containsKey("refit_epochs"), p.toString());
      assertEquals(
          1, log.stream().filter(l -> l.startsWith("stm: refit on every")).count(), log.toString());
      StmConfig config =
          TuningTrainer.space(refitting).stream()
              .filter(c -> c.name().equals(p.get("tune_chosen")))
              .findFirst()
              .orElseThrow()
              .config();
      try (StmModel alone = trainer(config, TrainOptions.quiet()).fit(DATA, 5)) {
        assertEquals(p.get("refit_epochs"), alone.state().provenance().get("refit_epochs"));
        for (int u = 0; u < DATA.numUsers(); u++) {
          assertArrayEquals(scores(alone, u), scores(tuned, u), 0f, "user " + u);
        }
      }
    }
  }

  @Test
  void aBudgetOfNoComparisonIsThePlainFit() {
    TuningTrainer tuner =
        new TuningTrainer(trainer(base(), TrainOptions.quiet()), TuningTrainer.Budget.parse("3"));
    try (StmModel tuned = tuner.fit(DATA, 2);
        StmModel plain = trainer(base(), TrainOptions.quiet()).fit(DATA, 2)) {
      assertEquals("defaults", tuned.state().provenance().get("tune_chosen"));
      assertEquals("1", tuned.state().provenance().get("tune_candidates"));
      assertArrayEquals(scores(plain, 0), scores(tuned, 0), 0f);
    }
  }

  @Test
  void refusesWhatItCannotCompare() {
    StmConfig noStop = base().toBuilder().optPatience(0).build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new TuningTrainer(
                        trainer(noStop, TrainOptions.quiet()), TuningTrainer.Budget.parse("4"))
                    .fit(DATA, 1));
    assertTrue(e.getMessage().contains("patience"), e.getMessage());
  }
}
