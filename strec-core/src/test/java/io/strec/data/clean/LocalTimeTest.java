package io.strec.data.clean;

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
    assertEquals(19, LocalTime.hourOfDay(0, -300));
    assertEquals(19 * 60, LocalTime.minuteOfDay(0, -300));
    assertEquals(3, LocalTime.dayOfWeek(0, -300));
    assertEquals(2 * 24 + 19, LocalTime.hourOfWeek(0, -300));
    assertFalse(LocalTime.isWeekend(0, -300));
    // At +330 (UTC+5:30) it is Thursday 05:30.
    assertEquals(5, LocalTime.hourOfDay(0, 330));
    assertEquals(330, LocalTime.minuteOfDay(0, 330));
    assertEquals(4, LocalTime.dayOfWeek(0, 330));
    assertEquals(3 * 24 + 5, LocalTime.hourOfWeek(0, 330));
  }

  @Test
  void negativeEpochsFloor() {
    // One second before the epoch: Wednesday 23:59:59 UTC.
    assertEquals(23, LocalTime.hourOfDay(-1, 0));
    assertEquals(1439, LocalTime.minuteOfDay(-1, 0));
    assertEquals(3, LocalTime.dayOfWeek(-1, 0));
    assertEquals(2 * 24 + 23, LocalTime.hourOfWeek(-1, 0));
    // 1969-12-28 was a Sunday: -4 days = -345600 s; at 12:00 UTC that is -302400.
    assertEquals(7, LocalTime.dayOfWeek(-302_400, 0));
    assertEquals(167, LocalTime.hourOfWeek(-302_400 + 11 * 3600, 0));
  }

  @Test
  void knownSaturdayAndWeekBoundaries() {
    // 2012-04-07T00:00Z = 15437 days * 86400 = 1333756800, a Saturday.
    long saturdayMidnightUtc = 1_333_756_800L;
    assertEquals(6, LocalTime.dayOfWeek(saturdayMidnightUtc, 0));
    assertTrue(LocalTime.isWeekend(saturdayMidnightUtc, 0));
    // At UTC-5 that instant is still Friday 19:00.
    assertEquals(5, LocalTime.dayOfWeek(saturdayMidnightUtc, -300));
    assertFalse(LocalTime.isWeekend(saturdayMidnightUtc, -300));
    assertEquals(4 * 24 + 19, LocalTime.hourOfWeek(saturdayMidnightUtc, -300));
    // 2012-04-09T00:00Z is Monday 00:00, hour of week 0; one second earlier is Sunday 23:59:59.
    long mondayMidnight = saturdayMidnightUtc + 2 * 86_400;
    assertEquals(0, LocalTime.hourOfWeek(mondayMidnight, 0));
    assertEquals(1, LocalTime.dayOfWeek(mondayMidnight, 0));
    assertFalse(LocalTime.isWeekend(mondayMidnight, 0));
    assertEquals(167, LocalTime.hourOfWeek(mondayMidnight - 1, 0));
    assertTrue(LocalTime.isWeekend(mondayMidnight - 1, 0));
    // And at +330 Monday begins 5:30 earlier in UTC terms.
    assertEquals(0, LocalTime.hourOfWeek(mondayMidnight - 330 * 60, 330));
    assertEquals(167, LocalTime.hourOfWeek(mondayMidnight - 330 * 60 - 1, 330));
  }

  @Test
  void agreesWithJavaTimeOnRandomInstants() {
    SplittableRandom rng = new SplittableRandom(3);
    for (int i = 0; i < 20_000; i++) {
      long epoch = rng.nextLong(-5_000_000_000L, 5_000_000_000L);
      int offset = rng.nextInt(-LocalTime.MAX_OFFSET_MINUTES, LocalTime.MAX_OFFSET_MINUTES + 1);
      OffsetDateTime t = Instant.ofEpochSecond(epoch).atOffset(ZoneOffset.ofTotalSeconds(offset * 60));
      String at = epoch + " " + offset;
      assertEquals(t.getHour(), LocalTime.hourOfDay(epoch, offset), at);
      assertEquals(t.getHour() * 60 + t.getMinute(), LocalTime.minuteOfDay(epoch, offset), at);
      assertEquals(t.getDayOfWeek().getValue(), LocalTime.dayOfWeek(epoch, offset), at);
      assertEquals((t.getDayOfWeek().getValue() - 1) * 24 + t.getHour(), LocalTime.hourOfWeek(epoch, offset), at);
      assertEquals(t.getDayOfWeek().getValue() >= 6, LocalTime.isWeekend(epoch, offset), at);
    }
  }

  @Test
  void readsRawEvents() {
    RawEvent e = new RawEvent("u", "i", 1_333_756_800L, -300, Double.NaN, Double.NaN, "", Double.NaN,
        "", "", new Provenance("t", 1));
    assertEquals(19, LocalTime.hourOfDay(e));
    assertEquals(19 * 60, LocalTime.minuteOfDay(e));
    assertEquals(5, LocalTime.dayOfWeek(e));
    assertEquals(4 * 24 + 19, LocalTime.hourOfWeek(e));
    assertFalse(LocalTime.isWeekend(e));
  }

  @Test
  void rejectsImpossibleOffsetsAndOverflow() {
    var e = assertThrows(IllegalArgumentException.class, () -> LocalTime.hourOfDay(0, 1081));
    assertTrue(e.getMessage().contains("1081"), e.getMessage());
    assertThrows(ArithmeticException.class, () -> LocalTime.hourOfDay(Long.MAX_VALUE, 60));
  }
}
