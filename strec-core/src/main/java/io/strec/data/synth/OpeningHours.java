package io.strec.data.synth;

import java.util.Locale;

/**
 * Daily opening hours in local time, as whole hours: open at {@code openHour}, closed from {@code
 * closeHour}. A closing hour at or before the opening hour means the place closes after midnight (a
 * bar open {@code 17:00-02:00}); {@code 0-24} means always open.
 *
 * @param openHour first open hour, in [0, 23]
 * @param closeHour first closed hour, in [1, 24]
 */
public record OpeningHours(int openHour, int closeHour) {
  public OpeningHours {
    if (openHour < 0 || openHour > 23) {
      throw new IllegalArgumentException("opening hour outside [0, 23]: " + openHour);
    }
    if (closeHour < 1 || closeHour > 24) {
      throw new IllegalArgumentException("closing hour outside [1, 24]: " + closeHour);
    }
    if (closeHour == openHour) {
      throw new IllegalArgumentException(
          "opening and closing hour are equal: " + openHour + "; use 0-24 for always open");
    }
  }

  /**
   * Whether the place is open at {@code minuteOfDay} local time; minutes past 24:00 (a night out
   * that runs on after midnight) wrap to the next day.
   */
  public boolean isOpenAt(int minuteOfDay) {
    if (minuteOfDay < 0) {
      throw new IllegalArgumentException("negative minute of day: " + minuteOfDay);
    }
    int m = minuteOfDay % (24 * 60);
    int open = openHour * 60;
    int close = closeHour * 60;
    return open < close ? m >= open && m < close : m >= open || m < close;
  }

  /** {@code HH:MM-HH:MM}, e.g. {@code 06:00-18:00} or {@code 17:00-02:00}. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%02d:00-%02d:00", openHour, closeHour);
  }
}
