package io.strec.app;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * An event as a client sends it, before validation; {@link Recommender#ingest} checks every field
 * and names the first bad one.
 *
 * @param time epoch seconds; empty for the time of arrival
 * @param type what happened, e.g. {@code checkin}, {@code view}, {@code purchase}; empty for {@code
 *     event}
 * @param weight its strength; empty for 1
 */
public record EventInput(
    Optional<String> eventId,
    String user,
    String item,
    OptionalLong time,
    OptionalInt tzOffsetMinutes,
    OptionalDouble latitude,
    OptionalDouble longitude,
    Optional<String> type,
    OptionalDouble weight) {
  public EventInput {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(item, "item");
  }
}
