package io.strec.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Users, read from the {@code events} table (a user is known by their events). */
final class UserRows {
  private UserRows() {}

  // Both walk the (user_id, epoch_second, seq) index: one seek per user found, however many
  // events each user has, instead of a DISTINCT over every event.
  private static final String FIRST_FROM =
      "SELECT user_id FROM events WHERE user_id >= ? ORDER BY user_id LIMIT 1";
  private static final String NEXT_AFTER =
      "SELECT user_id FROM events WHERE user_id > ? ORDER BY user_id LIMIT 1";

  /**
   * Up to {@code limit} users whose ids start with {@code prefix} (every user for ""), in id order
   * (SQLite's binary order: by UTF-8 bytes), each with their event count.
   */
  static List<UserSummary> withPrefix(Connection connection, String prefix, int limit)
      throws SQLException {
    List<UserSummary> out = new ArrayList<>();
    try (PreparedStatement first = connection.prepareStatement(FIRST_FROM);
        PreparedStatement next = connection.prepareStatement(NEXT_AFTER)) {
      first.setString(1, prefix);
      Optional<String> user = single(first);
      // Ids with a common prefix are contiguous in binary order and not below the prefix, so the
      // first id that lacks it ends the walk.
      while (user.isPresent() && user.get().startsWith(prefix) && out.size() < limit) {
        out.add(new UserSummary(user.get(), EventRows.count(connection, user.get())));
        next.setString(1, user.get());
        user = single(next);
      }
    }
    return out;
  }

  /** The one user id the query returns; empty at the end of the index. */
  private static Optional<String> single(PreparedStatement query) throws SQLException {
    try (ResultSet rows = query.executeQuery()) {
      return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
    }
  }
}
