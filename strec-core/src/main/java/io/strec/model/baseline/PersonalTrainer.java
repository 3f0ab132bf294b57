package io.strec.model.baseline;

import io.strec.data.Dataset;
import io.strec.model.ServableModel;
import io.strec.model.Trainer;

/**
 * Settings of {@code personal}.
 *
 * @param tauSeconds decay time of a visit's weight {@code exp(-age / tau)}; infinite for plain
 *     visit counts
 * @param epsilon weight of the popularity fallback, popularity scaled to [0, 1] by the largest
 *     count
 */
public record PersonalTrainer(double tauSeconds, double epsilon) implements Trainer {
  /**
   * Small enough that a visit within about 9 decay times outranks the most popular unvisited item.
   */
  public static final double DEFAULT_EPSILON = 1e-4;

  public PersonalTrainer {
    if (!(tauSeconds > 0)) {
      throw new IllegalArgumentException(
          "personal tau must be > 0 seconds (may be infinite), got " + tauSeconds);
    }
    if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException(
          "personal epsilon must be finite and >= 0, got " + epsilon);
    }
  }

  @Override
  public String describe() {
    return PersonalFactory.NAME
        + "(tau="
        + duration(tauSeconds)
        + ",eps="
        + Scores.fmt(epsilon)
        + ")";
  }

  @Override
  public ServableModel fit(Dataset train, long seed) {
    return new PersonalModel(Popularity.byMax(train.itemCounts()), tauSeconds, epsilon);
  }

  /** {@code 7d}, {@code 1h} or {@code 90s}; {@code inf} for no decay. */
  private static String duration(double seconds) {
    if (Double.isInfinite(seconds)) {
      return "inf";
    }
    if (seconds % 86_400 == 0) {
      return Scores.fmt(seconds / 86_400) + "d";
    }
    if (seconds % 3_600 == 0) {
      return Scores.fmt(seconds / 3_600) + "h";
    }
    return Scores.fmt(seconds) + "s";
  }
}
