package io.strec.stm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.strec.eval.EvalCase;
import io.strec.eval.EvalSplit;
import io.strec.eval.protocol.InnerValidation;
import io.strec.stm.testing.Fixtures;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The inner validation of a huge catalogue is a seeded sample of its cases, of the size the budget
 * of item scores allows; a small one is left whole, and the fit data never depends on the draw.
 */
class ValidationCapTest {
  private static final StmTrainer TRAINER =
      new StmTrainer("stm", Fixtures.tiny(1), ItemVectors.none(), TrainOptions.quiet());

  private static List<String> users(EvalSplit s) {
    return s.cases().stream().map(EvalCase::id).toList();
  }

  @Test
  void aHugeCatalogueValidatesOnASeededSampleOfItsCases() {
    EvalSplit inner = InnerValidation.of(Fixtures.cycles(600, 40, 5), false);
    assertEquals(600, inner.cases().size());
    int numItems = 2_000_000; // budget 5e8 / 2e6 = 250 cases
    EvalSplit a = TRAINER.capped(inner, numItems, 7);
    assertEquals(250, a.cases().size());
    assertEquals(250, new HashSet<>(users(a)).size(), "drawn without replacement");
    assertEquals(users(a), users(TRAINER.capped(inner, numItems, 7)), "same seed, same cases");
    assertNotEquals(users(a), users(TRAINER.capped(inner, numItems, 8)), "another seed, others");
    Set<String> all = new HashSet<>(users(inner));
    assertEquals(true, all.containsAll(users(a)));
    assertSame(inner.train(), a.train(), "the fit data does not depend on the draw");
    // The kept cases stay in the protocol's order.
    List<String> order = users(inner).stream().filter(new HashSet<>(users(a))::contains).toList();
    assertEquals(order, users(a));
  }

  @Test
  void aCatalogueUnderTheBudgetKeepsEveryCaseAndTheFloorHolds() {
    EvalSplit inner = InnerValidation.of(Fixtures.cycles(600, 40, 5), false);
    assertSame(inner, TRAINER.capped(inner, 800_000, 1), "5e8 / 8e5 = 625 >= 600 cases");
    assertEquals(
        StmTrainer.MIN_VALIDATION_CASES,
        TRAINER.capped(inner, Integer.MAX_VALUE, 1).cases().size(),
        "never fewer than the floor");
  }
}
