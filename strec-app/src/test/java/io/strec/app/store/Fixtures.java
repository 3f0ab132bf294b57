package io.strec.app.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

/** Events and items for the store tests, and raw JDBC access to a store's file. */
final class Fixtures {
  private Fixtures() {}

  static NewEvent event(String user, String item, long epochSecond) {
    return new NewEvent(
        Optional.empty(), user, item, epochSecond, 60, 52.52, 13.405, "checkin", 1.0);
  }

  static NewEvent event(String eventId, String user, String item, long epochSecond) {
    return new NewEvent(
        Optional.of(eventId), user, item, epochSecond, 60, 52.52, 13.405, "checkin", 1.0);
  }

  static StoredItem item(String id) {
    return new StoredItem(
        id,
        "Title of " + id,
        java.util.List.of("cafe", "bakery"),
        "Brand",
        "A place called " + id,
        48.1371,
        11.5754,
        "08:00-18:00",
        false,
        java.util.OptionalLong.empty(),
        0);
  }

  /** A plain connection to the file, outside the store (the store may be open or closed). */
  static Connection rawConnection(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }
}
