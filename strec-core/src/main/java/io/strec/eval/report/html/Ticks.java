package io.strec.eval.report.html;

/**
 * A "nice" axis: a range widened to multiples of a step of 1, 2, 2.5 or 5 times a power of ten, and
 * the tick values in it (Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990).
 *
 * @param low first tick, at or below the smallest value
 * @param high last tick, at or above the largest value
 * @param step distance between ticks, positive
 * @param decimals digits after the point that print every tick exactly
 */
record Ticks(double low, double high, double step, int decimals) {

  /**
   * Ticks covering {@code [min, max]} in about {@code count} steps; an empty range is widened
   * around its value.
   */
  static Ticks of(double min, double max, int count) {
    if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
      throw new IllegalArgumentException(
          "axis range must be finite, min <= max: " + min + ", " + max);
    }
    if (min == max) {
      double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
      min -= min >= 0 && min - pad < 0 ? min : pad;
      max += pad;
    }
    double step = nice((max - min) / Math.max(1, count));
    double low = Math.floor(min / step + 1e-9) * step;
    double high = Math.ceil(max / step - 1e-9) * step;
    int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    if (Math.abs(step * Math.pow(10, decimals) - Math.rint(step * Math.pow(10, decimals))) > 1e-6) {
      decimals++;
    }
    return new Ticks(low, high, step, decimals);
  }

  /** Number of ticks, both ends included. */
  int count() {
    return (int) Math.round((high - low) / step) + 1;
  }

  /** Tick {@code i}, computed from the low end so that errors do not accumulate. */
  double value(int i) {
    double v = low + i * step;
    return Math.abs(v) < step * 1e-9 ? 0 : v;
  }

  String label(int i) {
    return Html.number(value(i), decimals);
  }

  /** The nice number nearest {@code range}: 1, 2, 2.5, 5 or 10 times a power of ten. */
  private static double nice(double range) {
    double exp = Math.floor(Math.log10(range));
    double f = range / Math.pow(10, exp);
    double nf = f < 1.5 ? 1 : f < 2.25 ? 2 : f < 3.5 ? 2.5 : f < 7.5 ? 5 : 10;
    return nf * Math.pow(10, exp);
  }
}
