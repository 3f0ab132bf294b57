package io.strec.data;

import java.util.Map;
import java.util.Objects;

/**
 * Optional user attributes (age, gender, occupation, region, ...), as named strings. Absent
 * attributes are simply not in the map.
 */
public record User(String id, Map<String, String> attributes) {
  public User {
    Objects.requireNonNull(id, "id");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("empty user id");
    }
    attributes = Map.copyOf(attributes);
  }
}
