package io.strec.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.OptionalInt;

/**
 * Times in requests: epoch seconds (an integer, or a string of digits), or ISO-8601 with an offset
 * ({@code 2012-11-01T18:30:00-04:00}, {@code 2012-11-01T22:30:00Z}); the offset of an ISO time is
 * also the query's local-time offset unless {@code tz} is given.
 */
final class Times {
  private Times() {}

  static long parse(String field, Object value) {
    if (value instanceof JsonNode n) {
      if (n.isIntegralNumber() && n.canConvertToLong()) {
        return n.longValue();
      }
      throw ApiError.invalid(
          field, field + " must be epoch seconds or an ISO-8601 time, got " + Body.describe(n));
    }
    String s = value.toString().trim();
    if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
      if (s.length() > 12) {
        throw ApiError.invalid(field, field + " is out of range: " + s);
      }
      return Long.parseLong(s);
    }
    try {
      return OffsetDateTime.parse(s).toEpochSecond();
    } catch (DateTimeParseException e) {
      throw ApiError.invalid(
          field,
          field
              + " must be epoch seconds or an ISO-8601 time with offset (e.g."
              + " 2012-11-01T18:30:00-04:00), got '"
              + (s.length() > 40 ? s.substring(0, 40) + "..." : s)
              + "'");
    }
  }

  static OptionalInt offsetMinutes(String s) {
    try {
      return OptionalInt.of(OffsetDateTime.parse(s.trim()).getOffset().getTotalSeconds() / 60);
    } catch (DateTimeParseException e) {
      return OptionalInt.empty();
    }
  }

  static String iso(long epochSecond, int tzOffsetMinutes) {
    return java.time.Instant.ofEpochSecond(epochSecond)
        .atOffset(java.time.ZoneOffset.ofTotalSeconds(tzOffsetMinutes * 60))
        .toString();
  }
}
