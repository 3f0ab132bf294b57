package io.strec.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CityConfigTest {
  @Test
  void defaultsAreTheQuickstartCity() {
    CityConfig c = CityConfig.defaults(9);
    assertEquals(9, c.seed());
    assertEquals(300, c.users());
    assertEquals(400, c.pois());
    assertEquals(56, c.days());
    assertEquals(LocalDate.of(2026, 3, 2), c.startDate());
    assertEquals(-300, c.tzOffsetMinutes());
    assertEquals(120, c.withUsers(120).users());
    assertEquals(50, c.withPois(50).pois());
    assertEquals(7, c.withDays(7).days());
  }

  @Test
  void rejectsBadValuesNamingThem() {
    CityConfig d = CityConfig.defaults(1);
    assertMessage("users must be at least 1: 0", () -> d.withUsers(0));
    assertMessage("pois must be at least 28 (one per category): 5", () -> d.withPois(5));
    assertMessage("days outside [1, 3660]: 0", () -> d.withDays(0));
    assertMessage(
        "habit + novelty must not exceed 1: 0.9 + 0.2",
        () -> new CityConfig(1, 10, 40, 7, d.startDate(), 0, 0, 0, 0.5, 0.9, 0.2, 1, 5));
    assertMessage(
        "checkinRate outside [0, 1]: NaN",
        () -> new CityConfig(1, 10, 40, 7, d.startDate(), 0, 0, 0, Double.NaN, 0.5, 0.2, 1, 5));
    assertMessage(
        "distanceScaleKm must be positive and finite: 0.0",
        () -> new CityConfig(1, 10, 40, 7, d.startDate(), 0, 0, 0, 0.5, 0.5, 0.2, 0, 5));
    assertMessage(
        "centerLatitude outside [-80, 80]: 89.0",
        () -> new CityConfig(1, 10, 40, 7, d.startDate(), 0, 89, 0, 0.5, 0.5, 0.2, 1, 5));
    assertMessage(
        "tzOffsetMinutes outside [-1080, 1080]: 2000",
        () -> new CityConfig(1, 10, 40, 7, d.startDate(), 2000, 0, 0, 0.5, 0.5, 0.2, 1, 5));
  }

  @Test
  void smallCitiesElsewhereWork() {
    City c =
        SyntheticCity.generate(
            new CityConfig(
                3,
                5,
                Category.values().length,
                3,
                LocalDate.of(2025, 12, 29),
                60,
                52.52,
                13.40,
                0.9,
                0.5,
                0.3,
                1.5,
                0));
    assertEquals(Category.values().length, c.pois().size());
    assertFalse(c.events().isEmpty());
    assertTrue(c.events().stream().allMatch(e -> e.tzOffsetMinutes() == 60));
    assertTrue(c.pois().stream().allMatch(p -> Math.abs(p.latitude() - 52.52) < 0.1));
  }

  private static void assertMessage(String expected, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertEquals(expected, e.getMessage());
  }
}
