package io.strec.app;

import java.util.List;
import java.util.Optional;

/**
 * One recommended item.
 *
 * @param rank 1 for the best
 * @param distanceKm from the query place; NaN when either place is unknown
 */
public record Recommendation(
    int rank,
    String item,
    float score,
    String title,
    List<String> categories,
    double latitude,
    double longitude,
    double distanceKm,
    Optional<Explained> explanation) {
  public Recommendation {
    categories = List.copyOf(categories);
  }

  /**
   * Why the item ranked where it did.
   *
   * @param parts the terms of the score, which add up to it
   * @param events the past events that weighed most in the query, heaviest first
   */
  public record Explained(List<Part> parts, List<Weighed> events) {
    public Explained {
      parts = List.copyOf(parts);
      events = List.copyOf(events);
    }
  }

  /** A named term of a score. */
  public record Part(String name, float value) {}

  /** A past event and its weight in the query, in [0, 1]. */
  public record Weighed(String item, long epochSecond, float weight) {}
}
