package io.strec.app.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordsTest {
  @TempDir Path dir;

  @Test
  void newEventNamesTheBadField() {
    assertMessageNames(
        "user",
        () -> new NewEvent(Optional.empty(), "", "i", 0, 0, Double.NaN, Double.NaN, "t", 1));
    assertMessageNames(
        "user",
        () -> new NewEvent(Optional.empty(), null, "i", 0, 0, Double.NaN, Double.NaN, "t", 1));
    assertMessageNames(
        "item",
        () -> new NewEvent(Optional.empty(), "u", "", 0, 0, Double.NaN, Double.NaN, "t", 1));
    assertMessageNames(
        "item",
        () -> new NewEvent(Optional.empty(), "u", null, 0, 0, Double.NaN, Double.NaN, "t", 1));
    assertMessageNames(
        "eventId",
        () -> new NewEvent(Optional.of(""), "u", "i", 0, 0, Double.NaN, Double.NaN, "t", 1));
    assertMessageNames(
        "latitude", () -> new NewEvent(Optional.empty(), "u", "i", 0, 0, 91, 0, "t", 1));
    assertMessageNames(
        "longitude", () -> new NewEvent(Optional.empty(), "u", "i", 0, 0, 0, 180.5, "t", 1));
    assertMessageNames(
        "tzOffsetMinutes", () -> new NewEvent(Optional.empty(), "u", "i", 0, 1081, 0, 0, "t", 1));
    assertMessageNames(
        "weight", () -> new NewEvent(Optional.empty(), "u", "i", 0, 0, 0, 0, "t", Double.NaN));
  }

  @Test
  void storedItemNamesTheBadField() {
    assertMessageNames(
        "id",
        () -> new StoredItem("", "", List.of(), "", "", 0, 0, "", false, OptionalLong.empty(), 0));
    assertMessageNames(
        "openingHours",
        () ->
            new StoredItem("x", "", List.of(), "", "", 0, 0, null, false, OptionalLong.empty(), 0));
    assertMessageNames(
        "item x: title",
        () ->
            new StoredItem("x", null, List.of(), "", "", 0, 0, "", false, OptionalLong.empty(), 0));
    assertMessageNames(
        "item x: category",
        () ->
            new StoredItem(
                "x",
                "",
                Arrays.asList("a", null),
                "",
                "",
                0,
                0,
                "",
                false,
                OptionalLong.empty(),
                0));
    assertMessageNames(
        "item x: latitude outside [-90, 90]: 90.5",
        () ->
            new StoredItem(
                "x", "", List.of(), "", "", 90.5, 0, "", false, OptionalLong.empty(), 0));
    assertMessageNames(
        "item x: longitude outside [-180, 180]: -181.0",
        () ->
            new StoredItem(
                "x", "", List.of(), "", "", 0, -181, "", false, OptionalLong.empty(), 0));
    assertMessageNames(
        "item x: version must be >= 0: -1",
        () ->
            new StoredItem("x", "", List.of(), "", "", 0, 0, "", false, OptionalLong.empty(), -1));
    StoredItem unknownPlace =
        new StoredItem(
            "x", "", List.of("a"), "", "", Double.NaN, Double.NaN, "", true, OptionalLong.of(5), 0);
    assertTrue(Double.isNaN(unknownPlace.latitude()));
  }

  @Test
  void coarseningRoundsToTheNearestGridPointInsideTheWorld() {
    StoreOptions grid = new StoreOptions(StoreOptions.Synchronous.FULL, 0.25);
    assertEquals(52.5, grid.coarsenLatitude(52.52), 1e-12);
    assertEquals(13.5, grid.coarsenLongitude(13.405 + 0.1), 1e-12);
    assertEquals(-74.0, grid.coarsenLongitude(-74.006), 1e-12);
    assertTrue(Double.isNaN(grid.coarsenLatitude(Double.NaN)));
    StoreOptions wide = new StoreOptions(StoreOptions.Synchronous.FULL, 7);
    assertEquals(90, wide.coarsenLatitude(89.9), 0);
    assertEquals(-180, wide.coarsenLongitude(-179.9), 0);
    assertEquals(52.52, StoreOptions.defaults().coarsenLatitude(52.52), 0);
  }

  @Test
  void coarseningAppliesToStoredEvents() {
    StoreOptions grid = new StoreOptions(StoreOptions.Synchronous.FULL, 0.1);
    NewEvent exact = new NewEvent(Optional.empty(), "u", "i", 1, 0, 40.7128, -74.0060, "t", 1);
    NewEvent nowhere =
        new NewEvent(Optional.empty(), "u", "j", 2, 0, Double.NaN, Double.NaN, "t", 1);
    try (EventStore store = EventStore.open(dir.resolve("s.db"), grid)) {
      store.append(List.of(exact), Optional.empty(), "h");
      store.seedEvents(List.of(exact, nowhere).iterator(), 10);

      List<StoredEvent> stored = store.recentEvents("u", 10);
      assertEquals(3, stored.size());
      for (StoredEvent e : stored.subList(0, 2)) {
        assertEquals(40.7, e.latitude(), 1e-9);
        assertEquals(-74.0, e.longitude(), 1e-9);
      }
      assertTrue(Double.isNaN(stored.get(2).latitude()));
    }
  }

  private static void assertMessageNames(
      String field, org.junit.jupiter.api.function.Executable e) {
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, e);
    assertTrue(thrown.getMessage().contains(field), thrown.getMessage());
  }
}
