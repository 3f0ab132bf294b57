package io.strec.stm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.Dataset;
import io.strec.model.History;
import io.strec.model.Query;
import io.strec.stm.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fit with a budget ({@link FitBudget}): its schedule is planned after the second epoch to end
 * within the budget, a budget in seconds stops it before an epoch that would pass it, the plan
 * survives a checkpoint, and a budget with room for every epoch changes nothing.
 */
class FitBudgetTrainingTest {
  /** 24 users, so that an epoch is three steps of 8 windows. */
  private static final Dataset DATA = Fixtures.cycles(24, 6, 12);

  /** Eight epochs, a warm-up of one step, so that the schedule's cosine runs from the first. */
  private static final StmConfig PLAIN = Fixtures.tiny(8).toBuilder().optWarmupSteps(1).build();

  private static StmModel fit(StmConfig c, TrainOptions o) {
    return new StmTrainer(
            "stm", c, ItemVectors.fixed(Fixtures.vectors(DATA.numItems(), 5, 1), "test-vectors"), o)
        .fit(DATA, 11);
  }

  private static StmModel fit(StmConfig c, List<String> log) {
    return fit(c, new TrainOptions(log::add, false, Optional.empty(), 0));
  }

  private static StmConfig budgeted(String budget) {
    return PLAIN.toBuilder().optBudget(FitBudget.parse(budget)).build();
  }

  private static float[] scores(StmModel m, int user) {
    int[] evs = DATA.eventsOf(user);
    int last = evs[evs.length - 1];
    Query q =
        new Query(
            user,
            History.of(DATA, evs, evs.length),
            DATA.time(last) + 3600,
            0,
            DATA.latitude(last),
            DATA.longitude(last));
    float[] s = new float[m.numItems()];
    m.score(q, s);
    return s;
  }

  private static void assertSameScores(StmModel a, StmModel b) {
    for (int u = 0; u < DATA.numUsers(); u += 5) {
      assertArrayEquals(scores(a, u), scores(b, u), 0f, "user " + u);
    }
  }

  /** The training loss of each epoch, as its log line prints it, and the epochs it names. */
  private static List<String> epochLines(List<String> log, String group) {
    List<String> out = new ArrayList<>();
    Pattern p = Pattern.compile("^stm epoch (\\d+/\\d+): loss (\\S+),");
    for (String line : log) {
      Matcher m = p.matcher(line);
      if (m.find()) {
        out.add(m.group(group.equals("epoch") ? 1 : 2));
      }
    }
    return out;
  }

  @Test
  void aBudgetInEpochsEndsTheScheduleThereFromTheSecondEpoch() {
    List<String> plainLog = new ArrayList<>();
    List<String> log = new ArrayList<>();
    try (StmModel plain = fit(PLAIN, plainLog);
        StmModel m = fit(budgeted("4e"), log)) {
      List<String> plainLosses = epochLines(plainLog, "loss");
      List<String> losses = epochLines(log, "loss");
      assertEquals(8, plainLosses.size(), String.join("\n", plainLog));
      assertEquals(List.of("1/8", "2/8", "3/4", "4/4"), epochLines(log, "epoch"));
      // The same schedule up to the plan, a lower learning rate after it.
      assertEquals(plainLosses.subList(0, 2), losses.subList(0, 2));
      assertNotEquals(plainLosses.get(3), losses.get(3), String.join("\n", log));
      assertTrue(
          log.contains("stm: budget 4e: the learning-rate schedule now ends after epoch 4 (was 8)"),
          String.join("\n", log));
      Map<String, String> p = m.state().provenance();
      assertEquals("4", p.get("budget_epochs"), p.toString());
      assertEquals("4", p.get("epochs_trained"), p.toString());
      assertFalse(p.containsKey("budget_stopped_after"), p.toString());
      assertTrue(
          m.state().config().describe().contains(",budget=4e"), m.state().config().describe());
      assertFalse(plain.state().provenance().containsKey("budget_epochs"));
    }
  }

  /** A budget of no more epochs than run before the plan cuts the schedule the setting gives. */
  @Test
  void aBudgetOfOneEpochIsTheFirstEpochOfTheSchedule() {
    List<String> plainLog = new ArrayList<>();
    List<String> log = new ArrayList<>();
    try (StmModel plain = fit(PLAIN, plainLog);
        StmModel m = fit(budgeted("1e"), log)) {
      assertEquals(List.of("1/1"), epochLines(log, "epoch"));
      assertEquals(epochLines(plainLog, "loss").get(0), epochLines(log, "loss").get(0));
      assertEquals("1", m.state().provenance().get("epochs_trained"));
      assertFalse(m.state().provenance().containsKey("budget_epochs"));
      assertEquals("8", plain.state().provenance().get("epochs_trained"));
    }
  }

  /** Seconds enough for every epoch plan the setting's schedule: the very same model. */
  @Test
  void aBudgetWithRoomForEveryEpochChangesNothing() {
    List<String> log = new ArrayList<>();
    try (StmModel plain = fit(PLAIN, new ArrayList<>());
        StmModel m = fit(budgeted("1000000s"), log)) {
      assertSameScores(plain, m);
      assertEquals("8", m.state().provenance().get("budget_epochs"));
      assertEquals("8", m.state().provenance().get("epochs_trained"));
      assertTrue(
          log.stream()
              .anyMatch(
                  l ->
                      l.startsWith(
                              "stm: budget 1000000s: the learning-rate schedule now ends after"
                                  + " epoch 8 (was 8), at ")
                          && l.endsWith("budget=8e fits the same schedule on any machine")),
          String.join("\n", log));
    }
  }

  /** A budget in seconds that the first epoch already used up stops the fit after it. */
  @Test
  void aBudgetInSecondsStopsBeforeAnEpochThatWouldPassIt() {
    List<String> log = new ArrayList<>();
    try (StmModel m = fit(budgeted("0.001s"), log)) {
      assertEquals(List.of("1/8"), epochLines(log, "epoch"));
      assertTrue(
          log.stream().anyMatch(l -> l.startsWith("stm: stopped after epoch 1 of 8: at ")),
          String.join("\n", log));
      Map<String, String> p = m.state().provenance();
      assertEquals("1", p.get("budget_stopped_after"), p.toString());
      assertEquals("1", p.get("epochs_trained"), p.toString());
    }
  }

  /** A checkpoint carries the plan: a fit resumed after it ends as a straight one. */
  @Test
  void aResumedFitKeepsThePlan(@TempDir Path dir) {
    StmConfig c = budgeted("5e");
    Optional<Path> ck = Optional.of(dir.resolve("ck"));
    List<String> resumedLog = new ArrayList<>();
    try (StmModel straight = fit(c, new ArrayList<>())) {
      fit(c, new TrainOptions(line -> {}, false, ck, 3)).close();
      try (StmModel resumed = fit(c, new TrainOptions(resumedLog::add, false, ck, 0))) {
        assertSameScores(straight, resumed);
        assertEquals(List.of("4/5", "5/5"), epochLines(resumedLog, "epoch"));
        assertEquals("5", resumed.state().provenance().get("budget_epochs"));
      }
    }
  }

  /**
   * A checkpoint written before the budget existed ({@code strec-stm-checkpoint-1}: no planned
   * epochs after the state) still resumes, to the same model as a straight fit.
   */
  @Test
  void aCheckpointOfTheFormerFormatResumes(@TempDir Path dir) throws java.io.IOException {
    Optional<Path> ck = Optional.of(dir.resolve("ck"));
    try (StmModel straight = fit(PLAIN, new ArrayList<>())) {
      fit(PLAIN, new TrainOptions(line -> {}, false, ck, 3)).close();
      Path file = dir.resolve("ck/checkpoint.bin");
      byte[] now = java.nio.file.Files.readAllBytes(file);
      java.io.DataInputStream in =
          new java.io.DataInputStream(new java.io.ByteArrayInputStream(now));
      assertEquals("strec-stm-checkpoint-2", in.readUTF());
      String fingerprint = in.readUTF();
      int epochs = in.readInt();
      int best = in.readInt();
      double mrr = in.readDouble();
      int bad = in.readInt();
      assertEquals(0, in.readInt(), "no plan without a budget");
      java.io.ByteArrayOutputStream former = new java.io.ByteArrayOutputStream();
      java.io.DataOutputStream out = new java.io.DataOutputStream(former);
      out.writeUTF("strec-stm-checkpoint-1");
      out.writeUTF(fingerprint);
      out.writeInt(epochs);
      out.writeInt(best);
      out.writeDouble(mrr);
      out.writeInt(bad);
      out.write(in.readAllBytes());
      out.flush();
      java.nio.file.Files.write(file, former.toByteArray());
      List<String> log = new ArrayList<>();
      try (StmModel resumed = fit(PLAIN, new TrainOptions(log::add, false, ck, 0))) {
        assertSameScores(straight, resumed);
        assertTrue(
            log.stream().anyMatch(l -> l.startsWith("stm: resumed after epoch 3")),
            String.join("\n", log));
      }
    }
  }

  /** A refit would train past the budget: a fit with one is not refitted, and says so. */
  @Test
  void aFitWithABudgetIsNotRefitted() {
    StmConfig c = budgeted("3e").toBuilder().optPatience(5).optRefit(true).build();
    List<String> log = new ArrayList<>();
    try (StmModel m = fit(c, log)) {
      assertFalse(m.state().provenance().containsKey("refit_epochs"));
      assertTrue(log.contains("stm: no refit: the fit has a budget (3e)"), String.join("\n", log));
    }
  }

  @Test
  void tuningRefusesAFitBudget() {
    StmTrainer t =
        new StmTrainer(
            "stm",
            budgeted("3e").toBuilder().optPatience(2).build(),
            ItemVectors.fixed(Fixtures.vectors(DATA.numItems(), 5, 1), "test-vectors"),
            TrainOptions.quiet());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TuningTrainer(t, TuningTrainer.Budget.parse("4e")).fit(DATA, 1));
    assertTrue(e.getMessage().contains("budget=3e"), e.getMessage());
    assertTrue(e instanceof io.strec.util.BadInput, "the user's settings, not the program: " + e);
    // Refused with the settings, where the command line checks them before any fit.
    IllegalArgumentException settings =
        assertThrows(
            IllegalArgumentException.class,
            () -> new StmFactory.Tuned().checkSettings("tune=4e,budget=3e"));
    assertTrue(
        settings.getMessage().contains("tune=4e") && settings.getMessage().contains("budget=3e"),
        settings.getMessage());
    new StmFactory().checkSettings("budget=3e");
    new StmFactory.Tuned().checkSettings("tune=4e");
    // The tuning budget is stm-auto's alone, and stm-auto refuses one it cannot read.
    IllegalArgumentException plain =
        assertThrows(
            IllegalArgumentException.class, () -> new StmFactory().checkSettings("tune=4e"));
    assertTrue(plain.getMessage().contains("setting of stm-auto"), plain.getMessage());
    IllegalArgumentException unread =
        assertThrows(
            IllegalArgumentException.class,
            () -> new StmFactory.Tuned().checkSettings("tune=soon"));
    assertTrue(unread.getMessage().contains("'soon'"), unread.getMessage());
  }
}
