package io.strec.app.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The tables of schema version {@value EventStore#SCHEMA_VERSION}, and the check on opening. */
final class Schema {
  private Schema() {}

  static final String VERSION_KEY = "schema_version";

  static final List<String> CREATE =
      List.of(
          """
          CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
          ) WITHOUT ROWID""",
          // AUTOINCREMENT: a seq is never handed out twice, even after the newest events are
          // forgotten, so a seq remembered by an idempotency record or a consumer stays unique.
          """
          CREATE TABLE events (
            seq               INTEGER PRIMARY KEY AUTOINCREMENT,
            event_id          TEXT,
            user_id           TEXT    NOT NULL,
            item_id           TEXT    NOT NULL,
            epoch_second      INTEGER NOT NULL,
            tz_offset_minutes INTEGER NOT NULL,
            latitude          REAL,
            longitude         REAL,
            type              TEXT    NOT NULL,
            weight            REAL    NOT NULL
          )""",
          "CREATE INDEX events_user_time ON events (user_id, epoch_second, seq)",
          "CREATE UNIQUE INDEX events_event_id ON events (event_id) WHERE event_id IS NOT NULL",
          """
          CREATE TABLE items (
            id            TEXT    PRIMARY KEY,
            title         TEXT    NOT NULL,
            categories    TEXT    NOT NULL,
            brand         TEXT    NOT NULL,
            description   TEXT    NOT NULL,
            latitude      REAL,
            longitude     REAL,
            opening_hours TEXT    NOT NULL,
            hidden        INTEGER NOT NULL CHECK (hidden IN (0, 1)),
            expires_at    INTEGER,
            version       INTEGER NOT NULL
          )""",
          """
          CREATE TABLE idempotency (
            idempotency_key TEXT    PRIMARY KEY,
            request_hash    TEXT    NOT NULL,
            stored          INTEGER NOT NULL,
            duplicates      INTEGER NOT NULL,
            seqs            BLOB    NOT NULL,
            created_at      INTEGER NOT NULL
          )""",
          """
          CREATE TABLE idempotency_users (
            user_id         TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            PRIMARY KEY (user_id, idempotency_key)
          ) WITHOUT ROWID""",
          "CREATE INDEX idempotency_users_key ON idempotency_users (idempotency_key)");

  private static final Set<String> TABLES =
      Set.of("meta", "events", "items", "idempotency", "idempotency_users");

  /**
   * Creates the tables in an empty file, or checks that an existing file is a store of this
   * version. Runs inside the opening write transaction, so two processes opening one new file do
   * not both create it.
   */
  static void createOrCheck(Connection connection, Path file) throws SQLException {
    Set<String> tables = tables(connection);
    if (tables.isEmpty()) {
      create(connection);
      return;
    }
    if (!tables.contains("meta")) {
      throw new StoreException(
          file, "not a STREC event store: it has tables " + tables + " but no meta table");
    }
    int version = version(connection, file);
    if (version != EventStore.SCHEMA_VERSION) {
      throw new StoreException(
          file,
          "schema version "
              + version
              + " in the file, but this STREC reads schema version "
              + EventStore.SCHEMA_VERSION
              + "; open it with the STREC release that wrote it");
    }
    if (!tables.containsAll(TABLES)) {
      Set<String> missing = new TreeSet<>(TABLES);
      missing.removeAll(tables);
      throw new StoreException(file, "damaged event store: tables " + missing + " are missing");
    }
  }

  private static void create(Connection connection) throws SQLException {
    for (String statement : CREATE) {
      Sql.execute(connection, statement);
    }
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO meta (key, value) VALUES (?, ?)")) {
      insert.setString(1, VERSION_KEY);
      insert.setString(2, Integer.toString(EventStore.SCHEMA_VERSION));
      insert.addBatch();
      insert.setString(1, "created_at");
      insert.setString(2, Instant.now().toString());
      insert.addBatch();
      insert.executeBatch();
    }
  }

  private static Set<String> tables(Connection connection) throws SQLException {
    Set<String> tables = new TreeSet<>();
    try (PreparedStatement query =
            connection.prepareStatement(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite!_%'"
                    + " ESCAPE '!'");
        ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    return tables;
  }

  private static int version(Connection connection, Path file) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
      query.setString(1, VERSION_KEY);
      try (ResultSet rows = query.executeQuery()) {
        if (!rows.next()) {
          throw new StoreException(file, "damaged event store: meta has no " + VERSION_KEY);
        }
        String value = rows.getString(1);
        try {
          return Integer.parseInt(value);
        } catch (NumberFormatException e) {
          throw new StoreException(file, "reading " + VERSION_KEY + " \"" + value + "\"", e);
        }
      }
    }
  }
}
