package io.strec.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL over the {@code events} table. */
final class EventRows {
  private EventRows() {}

  private static final String COLUMNS =
      "seq, event_id, user_id, item_id, epoch_second, tz_offset_minutes, latitude, longitude,"
          + " type, weight";

  static final String INSERT =
      "INSERT INTO events (event_id, user_id, item_id, epoch_second, tz_offset_minutes,"
          + " latitude, longitude, type, weight) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  static final String INSERT_RETURNING_SEQ = INSERT + " RETURNING seq";

  static final String BY_EVENT_ID = "SELECT " + COLUMNS + " FROM events WHERE event_id = ?";

  // The newest `limit` through the (user_id, epoch_second, seq) index backwards, then oldest first.
  private static final String RECENT =
      "SELECT * FROM (SELECT "
          + COLUMNS
          + " FROM events WHERE user_id = ? ORDER BY epoch_second DESC, seq DESC LIMIT ?)"
          + " ORDER BY epoch_second, seq";

  private static final String CHUNK =
      "SELECT " + COLUMNS + " FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?";

  static void bind(PreparedStatement insert, NewEvent event) throws SQLException {
    insert.setString(1, event.eventId().orElse(null));
    insert.setString(2, event.user());
    insert.setString(3, event.item());
    insert.setLong(4, event.epochSecond());
    insert.setInt(5, event.tzOffsetMinutes());
    Sql.setDouble(insert, 6, event.latitude());
    Sql.setDouble(insert, 7, event.longitude());
    insert.setString(8, event.type());
    insert.setDouble(9, event.weight());
  }

  /** Inserts through {@link #INSERT_RETURNING_SEQ} and returns the new seq. */
  static long insert(PreparedStatement insertReturningSeq, NewEvent event) throws SQLException {
    bind(insertReturningSeq, event);
    try (ResultSet rows = insertReturningSeq.executeQuery()) {
      if (!rows.next()) {
        throw new SQLException("INSERT ... RETURNING seq returned no row");
      }
      return rows.getLong(1);
    }
  }

  /** Looks up through {@link #BY_EVENT_ID}. */
  static Optional<StoredEvent> byEventId(PreparedStatement byEventId, String eventId)
      throws SQLException {
    byEventId.setString(1, eventId);
    List<StoredEvent> found = readAll(byEventId);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  static List<StoredEvent> recent(Connection connection, String user, int limit)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(RECENT)) {
      query.setString(1, user);
      query.setInt(2, limit);
      return readAll(query);
    }
  }

  static List<String> itemsOf(Connection connection, String user) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT item_id FROM events WHERE user_id = ? GROUP BY item_id"
                + " ORDER BY min(epoch_second), item_id")) {
      query.setString(1, user);
      List<String> items = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          items.add(rows.getString(1));
        }
      }
      return items;
    }
  }

  /** Up to {@code limit} events with {@code afterSeq < seq <= maxSeq}, in seq order. */
  static List<StoredEvent> chunk(Connection connection, long afterSeq, long maxSeq, int limit)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(CHUNK)) {
      query.setLong(1, afterSeq);
      query.setLong(2, maxSeq);
      query.setInt(3, limit);
      return readAll(query);
    }
  }

  static long count(Connection connection) throws SQLException {
    return Long.parseLong(Sql.queryString(connection, "SELECT count(*) FROM events"));
  }

  static long count(Connection connection, String user) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT count(*) FROM events WHERE user_id = ?")) {
      query.setString(1, user);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  static long maxSeq(Connection connection) throws SQLException {
    return Long.parseLong(Sql.queryString(connection, "SELECT coalesce(max(seq), 0) FROM events"));
  }

  static long deleteUser(Connection connection, String user) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM events WHERE user_id = ?")) {
      delete.setString(1, user);
      return delete.executeUpdate();
    }
  }

  private static List<StoredEvent> readAll(PreparedStatement query) throws SQLException {
    List<StoredEvent> events = new ArrayList<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        events.add(read(rows));
      }
    }
    return events;
  }

  private static StoredEvent read(ResultSet rows) throws SQLException {
    return new StoredEvent(
        rows.getLong("seq"),
        Optional.ofNullable(rows.getString("event_id")),
        rows.getString("user_id"),
        rows.getString("item_id"),
        rows.getLong("epoch_second"),
        rows.getInt("tz_offset_minutes"),
        Sql.getDouble(rows, "latitude"),
        Sql.getDouble(rows, "longitude"),
        rows.getString("type"),
        rows.getDouble("weight"));
  }
}
