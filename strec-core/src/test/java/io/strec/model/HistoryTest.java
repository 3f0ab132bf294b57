package io.strec.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HistoryTest {
  private static final History H =
      new History(
          new int[] {4, 7, 9},
          new long[] {10, 20, 30},
          new int[] {-300, -240, 60},
          new double[] {40.1, 40.2, Double.NaN},
          new double[] {-73.1, -73.2, Double.NaN});

  @Test
  void firstAndLastKeepEveryFieldOfTheirEvents() {
    History f = H.first(2);
    assertEquals(2, f.size());
    assertEquals(7, f.item(1));
    assertEquals(20, f.time(1));
    assertEquals(-240, f.tzOffsetMinutes(1));
    assertEquals(40.2, f.latitude(1));
    assertEquals(-73.2, f.longitude(1));
    History l = H.last(2);
    assertEquals(7, l.item(0));
    assertEquals(60, l.tzOffsetMinutes(1));
    assertEquals(0, H.first(0).size());
    assertSame(H, H.first(5));
    assertThrows(IllegalArgumentException.class, () -> H.first(-1));
  }
}
