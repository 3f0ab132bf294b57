package io.strec.app;

import io.strec.app.store.EventStore;
import io.strec.app.store.NewEvent;
import io.strec.app.store.StoredItem;
import io.strec.data.Item;
import io.strec.data.Loaded;
import io.strec.data.RawEvent;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
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
   * @param hours the opening hours of an item id ({@code ""} when unknown)
   */
  public static Seeded seed(EventStore store, Loaded data, Function<String, String> hours) {
    Map<String, Item> items = new LinkedHashMap<>(data.items());
    for (RawEvent e : data.events()) {
      items.computeIfAbsent(e.itemId(), Item::bare);
    }
    Iterator<Item> it = items.values().iterator();
    long nItems =
        store.seedItems(
            new Iterator<>() {
              @Override
              public boolean hasNext() {
                return it.hasNext();
              }

              @Override
              public StoredItem next() {
                Item x = it.next();
                return new StoredItem(
                    x.id(),
                    x.title(),
                    x.categories(),
                    x.brand(),
                    x.description(),
                    x.latitude(),
                    x.longitude(),
                    hours.apply(x.id()),
                    false,
                    OptionalLong.empty(),
                    0);
              }
            },
            BATCH);
    Iterator<RawEvent> ev = data.events().iterator();
    long nEvents =
        store.seedEvents(
            new Iterator<>() {
              @Override
              public boolean hasNext() {
                return ev.hasNext();
              }

              @Override
              public NewEvent next() {
                RawEvent e = ev.next();
                return new NewEvent(
                    Optional.empty(),
                    e.userId(),
                    e.itemId(),
                    e.epochSecond(),
                    e.tzOffsetMinutes(),
                    e.latitude(),
                    e.longitude(),
                    e.type().isEmpty() ? "event" : e.type(),
                    Double.isNaN(e.weight()) ? 1.0 : e.weight());
              }
            },
            BATCH);
    return new Seeded(nItems, nEvents);
  }
}
