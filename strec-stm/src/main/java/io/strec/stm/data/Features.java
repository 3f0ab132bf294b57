package io.strec.stm.data;

import io.strec.feature.LocalTimeFeatures;
import io.strec.util.Geo;

/**
 * Per-event time and space features and the buckets of pairwise intervals and distances.
 *
 * <p>Time features: sine and cosine of the local time of day and of the day of the week, and the
 * log of the hours since the previous event. Space features: the log distance from the previous
 * event and the sine and cosine of the direction to it (zero when either place is unknown or the
 * two coincide). Intervals and distances are bucketed on a log scale so that attention can learn a
 * separate bias for "minutes ago" and "weeks ago", "next door" and "across town".
 */
public final class Features {
  /** Number of time features per event. */
  public static final int TIME_DIM = 5;

  /** Number of space features per event. */
  public static final int SPACE_DIM = 3;

  /**
   * Interval buckets: floor(1.5 ln(1 + seconds / 60)), capped; the last covers about a year and
   * more.
   */
  public static final int TIME_BUCKETS = 20;

  /** Distance buckets: floor(2 ln(1 + km / 0.1)), capped; plus one bucket for "unknown". */
  public static final int DIST_BUCKETS = 20;

  /** Index of the bucket used when a distance is unknown. */
  public static final int DIST_UNKNOWN = DIST_BUCKETS;

  private static final double TWO_PI = 2 * Math.PI;

  private Features() {}

  /**
   * Writes the time features of an event at {@code time} whose predecessor was at {@code prevTime}
   * ({@code Long.MIN_VALUE} when there is none) into {@code out[offset..offset+TIME_DIM)}.
   */
  public static void time(long time, int tzMinutes, long prevTime, float[] out, int offset) {
    int minute = LocalTimeFeatures.minuteOfDay(time, tzMinutes);
    int dow = LocalTimeFeatures.dayOfWeek(time, tzMinutes) - 1;
    double a = TWO_PI * minute / 1440.0;
    double b = TWO_PI * (dow + minute / 1440.0) / 7.0;
    out[offset] = (float) Math.sin(a);
    out[offset + 1] = (float) Math.cos(a);
    out[offset + 2] = (float) Math.sin(b);
    out[offset + 3] = (float) Math.cos(b);
    out[offset + 4] =
        prevTime == Long.MIN_VALUE
            ? 0f
            : (float) (log1p(Math.max(0, time - prevTime) / 3600.0) / 4.0);
  }

  /**
   * Writes the space features of a move from ({@code lat0}, {@code lon0}) to ({@code lat}, {@code
   * lon}).
   */
  public static void space(
      double lat0, double lon0, double lat, double lon, float[] out, int offset) {
    double d = distanceKm(lat0, lon0, lat, lon);
    if (Double.isNaN(d) || d == 0) {
      out[offset] = 0f;
      out[offset + 1] = 0f;
      out[offset + 2] = 0f;
      return;
    }
    double dy = lat - lat0;
    double dx = (lon - lon0) * Math.cos(Math.toRadians(lat0));
    double h = Math.sqrt(dx * dx + dy * dy);
    out[offset] = (float) (log1p(d) / 3.0);
    out[offset + 1] = h == 0 ? 0f : (float) (dy / h);
    out[offset + 2] = h == 0 ? 0f : (float) (dx / h);
  }

  /**
   * {@code log(1 + x)}, accurate to a few units in the last place of a double, through the
   * logarithm the JIT compiles to a processor routine: {@link Math#log1p} is not one, and took
   * about half of building a batch's features ({@code Log1pBenchmark}: 38 ns a value against 12 ns;
   * of 10 million floats, none rounded to another float). The ratio corrects the rounding of {@code
   * 1 + x} (Goldberg, "What every computer scientist should know about floating-point arithmetic",
   * Theorem 4). Outside {@code (-1, +inf)} and for NaN it is {@link Math#log1p}.
   */
  public static double log1p(double x) {
    double u = 1.0 + x;
    if (!(x > -1.0) || u == Double.POSITIVE_INFINITY) {
      return Math.log1p(x);
    }
    if (u == 1.0) {
      return x;
    }
    return Math.log(u) * (x / (u - 1.0));
  }

  /** Bucket of a non-negative interval in seconds (negative intervals count as 0). */
  public static int timeBucket(long seconds) {
    double s = Math.max(0, seconds);
    return (int) Math.min(TIME_BUCKETS - 1, Math.floor(1.5 * log1p(s / 60.0)));
  }

  /** Bucket of a distance in km; {@link #DIST_UNKNOWN} for NaN. */
  public static int distBucket(double km) {
    if (Double.isNaN(km)) {
      return DIST_UNKNOWN;
    }
    return (int) Math.min(DIST_BUCKETS - 1, Math.floor(2 * log1p(Math.max(0, km) / 0.1)));
  }

  /**
   * Equirectangular distance in km, the same formula the network uses for candidate items; exact
   * enough within a city or a region and much cheaper than haversine. NaN when any input is NaN.
   */
  public static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
    double x = Math.toRadians(lon2 - lon1) * Math.cos(Math.toRadians((lat1 + lat2) / 2));
    double y = Math.toRadians(lat2 - lat1);
    return Geo.EARTH_RADIUS_KM * Math.sqrt(x * x + y * y);
  }
}
