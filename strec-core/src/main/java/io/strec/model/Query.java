package io.strec.model;

import java.util.Objects;

/**
 * What a model is asked: recommend for this user, given this history, at this time and place.
 *
 * @param user user index in the training vocabulary, or -1 for a user unknown at training time
 * @param history the events the model may use, oldest first
 * @param epochSecond query time (UTC seconds)
 * @param tzOffsetMinutes local-time offset at the query (local = UTC + offset)
 * @param latitude query place, NaN when unknown
 * @param longitude query place, NaN when unknown
 */
public record Query(
    int user,
    History history,
    long epochSecond,
    int tzOffsetMinutes,
    double latitude,
    double longitude) {
  public Query {
    Objects.requireNonNull(history, "history");
  }

  public boolean hasLocation() {
    return !Double.isNaN(latitude) && !Double.isNaN(longitude);
  }

  /** Query time in local seconds since the epoch. */
  public long localEpochSecond() {
    return epochSecond + tzOffsetMinutes * 60L;
  }
}
