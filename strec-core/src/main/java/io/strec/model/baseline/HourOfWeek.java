package io.strec.model.baseline;

/** Hour-of-week buckets: 0 = Monday 00:00-00:59 local time, 167 = Sunday 23:00-23:59. */
final class HourOfWeek {
  static final int HOURS = 168;

  /** 1970-01-01 was a Thursday: day 0 of the epoch is day 3 of a Monday-based week. */
  private static final int EPOCH_DAY_OF_WEEK = 3;

  private HourOfWeek() {}

  /** The bucket of a local time given in seconds since the epoch (negative times allowed). */
  static int of(long localEpochSecond) {
    long day = Math.floorDiv(localEpochSecond, 86_400L);
    int dayOfWeek = (int) Math.floorMod(day + EPOCH_DAY_OF_WEEK, 7L);
    int hour = (int) (Math.floorMod(localEpochSecond, 86_400L) / 3_600L);
    return dayOfWeek * 24 + hour;
  }
}
