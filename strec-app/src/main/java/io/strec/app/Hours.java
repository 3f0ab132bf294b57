package io.strec.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Daily opening hours in local time: one or more ranges {@code HH:MM-HH:MM} joined by commas, e.g.
 * {@code 08:00-12:00,14:00-18:00}. A range whose end is at or before its start runs past midnight
 * ({@code 17:00-02:00}); {@code 00:00-24:00} and {@code 24/7} mean always open.
 */
public final class Hours {
  private final int[] from;
  private final int[] to;
  private final String text;

  private Hours(int[] from, int[] to, String text) {
    this.from = from;
    this.to = to;
    this.text = text;
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the part that is not {@code HH:MM-HH:MM}
   */
  public static Hours parse(String text) {
    String t = text.trim();
    if (t.equalsIgnoreCase("24/7")) {
      return new Hours(new int[] {0}, new int[] {24 * 60}, "24/7");
    }
    List<int[]> ranges = new ArrayList<>();
    for (String part : t.split(",", -1)) {
      String p = part.trim();
      int dash = p.indexOf('-');
      if (dash < 0) {
        throw new IllegalArgumentException(
            "opening hours '" + text + "': '" + p + "' is not HH:MM-HH:MM");
      }
      int a = minute(p.substring(0, dash), text);
      int b = minute(p.substring(dash + 1), text);
      if (a == b) {
        throw new IllegalArgumentException(
            "opening hours '" + text + "': range '" + p + "' is empty; use 00:00-24:00");
      }
      if (a == 24 * 60) {
        throw new IllegalArgumentException(
            "opening hours '" + text + "': a range cannot open at 24:00");
      }
      ranges.add(new int[] {a, b});
    }
    int[] f = new int[ranges.size()];
    int[] e = new int[ranges.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = ranges.get(i)[0];
      e[i] = ranges.get(i)[1];
    }
    return new Hours(f, e, t);
  }

  private static int minute(String hhmm, String whole) {
    String s = hhmm.trim();
    if (!s.matches("\\d{1,2}:\\d{2}")) {
      throw new IllegalArgumentException(
          "opening hours '" + whole + "': '" + s + "' is not a time HH:MM");
    }
    int colon = s.indexOf(':');
    int h = Integer.parseInt(s.substring(0, colon));
    int m = Integer.parseInt(s.substring(colon + 1));
    if (h > 24 || m > 59 || (h == 24 && m != 0)) {
      throw new IllegalArgumentException(
          "opening hours '" + whole + "': '" + s + "' is not a time of day");
    }
    return h * 60 + m;
  }

  /** Whether the place is open at {@code minuteOfDay} (0 to 1439) local time. */
  public boolean isOpenAt(int minuteOfDay) {
    if (minuteOfDay < 0 || minuteOfDay >= 24 * 60) {
      throw new IllegalArgumentException("minute of day outside [0, 1440): " + minuteOfDay);
    }
    for (int i = 0; i < from.length; i++) {
      boolean open =
          from[i] < to[i]
              ? minuteOfDay >= from[i] && minuteOfDay < to[i]
              : minuteOfDay >= from[i] || minuteOfDay < to[i];
      if (open) {
        return true;
      }
    }
    return false;
  }

  /**
   * The minutes of the day the place is open, as inclusive ranges {@code [first, last]} within [0,
   * 1439]; a range past midnight is split in two.
   */
  public java.util.List<int[]> openMinutes() {
    java.util.List<int[]> out = new java.util.ArrayList<>();
    for (int i = 0; i < from.length; i++) {
      if (from[i] < to[i]) {
        out.add(new int[] {from[i], to[i] - 1});
      } else {
        out.add(new int[] {from[i], 24 * 60 - 1});
        if (to[i] > 0) {
          out.add(new int[] {0, to[i] - 1});
        }
      }
    }
    return out;
  }

  /** The local minute of day of an instant at a local-time offset. */
  public static int minuteOfDay(long epochSecond, int tzOffsetMinutes) {
    long local = epochSecond + tzOffsetMinutes * 60L;
    return (int) Math.floorMod(Math.floorDiv(local, 60L), 24L * 60L);
  }

  @Override
  public String toString() {
    return text.toUpperCase(Locale.ROOT);
  }
}
