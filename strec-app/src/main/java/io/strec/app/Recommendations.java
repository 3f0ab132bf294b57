package io.strec.app;

import java.util.List;

/**
 * The answer to a recommendation request, with the query as it was resolved (defaults filled).
 *
 * @param user the user id, or empty for a session
 * @param historyLength how many past events the model saw
 */
public record Recommendations(
    String user,
    long epochSecond,
    int tzOffsetMinutes,
    double latitude,
    double longitude,
    int historyLength,
    ModelInfo model,
    List<Recommendation> items) {
  public Recommendations {
    items = List.copyOf(items);
  }
}
