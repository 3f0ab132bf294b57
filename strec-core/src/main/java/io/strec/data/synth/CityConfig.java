package io.strec.data.synth;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What {@link SyntheticCity} generates: sizes, period, place and the behaviour knobs. Per-user
 * values are drawn around the means given here.
 *
 * @param seed the only source of randomness
 * @param users number of residents, each with a check-in history
 * @param pois number of places
 * @param days length of the period in days, starting on {@code startDate}
 * @param startDate first local day (2026-03-02 is a Monday)
 * @param tzOffsetMinutes fixed offset of local time from UTC (local = UTC + offset); no daylight
 *     saving, so every day has 24 hours
 * @param centerLatitude latitude of the city centre
 * @param centerLongitude longitude of the city centre
 * @param checkinRate mean probability that a visit is logged as a check-in
 * @param habit mean probability that a person returns to their usual place for an errand
 * @param novelty mean probability that a person deliberately tries a place they have never been to
 * @param distanceScaleKm how far people go: the weight of a place decays as exp(-distance / scale)
 * @param jitterMeters standard deviation of the GPS noise on check-in coordinates
 */
public record CityConfig(
    long seed,
    int users,
    int pois,
    int days,
    LocalDate startDate,
    int tzOffsetMinutes,
    double centerLatitude,
    double centerLongitude,
    double checkinRate,
    double habit,
    double novelty,
    double distanceScaleKm,
    double jitterMeters) {

  public static final int DEFAULT_USERS = 300;
  public static final int DEFAULT_POIS = 400;
  public static final int DEFAULT_DAYS = 56;

  public CityConfig {
    Objects.requireNonNull(startDate, "startDate");
    if (users < 1) {
      throw new IllegalArgumentException("users must be at least 1: " + users);
    }
    int minPois = Category.values().length;
    if (pois < minPois) {
      throw new IllegalArgumentException(
          "pois must be at least " + minPois + " (one per category): " + pois);
    }
    if (days < 1 || days > 3660) {
      throw new IllegalArgumentException("days outside [1, 3660]: " + days);
    }
    if (tzOffsetMinutes < -18 * 60 || tzOffsetMinutes > 18 * 60) {
      throw new IllegalArgumentException(
          "tzOffsetMinutes outside [-1080, 1080]: " + tzOffsetMinutes);
    }
    // The city spans about 8 km either way; keep it clear of the poles and the antimeridian.
    if (!(Math.abs(centerLatitude) <= 80)) {
      throw new IllegalArgumentException("centerLatitude outside [-80, 80]: " + centerLatitude);
    }
    if (!(Math.abs(centerLongitude) <= 179)) {
      throw new IllegalArgumentException("centerLongitude outside [-179, 179]: " + centerLongitude);
    }
    requireProbability("checkinRate", checkinRate);
    requireProbability("habit", habit);
    requireProbability("novelty", novelty);
    if (habit + novelty > 1) {
      throw new IllegalArgumentException(
          "habit + novelty must not exceed 1: " + habit + " + " + novelty);
    }
    if (!(distanceScaleKm > 0) || Double.isInfinite(distanceScaleKm)) {
      throw new IllegalArgumentException(
          "distanceScaleKm must be positive and finite: " + distanceScaleKm);
    }
    if (!(jitterMeters >= 0) || jitterMeters > 1000) {
      throw new IllegalArgumentException("jitterMeters outside [0, 1000]: " + jitterMeters);
    }
  }

  private static void requireProbability(String name, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(name + " outside [0, 1]: " + p);
    }
  }

  /** 300 users, 400 places, 8 weeks from Monday 2026-03-02 in a city at 40.73, -73.99 (UTC-5). */
  public static CityConfig defaults(long seed) {
    return new CityConfig(
        seed,
        DEFAULT_USERS,
        DEFAULT_POIS,
        DEFAULT_DAYS,
        LocalDate.of(2026, 3, 2),
        -300,
        40.73,
        -73.99,
        0.7,
        0.55,
        0.2,
        0.6,
        5.0);
  }

  public CityConfig withUsers(int n) {
    return new CityConfig(
        seed,
        n,
        pois,
        days,
        startDate,
        tzOffsetMinutes,
        centerLatitude,
        centerLongitude,
        checkinRate,
        habit,
        novelty,
        distanceScaleKm,
        jitterMeters);
  }

  public CityConfig withPois(int n) {
    return new CityConfig(
        seed,
        users,
        n,
        days,
        startDate,
        tzOffsetMinutes,
        centerLatitude,
        centerLongitude,
        checkinRate,
        habit,
        novelty,
        distanceScaleKm,
        jitterMeters);
  }

  public CityConfig withDays(int n) {
    return new CityConfig(
        seed,
        users,
        pois,
        n,
        startDate,
        tzOffsetMinutes,
        centerLatitude,
        centerLongitude,
        checkinRate,
        habit,
        novelty,
        distanceScaleKm,
        jitterMeters);
  }

  /** This config with the city centred elsewhere. */
  public CityConfig withCenter(double latitude, double longitude) {
    return new CityConfig(
        seed,
        users,
        pois,
        days,
        startDate,
        tzOffsetMinutes,
        latitude,
        longitude,
        checkinRate,
        habit,
        novelty,
        distanceScaleKm,
        jitterMeters);
  }
}
