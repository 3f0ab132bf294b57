package io.strec.data.io;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * How a timestamp column is written. Parsing yields UTC epoch seconds; a time without an offset is
 * taken as UTC.
 */
public final class TimeFormat {
  /** Integer or decimal seconds since the epoch. */
  public static final TimeFormat UNIX_SECONDS = new TimeFormat("unix", null);

  /** Integer milliseconds since the epoch. */
  public static final TimeFormat UNIX_MILLIS = new TimeFormat("unix-ms", null);

  /**
   * ISO-8601 date-time, with {@code T} or a space between date and time, with {@code Z}, an offset
   * such as {@code +00:00}, or none (UTC): {@code 2012-04-07T17:42:00Z}, {@code 2012-11-09
   * 21:54:47+00:00}.
   */
  public static final TimeFormat ISO = new TimeFormat("iso", null);

  /** The TSMC2014 Foursquare form, {@code Tue Apr 03 18:00:09 +0000 2012}. */
  public static final TimeFormat TSMC =
      new TimeFormat(
          "tsmc", DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy", Locale.ROOT));

  private static final DateTimeFormatter ISO_FLEX =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .optionalStart()
          .appendOffset("+HH:MM:ss", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .toFormatter(Locale.ROOT);

  private final String name;
  private final DateTimeFormatter pattern;

  private TimeFormat(String name, DateTimeFormatter pattern) {
    this.name = name;
    this.pattern = pattern;
  }

  /** A {@link DateTimeFormatter} pattern; times without an offset are UTC. */
  public static TimeFormat pattern(String pattern) {
    return new TimeFormat("pattern:" + pattern, DateTimeFormatter.ofPattern(pattern, Locale.ROOT));
  }

  /** Parses {@code unix}, {@code unix-ms}, {@code iso}, {@code tsmc} or {@code pattern:...}. */
  public static TimeFormat of(String spec) {
    return switch (spec) {
      case "unix" -> UNIX_SECONDS;
      case "unix-ms" -> UNIX_MILLIS;
      case "iso" -> ISO;
      case "tsmc" -> TSMC;
      default -> {
        if (spec.startsWith("pattern:")) {
          yield pattern(spec.substring("pattern:".length()));
        }
        throw new IllegalArgumentException(
            "unknown time format '"
                + spec
                + "' (expected unix, unix-ms, iso, tsmc or pattern:...)");
      }
    };
  }

  /**
   * Parses a timestamp to UTC epoch seconds.
   *
   * @throws IllegalArgumentException with the reason when {@code text} does not parse
   */
  public long parseEpochSecond(String text) {
    String t = text.trim();
    try {
      if (this == UNIX_SECONDS) {
        if (t.indexOf('.') >= 0 || t.indexOf('e') >= 0 || t.indexOf('E') >= 0) {
          double d = Double.parseDouble(t);
          if (!Double.isFinite(d)) {
            throw new NumberFormatException("not finite");
          }
          return (long) Math.floor(d);
        }
        return Long.parseLong(t);
      }
      if (this == UNIX_MILLIS) {
        return Math.floorDiv(Long.parseLong(t), 1000L);
      }
      DateTimeFormatter f = this == ISO ? ISO_FLEX : pattern;
      var parsed = f.parseBest(t, OffsetDateTime::from, LocalDateTime::from);
      if (parsed instanceof OffsetDateTime odt) {
        return odt.toEpochSecond();
      }
      return ((LocalDateTime) parsed).toEpochSecond(ZoneOffset.UTC);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException("not a timestamp of time-format=" + name, e);
    }
  }

  /**
   * Parses a moment as the command lines take it: digits are epoch seconds, anything else is
   * ISO-8601 ({@link #ISO}).
   *
   * @throws IllegalArgumentException with the reason when {@code text} is neither
   */
  public static long parseIsoOrEpochSecond(String text) {
    return text.chars().allMatch(Character::isDigit)
        ? Long.parseLong(text)
        : ISO.parseEpochSecond(text);
  }

  /** Formats epoch seconds as ISO-8601 UTC, for messages and reports. */
  public static String iso(long epochSecond) {
    return Instant.ofEpochSecond(epochSecond).toString();
  }

  @Override
  public String toString() {
    return name;
  }
}
