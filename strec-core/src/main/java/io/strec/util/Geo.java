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

  /**
   * The places within {@code km} of a centre by {@link #haversineKm}, tested without its arc sine
   * and square root: {@code d <= km} exactly when the haversine term {@code a <= sin^2(km / 2R)}
   * (both sides rise with the distance up to half the circumference, beyond which every place is
   * in). For a filter that tests thousands of places per query.
   */
  public static final class Disc {
    private final double latitude;
    private final double longitude;
    private final double km;
    private final double cosPhi;
    private final double maxA;

    /**
     * A disc of {@code km} around a centre; a centre with a NaN coordinate holds no place.
     *
     * @throws IllegalArgumentException when {@code km} is negative or not a number
     */
    public Disc(double latitude, double longitude, double km) {
      if (!(km >= 0)) {
        throw new IllegalArgumentException("a disc's radius must be >= 0 km, got " + km);
      }
      this.latitude = latitude;
      this.longitude = longitude;
      this.km = km;
      this.cosPhi = Math.cos(Math.toRadians(latitude));
      double half = km / (2 * EARTH_RADIUS_KM);
      this.maxA = half >= Math.PI / 2 ? Double.POSITIVE_INFINITY : square(Math.sin(half));
    }

    private static double square(double x) {
      return x * x;
    }

    public double latitude() {
      return latitude;
    }

    public double longitude() {
      return longitude;
    }

    public double km() {
      return km;
    }

    /** Whether the place is within the radius; false when a coordinate is NaN. */
    public boolean holds(double lat, double lon) {
      double phi2 = Math.toRadians(lat);
      double sinDPhi = Math.sin((phi2 - Math.toRadians(latitude)) / 2);
      double sinDLambda = Math.sin(Math.toRadians(lon - longitude) / 2);
      double a = sinDPhi * sinDPhi + cosPhi * Math.cos(phi2) * sinDLambda * sinDLambda;
      return a <= maxA; // NaN compares false
    }

    @Override
    public String toString() {
      return km + " km around (" + latitude + ", " + longitude + ")";
    }
  }
}
