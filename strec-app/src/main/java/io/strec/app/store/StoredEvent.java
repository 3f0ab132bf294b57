package io.strec.app.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An event as the store holds it.
 *
 * @param seq the store's position for the event: increasing in append order, never reused
 * @param latitude NaN when unknown
 * @param longitude NaN when unknown
 */
public record StoredEvent(
    long seq,
    Optional<String> eventId,
    String user,
    String item,
    long epochSecond,
    int tzOffsetMinutes,
    double latitude,
    double longitude,
    String type,
    double weight) {

  public StoredEvent {
    Checks.requireNonNull(eventId, "eventId");
    Checks.requireNonNull(user, "user");
    Checks.requireNonNull(item, "item");
    Checks.requireNonNull(type, "type");
  }

  /**
   * The fields in which {@code sent} differs from this event, ignoring seq and event id; empty when
   * they are the same event. Coordinates compare numerically (NaN equals NaN), because SQLite may
   * hand back -0.0 as 0.0.
   */
  List<String> differencesFrom(NewEvent sent) {
    List<String> fields = new ArrayList<>();
    if (!user.equals(sent.user())) {
      fields.add("user");
    }
    if (!item.equals(sent.item())) {
      fields.add("item");
    }
    if (epochSecond != sent.epochSecond()) {
      fields.add("time");
    }
    if (tzOffsetMinutes != sent.tzOffsetMinutes()) {
      fields.add("tz_offset");
    }
    if (!sameNumber(latitude, sent.latitude())) {
      fields.add("latitude");
    }
    if (!sameNumber(longitude, sent.longitude())) {
      fields.add("longitude");
    }
    if (!type.equals(sent.type())) {
      fields.add("type");
    }
    if (!sameNumber(weight, sent.weight())) {
      fields.add("weight");
    }
    return fields;
  }

  private static boolean sameNumber(double a, double b) {
    return a == b || (Double.isNaN(a) && Double.isNaN(b));
  }
}
