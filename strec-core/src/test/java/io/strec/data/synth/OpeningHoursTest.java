package io.strec.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OpeningHoursTest {
  @Test
  void daytimeHoursIncludeOpeningAndExcludeClosingMinute() {
    OpeningHours coffee = new OpeningHours(6, 18);
    assertFalse(coffee.isOpenAt(6 * 60 - 1));
    assertTrue(coffee.isOpenAt(6 * 60));
    assertTrue(coffee.isOpenAt(18 * 60 - 1));
    assertFalse(coffee.isOpenAt(18 * 60));
    assertEquals("06:00-18:00", coffee.toString());
  }

  @Test
  void hoursPastMidnightWrap() {
    OpeningHours bar = new OpeningHours(17, 2);
    assertTrue(bar.isOpenAt(23 * 60));
    assertTrue(bar.isOpenAt(60));
    assertTrue(bar.isOpenAt(25 * 60));
    assertFalse(bar.isOpenAt(2 * 60));
    assertFalse(bar.isOpenAt(12 * 60));
    assertEquals("17:00-02:00", bar.toString());
    OpeningHours always = new OpeningHours(0, 24);
    for (int m = 0; m < 2 * 24 * 60; m += 7) {
      assertTrue(always.isOpenAt(m));
    }
  }

  @Test
  void rejectsImpossibleHours() {
    assertThrows(IllegalArgumentException.class, () -> new OpeningHours(24, 2));
    assertThrows(IllegalArgumentException.class, () -> new OpeningHours(5, 0));
    assertThrows(IllegalArgumentException.class, () -> new OpeningHours(5, 5));
    assertThrows(IllegalArgumentException.class, () -> new OpeningHours(5, 6).isOpenAt(-1));
  }
}
