package io.strec.stm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The fit budget's forms and the arithmetic of its plan. */
class FitBudgetTest {
  @Test
  void readsEpochsSecondsAndMinutesAndWritesWhatItReads() {
    assertEquals(FitBudget.NONE, FitBudget.parse("none"));
    assertEquals(new FitBudget(12, 0), FitBudget.parse("12"));
    assertEquals(new FitBudget(12, 0), FitBudget.parse(" 12E "));
    assertEquals(new FitBudget(0, 150), FitBudget.parse("150s"));
    assertEquals(new FitBudget(0, 150), FitBudget.parse("2.5m"));
    assertEquals(new FitBudget(0, 0.5), FitBudget.parse("0.5s"));
    for (String form : new String[] {"none", "12e", "150s", "0.5s", "1e-3s"}) {
      FitBudget b = FitBudget.parse(form);
      assertEquals(b, FitBudget.parse(b.toString()), form);
    }
    assertEquals("150s", FitBudget.parse("2.5m").toString());
    assertEquals("0.5s", FitBudget.parse("0.5s").toString());
    assertFalse(FitBudget.NONE.limits());
    assertTrue(FitBudget.parse("3e").limits());
    assertFalse(FitBudget.parse("3e").inSeconds());
    assertTrue(FitBudget.parse("3s").inSeconds());
  }

  @Test
  void refusesWhatIsNoBudgetNamingTheText() {
    for (String bad : new String[] {"", "0", "0e", "0s", "-1m", "-3", "fast", "3h", "NaNs"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> FitBudget.parse(bad), bad);
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> new FitBudget(3, 5));
    assertThrows(IllegalArgumentException.class, () -> new FitBudget(0, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new FitBudget(0, Double.POSITIVE_INFINITY));
  }

  /**
   * A budget in seconds plans as many more epochs as fit in what is left at the last epoch's pace;
   * one in epochs its own number; both within [the epochs done, the setting's epochs].
   */
  @Test
  void plansTheEpochsThatFit() {
    FitBudget s = new FitBudget(0, 150);
    // 35 s after two epochs, 12.5 s an epoch: 115 s leave room for 9 more.
    assertEquals(11, s.plan(2, 20, 35, 12.5));
    // Exactly on the budget: the ninth more ends at 150 s and counts.
    assertEquals(11, s.plan(2, 20, 37.5, 12.5));
    assertEquals(10, s.plan(2, 20, 37.6, 12.5));
    // Never more than the setting's epochs, never fewer than those done.
    assertEquals(20, s.plan(2, 20, 10, 1));
    assertEquals(2, s.plan(2, 20, 149, 12.5));
    assertEquals(2, s.plan(2, 20, 200, 12.5));
    assertEquals(7, new FitBudget(7, 0).plan(2, 20, 1e9, 1e9));
    assertEquals(20, new FitBudget(70, 0).plan(2, 20, 0, 1));
    assertEquals(20, FitBudget.NONE.plan(2, 20, 1e9, 1e9));
  }

  @Test
  void onlyABudgetInSecondsStopsBeforeAnEpoch() {
    FitBudget s = new FitBudget(0, 150);
    assertFalse(s.wouldPass(130, 12.5));
    assertFalse(s.wouldPass(137.5, 12.5));
    assertTrue(s.wouldPass(138, 12.5));
    assertFalse(new FitBudget(3, 0).wouldPass(1e9, 1e9));
    assertFalse(FitBudget.NONE.wouldPass(1e9, 1e9));
  }
}
