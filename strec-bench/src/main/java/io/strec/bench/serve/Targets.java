package io.strec.bench.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * The users and items requests name, read once from the server's store file, so that every request
 * asks about someone or something the server knows.
 *
 * @param located the items with a place and at least one category: centres for filtered requests
 */
public record Targets(List<String> users, List<Item> items, List<Item> located) {
  /** An item as the store holds it; latitude and longitude are NaN when it has no place. */
  public record Item(String id, double latitude, double longitude, List<String> categories) {
    boolean hasPlace() {
      return !Double.isNaN(latitude) && !Double.isNaN(longitude);
    }
  }

  public Targets {
    users = List.copyOf(users);
    items = List.copyOf(items);
    located = List.copyOf(located);
  }

  /**
   * Reads the store read-only; the server may hold it open. Users are those with at least one
   * stored event.
   */
  public static Targets read(Path store) throws SQLException {
    if (!Files.isRegularFile(store)) {
      throw new IllegalArgumentException("no store file at " + store);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(10_000);
    ObjectMapper json = new ObjectMapper();
    List<String> users = new ArrayList<>();
    List<Item> items = new ArrayList<>();
    try (Connection c = config.createConnection("jdbc:sqlite:" + store);
        Statement st = c.createStatement()) {
      try (ResultSet rows = st.executeQuery("SELECT DISTINCT user_id FROM events ORDER BY 1")) {
        while (rows.next()) {
          users.add(rows.getString(1));
        }
      }
      try (ResultSet rows =
          st.executeQuery("SELECT id, latitude, longitude, categories FROM items ORDER BY id")) {
        while (rows.next()) {
          String id = rows.getString(1);
          items.add(
              new Item(id, real(rows, 2), real(rows, 3), categories(json, id, rows.getString(4))));
        }
      }
    }
    List<Item> located =
        items.stream().filter(i -> i.hasPlace() && !i.categories().isEmpty()).toList();
    return new Targets(users, items, located);
  }

  private static double real(ResultSet rows, int column) throws SQLException {
    double v = rows.getDouble(column);
    return rows.wasNull() ? Double.NaN : v;
  }

  private static List<String> categories(ObjectMapper json, String id, String text) {
    try {
      return Arrays.asList(json.readValue(text, String[].class));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(
          "the categories of item " + id + " are not a JSON array of strings: " + text, e);
    }
  }

  /** Fails naming what is missing when the store cannot feed {@code scenario}. */
  public void check(Scenario scenario) {
    boolean ok =
        switch (scenario) {
          case RECOMMEND -> !users.isEmpty();
          case RECOMMEND_FILTERED -> !users.isEmpty() && !located.isEmpty();
          case INGEST_SINGLE, INGEST_BATCH -> !users.isEmpty() && !items.isEmpty();
          case HEALTH_LIVE -> true;
        };
    if (!ok) {
      throw new IllegalArgumentException(
          String.format(
              java.util.Locale.ROOT,
              "the store has %d users with events, %d items, %d with a place and a category:"
                  + " not enough for %s",
              users.size(),
              items.size(),
              located.size(),
              scenario.label()));
    }
  }
}
