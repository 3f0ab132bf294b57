package io.strec.stm.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The learning-rate schedule of {@link AdamW#rate}: a linear warm-up to the peak, then a cosine to
 * a tenth of it at the last step. Reference values from {@code
 * src/test/resources/reference/lr_schedule_reference.py}, which writes the schedule out on its own.
 */
class LearningRateScheduleTest {
  private static final double TOL = 1e-15;

  /** The reference script's optimizer: peak 0.004, 10 warm-up steps, 200 steps in all. */
  private static AdamW schedule(NDManager m) {
    Params params = new Params(m, DataType.FLOAT32);
    params.add("w", new double[] {0.5, -0.25});
    return new AdamW(params, m, 0.004, 0.0, 10, 200, Set.of("w"));
  }

  private static void assertRates(AdamW opt, long[] steps, double[] want) {
    assertEquals(steps.length, want.length);
    for (int k = 0; k < steps.length; k++) {
      assertEquals(want[k], opt.rate(steps[k]), TOL, "step " + steps[k]);
    }
  }

  @Test
  void theScheduleWarmsUpThenFallsByACosineToATenth() {
    try (NDManager m = NDManager.newBaseManager()) {
      AdamW opt = schedule(m);
      long[] steps = {0, 4, 9, 10, 49, 70, 90, 105, 150, 199, 200, 250};
      double[] want = {
        0.0004,
        0.002,
        0.004,
        0.004,
        0.0036385383944108644,
        0.003184506684620369,
        0.0026418738768534387,
        0.0022,
        0.0009808931710736663,
        0.00040024605101355584,
        0.0004,
        0.0004
      };
      assertRates(opt, steps, want);
      for (long s = 10; s < 300; s++) {
        assertTrue(opt.rate(s + 1) <= opt.rate(s), "falling after the warm-up, step " + s);
      }
    }
  }

  /**
   * A schedule planned again for fewer steps ({@link AdamW#scheduleOver}, as a fit budget does)
   * keeps the warm-up and reaches the floor at the new last step; the reference script's second
   * list.
   */
  @Test
  void aScheduleFittedToFewerStepsReachesItsFloorAtTheNewEnd() {
    try (NDManager m = NDManager.newBaseManager()) {
      AdamW opt = schedule(m);
      assertEquals(0.0026418738768534387, opt.rate(90), TOL, "over 200 steps");
      opt.scheduleOver(120);
      assertEquals(120, opt.totalSteps());
      long[] steps = {4, 60, 61, 90, 119, 120, 150};
      double[] want = {
        0.002,
        0.0024561667088919136,
        0.002405184537802973,
        0.001021250678898487,
        0.0004007340529092594,
        0.0004,
        0.0004
      };
      assertRates(opt, steps, want);
      assertThrows(IllegalArgumentException.class, () -> opt.scheduleOver(0));
    }
  }
}
