package io.strec.app;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * "What next for this user, at this time, near this place?"
 *
 * @param user the user's id; must have stored events (a user without any asks through a session)
 * @param time query time in epoch seconds; empty for now
 * @param tzOffsetMinutes local-time offset of the query; empty for the offset of the user's last
 *     event (0 without one)
 * @param latitude query place; empty (with longitude) for the user's last known place
 * @param k how many items, 1 to the service's maximum
 * @param explain whether each item carries its score parts and the past events that weighed most
 */
public record RecommendRequest(
    String user,
    OptionalLong time,
    OptionalInt tzOffsetMinutes,
    OptionalDouble latitude,
    OptionalDouble longitude,
    int k,
    Filters filters,
    boolean explain) {
  public RecommendRequest {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(filters, "filters");
  }
}
