package io.strec.util;

/** Great-circle geometry on a spherical Earth. */
public final class Geo {
  /** Mean Earth radius in km, the usual value for haversine distances in POI work. */
  public static final double EARTH_RADIUS_KM = 6371.0;

  /**
   * Kilometres per degree of latitude (and of longitude at the equator) on that sphere, for the
   * equirectangular approximation: {@code dx = KM_PER_DEGREE * dLon * cos(lat)}, {@code dy =
   * KM_PER_DEGREE * dLat}.
   */
  public static final double KM_PER_DEGREE = EARTH_RADIUS_KM * Math.PI / 180;

  private Geo() {}

  /**
   * Haversine great-circle distance between two points given in degrees, in km. NaN when any
   * coordinate is NaN.
   */
  public static double haversineKm(double lat1, double lon1, double lat2, double lon2) {
    double phi1 = Math.toRadians(lat1);
    double phi2 = Math.toRadians(lat2);
    double sinDPhi = Math.sin((phi2 - phi1) / 2);
    double sinDLambda = Math.sin(Math.toRadians(lon2 - lon1) / 2);
    double a = sinDPhi * sinDPhi + Math.cos(phi1) * Math.cos(phi2) * sinDLambda * sinDLambda;
    // Rounding can push a a hair above 1 for antipodal points; asin would then return NaN.
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(a)));
  }
}
