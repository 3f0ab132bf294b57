package io.strec.stm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.strec.stm.nn.Params;
import org.junit.jupiter.api.Test;

/**
 * Which epoch early stopping keeps: the first with the best inner-validation MRR; every epoch after
 * it without a rise counts towards the patience.
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
      st = st.after(e + 1, CURVE[e], params);
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
      TrainingState st = TrainingState.fresh().after(1, 0.0, params);
      assertEquals(1, st.bestEpoch());
      assertEquals(0, st.badEpochs());
    }
  }
}
