package io.strec.stm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.strec.stm.nn.Params;
import org.junit.jupiter.api.Test;

/**
 * Which epoch early stopping keeps: the first with the best inner-validation MRR; every epoch after
 * it without a rise (of more than the least relative rise, when there is one) counts towards the
 * patience.
 */
class TrainingStateTest {
  /** The NYC seed-1 curve of 2026-12-05 (epochs 1-12), inner-validation MRR. */
  private static final double[] CURVE = {
    0.4066, 0.4329, 0.4459, 0.4525, 0.4456, 0.4600, 0.4565, 0.4603, 0.4609, 0.4609, 0.4603, 0.4592
  };

  private static TrainingState run(Params params) {
    TrainingState st = TrainingState.fresh();
    for (int e = 0; e < CURVE.length; e++) {
      params.load(java.util.Map.of("w", new float[] {e + 1f}));
      st = st.after(e + 1, CURVE[e], 0, params);
    }
    return st;
  }

  @Test
  void theFirstBestEpochIsKeptAndLaterOnesCountTowardsThePatience() {
    try (NDManager m = NDManager.newBaseManager()) {
      Params params = new Params(m, DataType.FLOAT32);
      params.add("w", new double[] {0});
      TrainingState st = run(params);
      assertEquals(9, st.bestEpoch(), "0.4609 at epoch 9; the equal epoch 10 is not a rise");
      assertEquals(0.4609, st.bestMrr(), 0.0);
      assertEquals(3, st.badEpochs());
      st.restoreBest(params);
      assertArrayEquals(new float[] {9f}, params.values().get("w"), 0f);
    }
  }

  @Test
  void theFirstEpochIsAlwaysTheBestSoFar() {
    try (NDManager m = NDManager.newBaseManager()) {
      Params params = new Params(m, DataType.FLOAT32);
      params.add("w", new double[] {0});
      TrainingState st = TrainingState.fresh().after(1, 0.0, 0.001, params);
      assertEquals(1, st.bestEpoch());
      assertEquals(0, st.badEpochs());
    }
  }

  /** The NYC seed-3 curve of 2026-12-07 (epochs 1-15), inner-validation MRR. */
  private static final double[] SEED3 = {
    0.4256, 0.4546, 0.4624, 0.4681, 0.4632, 0.4661, 0.4715, 0.4731, 0.4719, 0.4733, 0.4705, 0.4703,
    0.4694, 0.4699, 0.4706
  };

  /**
   * With a least rise of a thousandth, epoch 10's 0.4733 is no new best over epoch 8's 0.4731 (it
   * would need more than 0.47357): the fit keeps epoch 8 and its patience of 5 runs out after epoch
   * 13; without it epoch 10 is the best and the patience runs out after epoch 15. Epoch 7's rise
   * over epoch 4 (0.4681 to 0.4715, 0.7 %) counts either way.
   */
  @Test
  void aRiseBelowTheLeastRelativeGainIsNoNewBest() {
    try (NDManager m = NDManager.newBaseManager()) {
      Params params = new Params(m, DataType.FLOAT32);
      params.add("w", new double[] {0});
      TrainingState with = TrainingState.fresh();
      TrainingState without = TrainingState.fresh();
      int stopWith = 0;
      int stopWithout = 0;
      for (int e = 0; e < SEED3.length; e++) {
        params.load(java.util.Map.of("w", new float[] {e + 1f}));
        with = with.after(e + 1, SEED3[e], 0.001, params);
        without = without.after(e + 1, SEED3[e], 0, params);
        if (stopWith == 0 && with.badEpochs() >= 5) {
          stopWith = e + 1;
        }
        if (stopWithout == 0 && without.badEpochs() >= 5) {
          stopWithout = e + 1;
        }
      }
      assertEquals(8, with.bestEpoch());
      assertEquals(0.4731, with.bestMrr(), 0.0);
      assertEquals(13, stopWith);
      assertEquals(10, without.bestEpoch());
      assertEquals(15, stopWithout);
      with.restoreBest(params);
      assertArrayEquals(new float[] {8f}, params.values().get("w"), 0f);
      // The rise is relative: 0.4731 * 1.001 = 0.47357, so 0.4736 is a new best and 0.4735 is not.
      assertEquals(8, with.after(16, 0.4735, 0.001, params).bestEpoch());
      assertEquals(16, with.after(16, 0.4736, 0.001, params).bestEpoch());
    }
  }
}
