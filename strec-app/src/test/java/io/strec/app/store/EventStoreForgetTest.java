package io.strec.app.store;

import static io.strec.app.store.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventStoreForgetTest {
  private static final String GONE = "forget-me-7f3a";

  @TempDir Path dir;

  @Test
  void forgettingRemovesTheUsersEventsAndLinkedRequestsAndNothingElse() throws Exception {
    Path file = dir.resolve("s.db");
    try (EventStore store = EventStore.open(file, StoreOptions.defaults())) {
      store.putItem(Fixtures.item("shared-item"));
      store.append(
          List.of(event("ev-" + GONE, GONE, "shared-item", 1), event("keep", "shared-item", 2)),
          Optional.of("mixed-batch"),
          "h1");
      store.append(List.of(event(GONE, "a", 3)), Optional.of("own-batch"), "h2");
      store.append(List.of(event(GONE, "b", 4)), Optional.empty(), "h3");
      store.append(List.of(event("keep", "c", 5)), Optional.of("other-batch"), "h4");
      assertTrue(contains(file, GONE), "the fixture writes the user id somewhere");

      ForgetResult result = store.forgetUser(GONE);

      assertEquals(new ForgetResult(3, 2), result);
      assertEquals(0, store.eventCount(GONE));
      assertEquals(List.of(), store.recentEvents(GONE, 10));
      assertEquals(List.of("shared-item", "c"), store.itemsOf("keep"));
      assertEquals(2, store.eventCount());
      // The other user's remembered request is intact; the mixed batch's record is gone.
      assertTrue(
          store
              .append(List.of(event("keep", "c", 5)), Optional.of("other-batch"), "h4")
              .replayed());
      assertEquals(new ForgetResult(0, 0), store.forgetUser(GONE));
    }
    assertFalse(contains(file, GONE), "the user id appears in no table");
    // Closing checkpoints the WAL into the file; secure_delete has zeroed the freed cells.
    byte[] bytes = Files.readAllBytes(file);
    assertFalse(
        new String(bytes, StandardCharsets.ISO_8859_1).contains(GONE),
        "the user id is not left in the file's free space");
  }

  /** Whether any value in any column of any table (SQLite's own included) mentions {@code s}. */
  private static boolean contains(Path file, String s) throws SQLException {
    try (Connection c = Fixtures.rawConnection(file)) {
      List<String> tables = new ArrayList<>();
      try (Statement st = c.createStatement();
          ResultSet rows = st.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table'")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      assertTrue(tables.containsAll(List.of("events", "idempotency", "idempotency_users")));
      for (String table : tables) {
        try (Statement st = c.createStatement();
            ResultSet rows = st.executeQuery("SELECT * FROM \"" + table + "\"")) {
          int columns = rows.getMetaData().getColumnCount();
          while (rows.next()) {
            for (int i = 1; i <= columns; i++) {
              Object value = rows.getObject(i);
              String text =
                  value instanceof byte[] bytes
                      ? new String(bytes, StandardCharsets.UTF_8)
                      : String.valueOf(value);
              if (text.contains(s)) {
                return true;
              }
            }
          }
        }
      }
      return false;
    }
  }

  private static void assertFalse(boolean condition, String message) {
    org.junit.jupiter.api.Assertions.assertFalse(condition, message);
  }
}
