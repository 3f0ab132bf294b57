package io.strec.feature;

import io.strec.data.RawEvent;

/**
 * Local-time features of an instant given in epoch seconds (UTC) and an offset in minutes (local =
 * UTC + offset), as time-aware models use them.
 *
 * <p>Plain integer arithmetic, no time-zone database: the offset is taken as given, which is right
 * for data that records the offset of each event (Foursquare does) and avoids daylight-saving
 * guesses. Negative epochs (before 1970) work: days and seconds of the day are floored, not
 * truncated.
 */
public final class LocalTimeFeatures {
  /** Number of hour-of-week buckets. */
  public static final int HOURS_PER_WEEK = 168;

  /** The largest offset java.time accepts, ±18:00. */
  public static final int MAX_OFFSET_MINUTES = 18 * 60;

  private static final int SECONDS_PER_DAY = 86_400;

  /** 1970-01-01, epoch day 0, was a Thursday: ISO day 4, so Monday is day (0 - 3) mod 7. */
  private static final int EPOCH_DAY_OF_WEEK_SHIFT = 3;

  private LocalTimeFeatures() {}

  /** Hour of the local day, 0-23. */
  public static int hourOfDay(long epochSecond, int tzOffsetMinutes) {
    return secondOfDay(epochSecond, tzOffsetMinutes) / 3600;
  }

  /** Minute of the local day, 0-1439. */
  public static int minuteOfDay(long epochSecond, int tzOffsetMinutes) {
    return secondOfDay(epochSecond, tzOffsetMinutes) / 60;
  }

  /** ISO day of the week of the local date: 1 = Monday ... 7 = Sunday. */
  public static int dayOfWeek(long epochSecond, int tzOffsetMinutes) {
    long day = Math.floorDiv(local(epochSecond, tzOffsetMinutes), SECONDS_PER_DAY);
    return (int) Math.floorMod(day + EPOCH_DAY_OF_WEEK_SHIFT, 7L) + 1;
  }

  /** Hour of the local week, 0-167, with Monday 00:00-00:59 as 0 and Sunday 23:00 as 167. */
  public static int hourOfWeek(long epochSecond, int tzOffsetMinutes) {
    return (dayOfWeek(epochSecond, tzOffsetMinutes) - 1) * 24
        + hourOfDay(epochSecond, tzOffsetMinutes);
  }

  /** Whether the local date is a Saturday or a Sunday. */
  public static boolean isWeekend(long epochSecond, int tzOffsetMinutes) {
    return dayOfWeek(epochSecond, tzOffsetMinutes) >= 6;
  }

  public static int hourOfDay(RawEvent e) {
    return hourOfDay(e.epochSecond(), e.tzOffsetMinutes());
  }

  public static int minuteOfDay(RawEvent e) {
    return minuteOfDay(e.epochSecond(), e.tzOffsetMinutes());
  }

  public static int dayOfWeek(RawEvent e) {
    return dayOfWeek(e.epochSecond(), e.tzOffsetMinutes());
  }

  public static int hourOfWeek(RawEvent e) {
    return hourOfWeek(e.epochSecond(), e.tzOffsetMinutes());
  }

  public static boolean isWeekend(RawEvent e) {
    return isWeekend(e.epochSecond(), e.tzOffsetMinutes());
  }

  private static int secondOfDay(long epochSecond, int tzOffsetMinutes) {
    return (int) Math.floorMod(local(epochSecond, tzOffsetMinutes), (long) SECONDS_PER_DAY);
  }

  private static long local(long epochSecond, int tzOffsetMinutes) {
    if (tzOffsetMinutes < -MAX_OFFSET_MINUTES || tzOffsetMinutes > MAX_OFFSET_MINUTES) {
      throw new IllegalArgumentException(
          "time-zone offset "
              + tzOffsetMinutes
              + " minutes outside [-"
              + MAX_OFFSET_MINUTES
              + ", "
              + MAX_OFFSET_MINUTES
              + "]");
    }
    // addExact: an epoch near Long.MAX_VALUE must fail loudly, not wrap to a date in the past.
    return Math.addExact(epochSecond, tzOffsetMinutes * 60L);
  }
}
