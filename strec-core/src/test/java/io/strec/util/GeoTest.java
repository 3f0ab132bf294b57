package io.strec.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GeoTest {
  private static final double R = 6371.0;

  @Test
  void oneDegreeOfLatitudeIsRTimesPiOver180() {
    // Along a meridian the haversine reduces to R * delta(phi).
    assertEquals(R * Math.PI / 180, Geo.haversineKm(0, 0, 1, 0), 1e-9);
    assertEquals(111.19492664455873, Geo.haversineKm(10, 20, 11, 20), 1e-9);
  }

  @Test
  void kmPerDegreeIsTheLengthOfOneDegreeOfLatitude() {
    assertEquals(Geo.haversineKm(0, 0, 1, 0), Geo.KM_PER_DEGREE, 1e-9);
    assertEquals(R * Math.PI / 180, Geo.KM_PER_DEGREE, 0.0);
  }

  @Test
  void quarterAndHalfGreatCircle() {
    assertEquals(R * Math.PI / 2, Geo.haversineKm(0, 0, 0, 90), 1e-9);
    assertEquals(R * Math.PI / 2, Geo.haversineKm(0, 0, 90, 0), 1e-9);
    // Antipodes: rounding must not push asin's argument over 1.
    assertEquals(R * Math.PI, Geo.haversineKm(0, 0, 0, 180), 1e-9);
    assertEquals(R * Math.PI, Geo.haversineKm(45, 30, -45, -150), 1e-6);
  }

  @Test
  void oneDegreeOfLongitudeAtSixtyNorth() {
    // a = cos^2(60) sin^2(0.5 deg) = (sin(0.5 deg) / 2)^2, so d = 2 R asin(sin(0.5 deg) / 2) =
    // 55.5969 km
    // (about half a degree at the equator, as cos 60 = 1/2).
    double expected = 2 * R * Math.asin(0.5 * Math.sin(Math.PI / 360));
    assertEquals(55.596934071140865, expected, 1e-9);
    assertEquals(expected, Geo.haversineKm(60, 0, 60, 1), 1e-9);
  }

  @Test
  void newYorkToLondon() {
    // Python: 2*6371*asin(sqrt(sin(dphi/2)^2 + cos(phi1)cos(phi2)sin(dlambda/2)^2)).
    assertEquals(5570.222179737958, Geo.haversineKm(40.7128, -74.0060, 51.5074, -0.1278), 1e-6);
  }

  @Test
  void symmetricZeroOnSelfNanWhenUnknown() {
    assertEquals(0, Geo.haversineKm(40.7, -74.0, 40.7, -74.0), 0);
    assertEquals(Geo.haversineKm(1, 2, 3, 4), Geo.haversineKm(3, 4, 1, 2), 1e-12);
    assertTrue(Double.isNaN(Geo.haversineKm(Double.NaN, 0, 0, 0)));
    assertTrue(Double.isNaN(Geo.haversineKm(0, 0, 0, Double.NaN)));
  }

  @Test
  void aDiscHoldsExactlyThePlacesTheHaversineFindsWithinItsRadius() {
    java.util.Random rnd = new java.util.Random(3);
    for (int t = 0; t < 200_000; t++) {
      double lat1 = rnd.nextDouble() * 180 - 90;
      double lon1 = rnd.nextDouble() * 360 - 180;
      double lat2 = rnd.nextDouble() * 180 - 90;
      double lon2 = rnd.nextDouble() * 360 - 180;
      double km = Math.pow(10, rnd.nextDouble() * 5); // 1 km to 100,000 km
      double d = Geo.haversineKm(lat1, lon1, lat2, lon2);
      if (Math.abs(d - km) < 1e-6 * km) {
        continue; // rounding decides the boundary: no claim there
      }
      assertEquals(
          d <= km,
          new Geo.Disc(lat1, lon1, km).holds(lat2, lon2),
          d + " km between the places, radius " + km);
    }
  }

  @Test
  void aDiscWiderThanHalfTheEarthHoldsEveryPlaceAndNoneWithoutOne() {
    Geo.Disc all = new Geo.Disc(10, 20, R * Math.PI);
    assertTrue(all.holds(-10, -160));
    assertTrue(new Geo.Disc(10, 20, 50_000).holds(-10, -160));
    assertTrue(!all.holds(Double.NaN, 0));
    assertTrue(!new Geo.Disc(Double.NaN, 0, 50_000).holds(0, 0));
    assertTrue(new Geo.Disc(0, 0, 0).holds(0, 0));
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> new Geo.Disc(0, 0, -1));
  }
}
