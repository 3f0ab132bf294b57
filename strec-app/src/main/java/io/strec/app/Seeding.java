package io.strec.app;

import io.strec.app.store.EventStore;
import io.strec.app.store.NewEvent;
import io.strec.app.store.StoredItem;
import io.strec.data.Item;
import io.strec.data.Loaded;
import io.strec.data.RawEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Fills a store from a data set that any importer read (with its validation and reject file already
 * applied): every item of the metadata and of the events, then every event.
 */
public final class Seeding {
  private static final int BATCH = 10_000;

  private Seeding() {}

  /** What seeding wrote. */
  public record Seeded(long items, long events) {}

  /**
   * Fills {@code store} with the items of {@code data}, then its events.
   *
   * @param hours the opening hours of an item id ({@code ""} when unknown)
   */
  public static Seeded seed(EventStore store, Loaded data, Function<String, String> hours) {
    Map<String, Item> items = new LinkedHashMap<>(data.items());
    for (RawEvent e : data.events()) {
      items.computeIfAbsent(e.itemId(), Item::bare);
    }
    long nItems =
        store.seedItems(
            items.values().stream().map(x -> StoredItem.of(x, hours.apply(x.id()))).iterator(),
            BATCH);
    long nEvents =
        store.seedEvents(
            data.events().stream()
                .map(
                    e ->
                        new NewEvent(
                            Optional.empty(),
                            e.userId(),
                            e.itemId(),
                            e.epochSecond(),
                            e.tzOffsetMinutes(),
                            e.latitude(),
                            e.longitude(),
                            e.type().isEmpty() ? "event" : e.type(),
                            Double.isNaN(e.weight()) ? 1.0 : e.weight()))
                .iterator(),
            BATCH);
    return new Seeded(nItems, nEvents);
  }
}
