package io.strec.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.Provenance;
import io.strec.data.RawEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LocalTimeTest {

  @Test
  void epochZeroInNewYorkAndIndia() {
    // 1970-01-01T00:00Z was a Thursday. At -300 (UTC-5) it is Wednesday 1969-12-31 19:00.
    assertEquals(19, LocalTimeFeatures.hourOfDay(0, -300));
    assertEquals(19 * 60, LocalTimeFeatures.minuteOfDay(0, -300));
    assertEquals(3, LocalTimeFeatures.dayOfWeek(0, -300));
    assertEquals(2 * 24 + 19, LocalTimeFeatures.hourOfWeek(0, -300));
    assertFalse(LocalTimeFeatures.isWeekend(0, -300));
    // At +330 (UTC+5:30) it is Thursday 05:30.
    assertEquals(5, LocalTimeFeatures.hourOfDay(0, 330));
    assertEquals(330, LocalTimeFeatures.minuteOfDay(0, 330));
    assertEquals(4, LocalTimeFeatures.dayOfWeek(0, 330));
    assertEquals(3 * 24 + 5, LocalTimeFeatures.hourOfWeek(0, 330));
  }

  @Test
  void negativeEpochsFloor() {
    // One second before the epoch: Wednesday 23:59:59 UTC.
    assertEquals(23, LocalTimeFeatures.hourOfDay(-1, 0));
    assertEquals(1439, LocalTimeFeatures.minuteOfDay(-1, 0));
    assertEquals(3, LocalTimeFeatures.dayOfWeek(-1, 0));
    assertEquals(2 * 24 + 23, LocalTimeFeatures.hourOfWeek(-1, 0));
    // 1969-12-28 was a Sunday: -4 days = -345600 s; at 12:00 UTC that is -302400.
    assertEquals(7, LocalTimeFeatures.dayOfWeek(-302_400, 0));
    assertEquals(167, LocalTimeFeatures.hourOfWeek(-302_400 + 11 * 3600, 0));
  }

  @Test
  void knownSaturdayAndWeekBoundaries() {
    // 2012-04-07T00:00Z = 15437 days * 86400 = 1333756800, a Saturday.
    long saturdayMidnightUtc = 1_333_756_800L;
    assertEquals(6, LocalTimeFeatures.dayOfWeek(saturdayMidnightUtc, 0));
    assertTrue(LocalTimeFeatures.isWeekend(saturdayMidnightUtc, 0));
    // At UTC-5 that instant is still Friday 19:00.
    assertEquals(5, LocalTimeFeatures.dayOfWeek(saturdayMidnightUtc, -300));
    assertFalse(LocalTimeFeatures.isWeekend(saturdayMidnightUtc, -300));
    assertEquals(4 * 24 + 19, LocalTimeFeatures.hourOfWeek(saturdayMidnightUtc, -300));
    // 2012-04-09T00:00Z is Monday 00:00, hour of week 0; one second earlier is Sunday 23:59:59.
    long mondayMidnight = saturdayMidnightUtc + 2 * 86_400;
    assertEquals(0, LocalTimeFeatures.hourOfWeek(mondayMidnight, 0));
    assertEquals(1, LocalTimeFeatures.dayOfWeek(mondayMidnight, 0));
    assertFalse(LocalTimeFeatures.isWeekend(mondayMidnight, 0));
    assertEquals(167, LocalTimeFeatures.hourOfWeek(mondayMidnight - 1, 0));
    assertTrue(LocalTimeFeatures.isWeekend(mondayMidnight - 1, 0));
    // And at +330 Monday begins 5:30 earlier in UTC terms.
    assertEquals(0, LocalTimeFeatures.hourOfWeek(mondayMidnight - 330 * 60, 330));
    assertEquals(167, LocalTimeFeatures.hourOfWeek(mondayMidnight - 330 * 60 - 1, 330));
  }

  @Test
  void agreesWithJavaTimeOnRandomInstants() {
    SplittableRandom rng = new SplittableRandom(3);
    for (int i = 0; i < 20_000; i++) {
      long epoch = rng.nextLong(-5_000_000_000L, 5_000_000_000L);
      int offset =
          rng.nextInt(
              -LocalTimeFeatures.MAX_OFFSET_MINUTES, LocalTimeFeatures.MAX_OFFSET_MINUTES + 1);
      OffsetDateTime t =
          Instant.ofEpochSecond(epoch).atOffset(ZoneOffset.ofTotalSeconds(offset * 60));
      String at = epoch + " " + offset;
      assertEquals(t.getHour(), LocalTimeFeatures.hourOfDay(epoch, offset), at);
      assertEquals(
          t.getHour() * 60 + t.getMinute(), LocalTimeFeatures.minuteOfDay(epoch, offset), at);
      assertEquals(t.getDayOfWeek().getValue(), LocalTimeFeatures.dayOfWeek(epoch, offset), at);
      assertEquals(
          (t.getDayOfWeek().getValue() - 1) * 24 + t.getHour(),
          LocalTimeFeatures.hourOfWeek(epoch, offset),
          at);
      assertEquals(
          t.getDayOfWeek().getValue() >= 6, LocalTimeFeatures.isWeekend(epoch, offset), at);
    }
  }

  @Test
  void readsRawEvents() {
    RawEvent e =
        new RawEvent(
            "u",
            "i",
            1_333_756_800L,
            -300,
            Double.NaN,
            Double.NaN,
            "",
            Double.NaN,
            "",
            "",
            new Provenance("t", 1));
    assertEquals(19, LocalTimeFeatures.hourOfDay(e));
    assertEquals(19 * 60, LocalTimeFeatures.minuteOfDay(e));
    assertEquals(5, LocalTimeFeatures.dayOfWeek(e));
    assertEquals(4 * 24 + 19, LocalTimeFeatures.hourOfWeek(e));
    assertFalse(LocalTimeFeatures.isWeekend(e));
  }

  @Test
  void rejectsImpossibleOffsetsAndOverflow() {
    var e =
        assertThrows(IllegalArgumentException.class, () -> LocalTimeFeatures.hourOfDay(0, 1081));
    assertTrue(e.getMessage().contains("1081"), e.getMessage());
    assertThrows(ArithmeticException.class, () -> LocalTimeFeatures.hourOfDay(Long.MAX_VALUE, 60));
  }
}
