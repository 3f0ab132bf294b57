package io.strec.app.store;

import java.util.Optional;

/**
 * An event to append: a user did something ({@code type}, e.g. "checkin") with an item.
 *
 * @param eventId the client's id for the event; when present the store keeps at most one event with
 *     it, which makes resending safe
 * @param tzOffsetMinutes the user's local offset from UTC at that moment, within +-18 hours
 * @param latitude NaN when unknown
 * @param longitude NaN when unknown
 * @param weight how much the event counts (1 for a plain check-in); finite
 */
public record NewEvent(
    Optional<String> eventId,
    String user,
    String item,
    long epochSecond,
    int tzOffsetMinutes,
    double latitude,
    double longitude,
    String type,
    double weight) {

  /** The widest offsets {@link java.time.ZoneOffset} accepts. */
  static final int MAX_TZ_OFFSET_MINUTES = 18 * 60;

  public NewEvent {
    Checks.requireNonNull(eventId, "eventId");
    eventId.ifPresent(id -> Checks.requireText(id, "eventId"));
    Checks.requireText(user, "user");
    Checks.requireText(item, "item");
    Checks.requireText(type, "type");
    String owner = "event of user " + user;
    if (Math.abs(tzOffsetMinutes) > MAX_TZ_OFFSET_MINUTES) {
      throw new IllegalArgumentException(
          owner + ": tzOffsetMinutes outside +-" + MAX_TZ_OFFSET_MINUTES + ": " + tzOffsetMinutes);
    }
    Checks.checkLatitude(latitude, owner);
    Checks.checkLongitude(longitude, owner);
    if (!Double.isFinite(weight)) {
      throw new IllegalArgumentException(owner + ": weight must be finite: " + weight);
    }
  }

  /** A check-in without event id, offset or location, weighing 1. */
  public static NewEvent checkin(String user, String item, long epochSecond) {
    return new NewEvent(
        Optional.empty(), user, item, epochSecond, 0, Double.NaN, Double.NaN, "checkin", 1);
  }

  /** This event with its coordinates on the store's grid. */
  NewEvent coarsened(StoreOptions options) {
    return new NewEvent(
        eventId,
        user,
        item,
        epochSecond,
        tzOffsetMinutes,
        options.coarsenLatitude(latitude),
        options.coarsenLongitude(longitude),
        type,
        weight);
  }
}
