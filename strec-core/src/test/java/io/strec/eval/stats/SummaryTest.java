package io.strec.eval.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SummaryTest {

  @Test
  void handComputed() {
    // mean 2.5; squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5; 5 / 3 -> std sqrt(5/3)
    Summary s = Summary.of(new double[] {1, 2, 3, 4});
    assertEquals(2.5, s.mean(), 1e-15);
    assertEquals(Math.sqrt(5.0 / 3.0), s.std(), 1e-15);
    assertEquals(4, s.n());
  }

  @Test
  void singleValueHasZeroStd() {
    Summary s = Summary.of(new double[] {0.2435});
    assertEquals(new Summary(0.2435, 0.0, 1), s);
  }

  @Test
  void formatsWithFourDecimalsAndPlusMinus() {
    assertEquals("0.2435 \u00b1 0.0031", new Summary(0.24349, 0.00312, 5).format());
    assertEquals("-1.0000 \u00b1 0.0000", new Summary(-1, 0, 1).format());
  }

  @Test
  void isStableForLargeOffsets() {
    // The one-pass formula would lose every digit here.
    Summary s = Summary.of(new double[] {1e9 + 1, 1e9 + 2, 1e9 + 3});
    assertEquals(1.0, s.std(), 1e-9);
  }

  @Test
  void rejectsEmptyAndNonFinite() {
    assertThrows(IllegalArgumentException.class, () -> Summary.of(new double[0]));
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> Summary.of(new double[] {1, Double.NaN}));
    assertTrue(e.getMessage().contains("value 1 of 2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Summary(0, -1, 2));
    assertThrows(IllegalArgumentException.class, () -> new Summary(0, 0, 0));
  }
}
