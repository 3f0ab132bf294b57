package io.strec.stm.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The ID dropout's masks: a gate of zeros and ones at the rate asked, from the seed alone. */
class DropoutTest {
  private static final int ROWS = 20_000;

  private static float[] kept(NDManager m, double ids, long seed, float[] seen) {
    return Dropout.of(0.3, ids, new SplittableRandom(seed))
        .keepIds(m.create(seen, new Shape(seen.length, 1)))
        .toFloatArray();
  }

  @Test
  void theIntegerComparisonDrawsTheMasksOfTheDoubleComparison() {
    // The masks before the integer form: nextDouble() < rate, drawn from the same stream.
    double[] rates = {0.2, 0.1, 0.5, 0.3, 1e-9, 0.999, 0x1.0p-3, Math.nextUp(0.2)};
    for (double rate : rates) {
      SplittableRandom doubles = new SplittableRandom(7);
      SplittableRandom longs = new SplittableRandom(7);
      long below = Dropout.below(rate);
      for (int i = 0; i < 200_000; i++) {
        float want = doubles.nextDouble() < rate ? 0f : 1f;
        assertEquals(want, Dropout.kept(longs.nextLong(), below), "rate " + rate + ", draw " + i);
      }
    }
    // The edges: the largest draw below the rate is dropped, the rate's own draw kept.
    long edge = Dropout.below(0.2);
    assertEquals(0f, Dropout.kept((edge - 1) << 11, edge));
    assertEquals(1f, Dropout.kept(edge << 11, edge));
    assertTrue((edge - 1) * 0x1.0p-53 < 0.2 && edge * 0x1.0p-53 >= 0.2);
    assertEquals(1f, Dropout.kept(-1L, edge), "the largest draw is kept");
    assertEquals(0f, Dropout.kept(0L, edge), "draw 0 is dropped at any positive rate");
  }

  @Test
  void activationMasksKeepTheirRateAndScale() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] ones = new float[ROWS];
      java.util.Arrays.fill(ones, 1f);
      float[] out =
          Dropout.of(0.2, new SplittableRandom(3))
              .apply(m.create(ones, new Shape(ROWS)))
              .toFloatArray();
      SplittableRandom same = new SplittableRandom(3);
      int zeros = 0;
      for (int i = 0; i < ROWS; i++) {
        float want = same.nextDouble() < 0.2 ? 0f : (float) (1 / 0.8);
        assertEquals(want, out[i], "entry " + i);
        zeros += out[i] == 0f ? 1 : 0;
      }
      // 20,000 draws at 0.2: 4,000 +- 57 (one sigma).
      assertTrue(Math.abs(zeros - 4000) < 300, zeros + " zeros");
    }
  }

  @Test
  void idDropoutZeroesRowsAtItsRateWithoutRescaling() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] seen = new float[ROWS];
      for (int i = 0; i < ROWS; i++) {
        seen[i] = i % 10 == 0 ? 0f : 1f;
      }
      float[] a = kept(m, 0.25, 11, seen);
      int ones = 0;
      for (int i = 0; i < ROWS; i++) {
        assertTrue(a[i] == 0f || a[i] == 1f, "row " + i + " is " + a[i]);
        if (seen[i] == 0f) {
          assertEquals(0f, a[i], "an item never seen stays unseen, row " + i);
        }
        ones += (int) a[i];
      }
      // 18,000 seen rows kept with probability 0.75: mean 13,500, standard deviation 58.
      assertEquals(13_500, ones, 400);
      assertArrayEquals(a, kept(m, 0.25, 11, seen), "same seed, same mask");
      float[] other = kept(m, 0.25, 12, seen);
      assertTrue(!java.util.Arrays.equals(a, other), "another seed, another mask");
    }
  }

  @Test
  void withoutIdDropoutTheGateIsUntouchedAndTheOtherMasksUnchanged() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray seen = m.ones(new Shape(5, 1));
      assertSame(seen, Dropout.of(0.3, 0, new SplittableRandom(1)).keepIds(seen));
      assertSame(seen, Dropout.OFF.keepIds(seen));
      NDArray x = m.ones(new Shape(64, 8));
      assertArrayEquals(
          Dropout.of(0.3, new SplittableRandom(4)).apply(x).toFloatArray(),
          Dropout.of(0.3, 0, new SplittableRandom(4)).apply(x).toFloatArray());
      NDArray y = m.ones(new Shape(3, 2));
      assertSame(y, Dropout.of(0, 0.5, new SplittableRandom(4)).apply(y), "no activation dropout");
    }
  }

  @Test
  void ratesOutsideTheUnitIntervalAreRefused() {
    String m =
        assertThrows(
                IllegalArgumentException.class, () -> Dropout.of(0.1, 1.0, new SplittableRandom(1)))
            .getMessage();
    assertTrue(m.contains("ID dropout") && m.contains("1.0"), m);
  }
}
