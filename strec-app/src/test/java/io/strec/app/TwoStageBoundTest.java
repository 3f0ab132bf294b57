package io.strec.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.model.FactoredModel;
import org.junit.jupiter.api.Test;

/** The radius beyond which the distance bound proves no item can beat the k-th best found. */
class TwoStageBoundTest {
  /** {@code far log(1 + 100 d^2) + max(0, near exp(-4 d^2))}, falling with d when far < 0. */
  private record Place(double far, double near) implements FactoredModel.Place {
    @Override
    public double latitude() {
      return 45;
    }

    @Override
    public double longitude() {
      return 5;
    }

    @Override
    public double maxTermBeyond(double km) {
      double d2 = km * km;
      return far * Math.log(1 + 100 * d2) + Math.max(0, near * Math.exp(-4 * d2));
    }
  }

  @Test
  void theRadiusIsTheSmallestWhereTheBoundFallsBelowTheKthBest() {
    Place p = new Place(-0.8, 0.5);
    float best = 4f;
    for (float kth : new float[] {3.5f, 1f, -2f, -5f}) {
      double r = TwoStage.radiusBeyondReach(p, best, kth);
      assertTrue(best + p.maxTermBeyond(r) < kth, "beyond " + r + " km nothing can reach " + kth);
      assertTrue(
          best + p.maxTermBeyond(r - 0.01) >= kth || r == 0,
          "a radius 10 m smaller would not prove it: " + r);
    }
  }

  @Test
  void aLowerKthNeedsAWiderRadius() {
    Place p = new Place(-0.8, 0.5);
    double narrow = TwoStage.radiusBeyondReach(p, 4f, 1f);
    double wide = TwoStage.radiusBeyondReach(p, 4f, -5f);
    assertTrue(wide > narrow, wide + " km for -5, " + narrow + " km for 1");
  }

  @Test
  void noRadiusWhenTheBoundCannotFallFarEnoughOrNoKthIsKnown() {
    Place p = new Place(-0.8, 0.5);
    assertEquals(
        Double.POSITIVE_INFINITY, TwoStage.radiusBeyondReach(p, 4f, Float.NEGATIVE_INFINITY));
    // far * log(1 + 100 * 20037^2) is about -12.9: a k-th best 20 below the best is never proven.
    assertEquals(Double.POSITIVE_INFINITY, TwoStage.radiusBeyondReach(p, 4f, -16f));
    assertEquals(0.0, TwoStage.radiusBeyondReach(p, 4f, 5f), "already proven at the place");
  }
}
