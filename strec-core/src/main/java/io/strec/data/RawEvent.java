package io.strec.data;

import java.util.Objects;

/**
 * One behaviour record as read from a source, before indexing.
 *
 * <p>Missing optional values are explicit, never null: {@code Double.NaN} for latitude, longitude
 * and weight, the empty string for type, split and group.
 *
 * @param userId external user id, non-empty
 * @param itemId external item id, non-empty
 * @param epochSecond UTC instant in seconds (sources without clock time use the position in the
 *     user's sequence)
 * @param tzOffsetMinutes offset of local time from UTC in minutes (local = UTC + offset)
 * @param latitude degrees in [-90, 90] or NaN
 * @param longitude degrees in [-180, 180] or NaN
 * @param type event type such as "view" or "checkin", or ""
 * @param weight rating or weight, or NaN
 * @param split split label carried by the source ("train", "val", ...), or ""
 * @param group session or trajectory id carried by the source, or ""
 * @param provenance where the record was read
 */
public record RawEvent(
    String userId,
    String itemId,
    long epochSecond,
    int tzOffsetMinutes,
    double latitude,
    double longitude,
    String type,
    double weight,
    String split,
    String group,
    Provenance provenance) {

  public RawEvent {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(provenance, "provenance");
    if (userId.isEmpty()) {
      throw new IllegalArgumentException("empty user id at " + provenance);
    }
    if (itemId.isEmpty()) {
      throw new IllegalArgumentException("empty item id at " + provenance);
    }
    if (!Double.isNaN(latitude) && (latitude < -90 || latitude > 90)) {
      throw new IllegalArgumentException(
          "latitude outside [-90, 90]: " + latitude + " at " + provenance);
    }
    if (!Double.isNaN(longitude) && (longitude < -180 || longitude > 180)) {
      throw new IllegalArgumentException(
          "longitude outside [-180, 180]: " + longitude + " at " + provenance);
    }
  }

  /** A plain (user, item, time) event with no location, type, weight, split or group. */
  public static RawEvent of(String userId, String itemId, long epochSecond, Provenance provenance) {
    return new RawEvent(
        userId, itemId, epochSecond, 0, Double.NaN, Double.NaN, "", Double.NaN, "", "", provenance);
  }

  public boolean hasLocation() {
    return !Double.isNaN(latitude) && !Double.isNaN(longitude);
  }

  /** Seconds since the epoch in the event's local time (UTC shifted by its offset). */
  public long localEpochSecond() {
    return epochSecond + tzOffsetMinutes * 60L;
  }

  public RawEvent withWeight(double newWeight) {
    return new RawEvent(
        userId,
        itemId,
        epochSecond,
        tzOffsetMinutes,
        latitude,
        longitude,
        type,
        newWeight,
        split,
        group,
        provenance);
  }

  public RawEvent withLocation(double lat, double lon) {
    return new RawEvent(
        userId,
        itemId,
        epochSecond,
        tzOffsetMinutes,
        lat,
        lon,
        type,
        weight,
        split,
        group,
        provenance);
  }
}
