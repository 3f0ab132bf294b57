package io.strec.stm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.Dataset;
import io.strec.eval.EvalCase;
import io.strec.eval.EvalSplit;
import io.strec.eval.protocol.InnerValidation;
import io.strec.stm.testing.Fixtures;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The inner validation holds out the last event of a seeded sample of users when every user's would
 * be too many: more item scores an epoch than the budget allows, or more than a twentieth of the
 * training events. The other users' last events stay in the fit; a small user base is left whole.
 */
class ValidationCapTest {
  private static final StmTrainer TRAINER =
      new StmTrainer(
          "stm",
          Fixtures.tiny(1).toBuilder().optPatience(2).build(),
          ItemVectors.none(),
          TrainOptions.quiet());

  @Test
  void theSizeIsTheSmallerOfTheScoreBudgetAndTheShareWithTheirFloors() {
    // NYC: 5,058 items, ~100k events: 1/20 of the events, far below the score budget.
    assertEquals(5_000, StmTrainer.validationSize(5_058, 100_000));
    // Amazon Scientific: ~42.5k events of users with ~5 each: 2,125 of its 8,442 users.
    assertEquals(2_125, StmTrainer.validationSize(5_327, 42_500));
    // A small log: the share would leave 150 cases; the floor keeps 1,000.
    assertEquals(1_000, StmTrainer.validationSize(40, 3_000));
    // A huge catalogue: 5e8 / 2e6 = 250 cases, whatever the share.
    assertEquals(250, StmTrainer.validationSize(2_000_000, 50_000_000));
    // Never fewer than the floor of the score budget.
    assertEquals(
        StmTrainer.MIN_VALIDATION_CASES, StmTrainer.validationSize(Integer.MAX_VALUE, 50_000_000));
  }

  @Test
  void aLargeUserBaseValidatesOnASeededSampleAndTrainsOnTheOthersLastEvents() {
    Dataset train = Fixtures.cycles(3_000, 40, 5); // 15,000 events: 1,000 cases (the floor)
    int[] a = TRAINER.validationUsers(train, 7);
    assertEquals(1_000, a.length);
    assertEquals(1_000, Arrays.stream(a).distinct().count(), "drawn without replacement");
    assertArrayEquals(Arrays.stream(a).sorted().toArray(), a, "in increasing order");
    assertArrayEquals(a, TRAINER.validationUsers(train, 7), "same seed, same users");
    assertFalse(Arrays.equals(a, TRAINER.validationUsers(train, 8)), "another seed, others");

    EvalSplit inner = TRAINER.innerValidation(train, 7).orElseThrow();
    assertEquals(1_000, inner.cases().size());
    Set<Integer> held = Arrays.stream(a).boxed().collect(Collectors.toSet());
    assertEquals(held, inner.cases().stream().map(EvalCase::user).collect(Collectors.toSet()));
    Dataset fit = inner.train();
    assertEquals(train.numEvents() - 1_000, fit.numEvents(), "only the sampled users' events");
    for (int u = 0; u < train.numUsers(); u++) {
      int expected = held.contains(u) ? 4 : 5;
      assertEquals(expected, fit.eventsOf(u).length, "user " + u);
    }
  }

  @Test
  void aSmallUserBaseKeepsEveryCase() {
    Dataset train = Fixtures.cycles(600, 40, 5);
    EvalSplit inner = TRAINER.innerValidation(train, 1).orElseThrow();
    EvalSplit whole = InnerValidation.of(train, false);
    assertEquals(whole.cases().size(), inner.cases().size());
    assertEquals(whole.train().numEvents(), inner.train().numEvents());
    Set<String> ids = new HashSet<>();
    inner.cases().forEach(c -> ids.add(c.id()));
    assertTrue(whole.cases().stream().allMatch(c -> ids.contains(c.id())));
  }
}
