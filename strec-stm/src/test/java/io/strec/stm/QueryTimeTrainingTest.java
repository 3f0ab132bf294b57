package io.strec.stm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.Dataset;
import io.strec.eval.QueryTime;
import io.strec.model.Query;
import io.strec.model.TrainingCurve;
import io.strec.stm.data.HourHabit;
import io.strec.stm.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Under {@code queryTime=last} the inner validation never sees when its targets happened: two data
 * sets that differ only in the time of each user's last event (the held-out target) validate
 * identically; under {@code target} the same change moves the validation MRR, so the test would
 * notice a leak.
 */
class QueryTimeTrainingTest {
  private static final Dataset DATA = Fixtures.cycles(12, 8, 10);

  /** Eleven hours and a half later, in another offset. */
  private static final Dataset MOVED = movedLastEvents(DATA, 41_400, 180);

  /** A tiny model fitted on {@code d} with seed 3, its queries at the moment {@code q} names. */
  private static StmModel fitted(Dataset d, QueryTime q) {
    return fitted(d, Fixtures.tiny(3).toBuilder().optPatience(3).optQueryTime(q).build());
  }

  /** A model of config {@code c} fitted on {@code d} with seed 3. */
  private static StmModel fitted(Dataset d, StmConfig c) {
    return new StmTrainer(
            "stm",
            c,
            ItemVectors.fixed(Fixtures.vectors(d.numItems(), 5, 1), "test-vectors"),
            TrainOptions.quiet())
        .fit(d, 3);
  }

  private static Map<String, String> fit(Dataset d, QueryTime q) {
    try (StmModel m = fitted(d, q)) {
      return m.trainingSummary();
    }
  }

  @Test
  void underLastTheTargetsTimeDoesNotReachTheValidation() {
    Map<String, String> a = fit(DATA, QueryTime.LAST);
    Map<String, String> b = fit(MOVED, QueryTime.LAST);
    for (String key :
        List.of(
            "inner_valid_mrr",
            TrainingCurve.VALID_MRR_KEY,
            "best_epoch",
            "train_loss",
            TrainingCurve.LOSS_KEY)) {
      assertEquals(a.get(key), b.get(key), key + " in " + a + " vs " + b);
    }
  }

  @Test
  void underTargetTheSameChangeIsSeen() {
    assertNotEquals(
        fit(DATA, QueryTime.TARGET).get("inner_valid_mrr"),
        fit(MOVED, QueryTime.TARGET).get("inner_valid_mrr"));
  }

  /** {@code d} with each user's last event {@code seconds} later, at offset {@code tzMinutes}. */
  private static Dataset movedLastEvents(Dataset d, long seconds, int tzMinutes) {
    Dataset.Builder b = Dataset.builder(d.name(), d.users(), d.items()).items(d.itemInfos());
    for (int u = 0; u < d.numUsers(); u++) {
      int[] evs = d.eventsOf(u);
      for (int k = 0; k < evs.length; k++) {
        int e = evs[k];
        boolean last = k == evs.length - 1;
        b.add(
            u,
            d.item(e),
            last ? d.time(e) + seconds : d.time(e),
            last ? tzMinutes : d.tzOffsetMinutes(e),
            d.latitude(e),
            d.longitude(e),
            d.weight(e));
      }
    }
    return b.build();
  }

  private static Map<String, String> provenance(Dataset d, QueryTime q) {
    try (StmModel m = fitted(d, q)) {
      return Map.copyOf(m.state().provenance());
    }
  }

  /**
   * Under {@code last} the habit term weighs a visit's hour by the gaps after which the next event
   * comes, counted on the events the fit trains on: every gap of the cycles is one hour (class 1),
   * whichever events are held out, so moving the held-out targets changes neither the gaps nor the
   * weight chosen with them. Under {@code target} the term weighs the distance from the query's own
   * hour and keeps no gaps.
   */
  @Test
  void underLastTheHabitTermWeighsTheGapsOfTheTrainedEventsOnly() {
    Map<String, String> a = provenance(DATA, QueryTime.LAST);
    Map<String, String> b = provenance(MOVED, QueryTime.LAST);
    String oneHour = "0.000000,1.000000" + ",0.000000".repeat(22);
    assertEquals(oneHour, a.get("habit_gaps"), a.toString());
    assertEquals(oneHour, b.get("habit_gaps"), b.toString());
    assertEquals(a.get("habit_weight"), b.get("habit_weight"));
    Map<String, String> t = provenance(DATA, QueryTime.TARGET);
    assertFalse(t.containsKey("habit_gaps"), t.toString());
    assertTrue(t.containsKey("habit_weight"), t.toString());
  }

  /** The refit keeps the first fit's habit choice: its weight and its gaps. */
  @Test
  void theRefitKeepsTheHabitWeightAndGaps() {
    StmConfig c =
        Fixtures.tiny(3).toBuilder()
            .optPatience(3)
            .optQueryTime(QueryTime.LAST)
            .optRefit(true)
            .build();
    try (StmModel m = fitted(DATA, c)) {
      Map<String, String> p = m.state().provenance();
      assertTrue(p.containsKey("refit_epochs"), p.toString());
      assertEquals("0.000000,1.000000" + ",0.000000".repeat(22), p.get("habit_gaps"), p.toString());
      assertEquals(provenance(DATA, QueryTime.LAST).get("habit_weight"), p.get("habit_weight"));
      assertEquals(Float.toString(m.habitWeight()), p.get("habit_weight"));
      assertFalse(m.habitKernel().isPoint());
    }
  }

  /** A model's habit shares are those of its kernel, and a weight change keeps the kernel. */
  @Test
  void theModelsHabitSharesFollowItsKernel() {
    try (StmModel m = fitted(DATA, QueryTime.LAST)) {
      assertFalse(m.habitKernel().isPoint());
      StmModel heavier = m.withHabitWeight(2f);
      assertEquals(m.habitKernel().format(), heavier.habitKernel().format());
      int[] evs = DATA.eventsOf(0);
      io.strec.model.History h = io.strec.model.History.of(DATA, evs, evs.length);
      Query q =
          new Query(0, h, DATA.time(evs[evs.length - 1]) + 1800, -300, Double.NaN, Double.NaN);
      HourHabit.Shares got = heavier.habit(q);
      HourHabit.Shares gaps =
          HourHabit.of(h, q.epochSecond(), q.tzOffsetMinutes(), m.numItems(), m.habitKernel());
      HourHabit.Shares point = HourHabit.of(h, q.epochSecond(), q.tzOffsetMinutes(), m.numItems());
      org.junit.jupiter.api.Assertions.assertArrayEquals(gaps.shares(), got.shares());
      assertFalse(java.util.Arrays.equals(point.shares(), got.shares()), "the kernel matters");
      assertTrue(m.withHabit(1f, HourHabit.Kernel.POINT, false).habitKernel().isPoint());
    }
  }
}
