package io.strec.model.baseline;

/** Argument checks and small formatting shared by the baselines. */
final class Scores {
  private Scores() {}

  /** Fails unless {@code scores} has room for {@code numItems} entries. */
  static void requireRoom(float[] scores, int numItems) {
    if (scores.length < numItems) {
      throw new IllegalArgumentException(
          "score array too short: " + scores.length + " < " + numItems + " items");
    }
  }

  /** A number for {@code describe()}: shortest plain decimal, {@code inf} for infinity. */
  static String fmt(double v) {
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }
}
