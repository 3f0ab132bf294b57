package io.strec.model.baseline;

import static io.strec.model.baseline.Fixtures.NAN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.strec.data.Dataset;
import io.strec.model.History;
import io.strec.model.Model;
import io.strec.model.Query;
import org.junit.jupiter.api.Test;

class GeoPopTest {
  /** One degree along a meridian: R * pi / 180 with R = 6371 km. */
  private static final double DEG = 6371.0 * Math.PI / 180;

  /**
   * Items on the prime meridian: a at 0N, b at 1N, c at 3N; d has no location at all.
   *
   * <ul>
   *   <li>u0: a, b, c: moves of 1 and 2 degrees.
   *   <li>u1: c, a, d: a move of 3 degrees; a -> d has no place and is skipped.
   *   <li>u2: b without its own coordinates (b's location, 1N, is used), then a: 1 degree.
   * </ul>
   *
   * <p>Mean move = (1 + 2 + 3 + 1) / 4 = 7/4 degrees. Counts a 3, b 2, c 2, d 1.
   */
  private static Dataset data() {
    return Fixtures.builder(3, "a", "b", "c", "d")
        .add(0, 0, 1, 0, 0, 0, 1f)
        .add(0, 1, 2, 0, 1, 0, 1f)
        .add(0, 2, 3, 0, 3, 0, 1f)
        .add(1, 2, 1, 0, 3, 0, 1f)
        .add(1, 0, 2, 0, 0, 0, 1f)
        .add(1, 3, 3, 0, NAN, NAN, 1f)
        .add(2, 1, 1, 0, NAN, NAN, 1f)
        .add(2, 0, 2, 0, 0, 0, 1f)
        .build();
  }

  private static Query at(double lat, double lon) {
    return new Query(0, History.empty(), 10, 0, lat, lon);
  }

  @Test
  void fittedScaleIsTheMeanConsecutiveDistance() {
    assertEquals(7 * DEG / 4, GeoPopModel.fitScaleKm(data()), 1e-9);
    GeoPopModel m = GeoPopModel.fit(data(), new GeoPopTrainer(1));
    assertEquals(7 * DEG / 4, m.scaleKm(), 1e-9);
  }

  @Test
  void logPopularityMinusScaledDistance() {
    Model m = new GeoPopTrainer(1).fit(data(), 0);
    // At a: d = 0, 1, 3 degrees for a, b, c; d has no location (distance term 0).
    float[] expected = {
      (float) Math.log(4),
      (float) (Math.log(3) - 4 / 7.0),
      (float) (Math.log(3) - 12 / 7.0),
      (float) Math.log(2)
    };
    assertArrayEquals(expected, Fixtures.score(m, at(0, 0)), 1e-6f);
    Model w2 = new GeoPopTrainer(2).fit(data(), 0);
    // At 2N: distances 2, 1, 1 degrees.
    float[] expected2 = {
      (float) (2 * Math.log(4) - 8 / 7.0),
      (float) (2 * Math.log(3) - 4 / 7.0),
      (float) (2 * Math.log(3) - 4 / 7.0),
      (float) (2 * Math.log(2))
    };
    assertArrayEquals(expected2, Fixtures.score(w2, at(2, 0)), 1e-6f);
  }

  @Test
  void queryWithoutPlaceFallsBackToPopularity() {
    Model m = new GeoPopTrainer(0.3).fit(data(), 0);
    float[] expected = {
      (float) Math.log(4), (float) Math.log(3), (float) Math.log(3), (float) Math.log(2)
    };
    assertArrayEquals(expected, Fixtures.score(m, at(NAN, NAN)), 1e-6f);
    assertArrayEquals(expected, Fixtures.score(m, at(1, NAN)), 1e-6f);
  }

  @Test
  void scaleWithoutMovesIsInfiniteAndRevisitsAreFloored() {
    Dataset single =
        Fixtures.builder(2, "a").add(0, 0, 1, 0, 1, 1, 1f).add(1, 0, 1, 0, 1, 1, 1f).build();
    assertEquals(Double.POSITIVE_INFINITY, GeoPopModel.fitScaleKm(single));
    Model m = new GeoPopTrainer(1).fit(single, 0);
    assertArrayEquals(new float[] {(float) Math.log(3)}, Fixtures.score(m, at(50, 50)), 1e-6f);
    Dataset revisits =
        Fixtures.builder(1, "a").add(0, 0, 1, 0, 1, 1, 1f).add(0, 0, 2, 0, 1, 1, 1f).build();
    assertEquals(GeoPopModel.MIN_SCALE_KM, GeoPopModel.fitScaleKm(revisits));
  }

  @Test
  void configIsValidatedAndDescribed() {
    assertThrows(IllegalArgumentException.class, () -> new GeoPopTrainer(-0.1));
    assertThrows(IllegalArgumentException.class, () -> new GeoPopTrainer(Double.NaN));
    assertEquals("geo-pop(w=0.3)", new GeoPopTrainer(0.3).describe());
  }
}
