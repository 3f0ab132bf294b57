package io.strec.app.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SQL over the {@code items} table. Categories are a JSON array of strings in one column, so an
 * item is one row (read in one statement) and SQLite's {@code json_each} can still query them.
 */
final class ItemRows {
  private ItemRows() {}

  // Readers and writers are immutable and thread-safe, unlike a configurable ObjectMapper.
  private static final ObjectWriter JSON_WRITER = new ObjectMapper().writer();
  private static final ObjectReader CATEGORIES_READER =
      new ObjectMapper().readerFor(String[].class);

  private static final String COLUMNS =
      "id, title, categories, brand, description, latitude, longitude, opening_hours, hidden,"
          + " expires_at, version";

  /** Replaces every field of an existing item and counts its version up; a new item gets 1. */
  static final String UPSERT =
      "INSERT INTO items ("
          + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT (id) DO UPDATE SET"
          + " title = excluded.title, categories = excluded.categories, brand = excluded.brand,"
          + " description = excluded.description, latitude = excluded.latitude,"
          + " longitude = excluded.longitude, opening_hours = excluded.opening_hours,"
          + " hidden = excluded.hidden, expires_at = excluded.expires_at,"
          + " version = items.version + 1";

  static void bindUpsert(PreparedStatement upsert, StoredItem item) throws SQLException {
    upsert.setString(1, item.id());
    upsert.setString(2, item.title());
    upsert.setString(3, encodeCategories(item));
    upsert.setString(4, item.brand());
    upsert.setString(5, item.description());
    Sql.setDouble(upsert, 6, item.latitude());
    Sql.setDouble(upsert, 7, item.longitude());
    upsert.setString(8, item.openingHours());
    upsert.setInt(9, item.hidden() ? 1 : 0);
    Sql.setLong(upsert, 10, item.expiresAtEpochSecond());
  }

  static Optional<StoredItem> find(Connection connection, String id) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT " + COLUMNS + " FROM items WHERE id = ?")) {
      query.setString(1, id);
      List<StoredItem> found = readAll(query);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }
  }

  static List<StoredItem> all(Connection connection) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT " + COLUMNS + " FROM items ORDER BY id")) {
      return readAll(query);
    }
  }

  /** The first item by id that has a place (NULL latitude is no place); empty when none has. */
  static Optional<StoredItem> firstPlaced(Connection connection) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM items WHERE latitude IS NOT NULL AND longitude IS NOT NULL"
                + " ORDER BY id LIMIT 1")) {
      List<StoredItem> found = readAll(query);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }
  }

  /**
   * Every item by id, without brand and description ({@link StoredItem#withoutText(String)}), the
   * reading of a served catalogue: at a million items the text is most of an item's memory. Equal
   * category lists and opening hours share one instance.
   */
  static List<StoredItem> allWithoutText(Connection connection) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT id, title, categories, '' AS brand, '' AS description, latitude, longitude,"
                + " opening_hours, hidden, expires_at, version FROM items ORDER BY id")) {
      Map<String, List<String>> categories = new HashMap<>();
      Map<String, String> hours = new HashMap<>();
      List<StoredItem> items = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          String id = rows.getString("id");
          String json = rows.getString("categories");
          List<String> cats = categories.get(json);
          if (cats == null) {
            cats = List.copyOf(decodeCategories(id, json));
            categories.put(json, cats);
          }
          String open = rows.getString("opening_hours");
          items.add(
              new StoredItem(
                  id,
                  rows.getString("title"),
                  cats,
                  "",
                  "",
                  Sql.getDouble(rows, "latitude"),
                  Sql.getDouble(rows, "longitude"),
                  hours.computeIfAbsent(open, h -> h),
                  rows.getInt("hidden") != 0,
                  Sql.getLong(rows, "expires_at"),
                  rows.getLong("version")));
        }
      }
      return items;
    }
  }

  /** Up to {@code limit} items with ids after {@code afterId} ("" for the first), by id. */
  static List<StoredItem> page(Connection connection, String afterId, int limit)
      throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM items WHERE id > ? ORDER BY id LIMIT ?")) {
      query.setString(1, afterId);
      query.setInt(2, limit);
      return readAll(query);
    }
  }

  /** Writes the server-managed fields of {@code item}: hidden, expiry and version. */
  static void updateState(Connection connection, StoredItem item) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE items SET hidden = ?, expires_at = ?, version = ? WHERE id = ?")) {
      update.setInt(1, item.hidden() ? 1 : 0);
      Sql.setLong(update, 2, item.expiresAtEpochSecond());
      update.setLong(3, item.version());
      update.setString(4, item.id());
      int updated = update.executeUpdate();
      if (updated != 1) {
        throw new SQLException("updating item " + item.id() + " changed " + updated + " rows");
      }
    }
  }

  static boolean delete(Connection connection, String id) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM items WHERE id = ?")) {
      delete.setString(1, id);
      return delete.executeUpdate() > 0;
    }
  }

  private static List<StoredItem> readAll(PreparedStatement query) throws SQLException {
    List<StoredItem> items = new ArrayList<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        items.add(read(rows));
      }
    }
    return items;
  }

  private static StoredItem read(ResultSet rows) throws SQLException {
    String id = rows.getString("id");
    return new StoredItem(
        id,
        rows.getString("title"),
        decodeCategories(id, rows.getString("categories")),
        rows.getString("brand"),
        rows.getString("description"),
        Sql.getDouble(rows, "latitude"),
        Sql.getDouble(rows, "longitude"),
        rows.getString("opening_hours"),
        rows.getInt("hidden") != 0,
        Sql.getLong(rows, "expires_at"),
        rows.getLong("version"));
  }

  private static String encodeCategories(StoredItem item) throws SQLException {
    try {
      return JSON_WRITER.writeValueAsString(item.categories());
    } catch (JsonProcessingException e) {
      throw new SQLException("cannot write the categories of item " + item.id() + " as JSON", e);
    }
  }

  private static List<String> decodeCategories(String id, String json) throws SQLException {
    try {
      String[] categories = CATEGORIES_READER.readValue(json);
      return Arrays.asList(categories);
    } catch (JsonProcessingException e) {
      throw new SQLException(
          "the categories of item " + id + " are not a JSON array of strings: " + json, e);
    }
  }
}
