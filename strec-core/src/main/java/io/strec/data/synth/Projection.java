package io.strec.data.synth;

/**
 * Turns kilometres east and north of a centre into degrees, on a flat local approximation that is
 * good to a few metres across a city.
 */
record Projection(double centerLatitude, double centerLongitude) {
  private static final double KM_PER_DEGREE_LATITUDE = 111.32;

  double latitude(double northKm) {
    return round6(centerLatitude + northKm / KM_PER_DEGREE_LATITUDE);
  }

  double longitude(double eastKm) {
    return round6(centerLongitude + eastKm / kmPerDegreeLongitude());
  }

  double kmPerDegreeLongitude() {
    return KM_PER_DEGREE_LATITUDE * Math.cos(Math.toRadians(centerLatitude));
  }

  double kmPerDegreeLatitude() {
    return KM_PER_DEGREE_LATITUDE;
  }

  /** Six decimals (about 0.1 m), the precision the files carry, so memory and files agree. */
  static double round6(double degrees) {
    return Math.round(degrees * 1e6) / 1e6;
  }
}
