package io.strec.spark.recommend;

import java.util.List;
import java.util.Objects;

/**
 * One user's events, oldest first (ties in the order they were stored), as parallel lists.
 *
 * @param user the user's id
 */
record UserEvents(
    String user, List<String> items, long[] times, int[] tz, double[] lats, double[] lons) {
  UserEvents {
    Objects.requireNonNull(user, "user");
    int n = items.size();
    if (times.length != n || tz.length != n || lats.length != n || lons.length != n) {
      throw new IllegalArgumentException("event arrays of user " + user + " differ in length");
    }
    if (n == 0) {
      throw new IllegalArgumentException("user " + user + " has no events");
    }
  }

  int size() {
    return items.size();
  }
}
