package io.strec.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything read from a {@link DataSource}: events in file order, item metadata by id (first
 * record of an id wins, later ones fill its empty fields), user attributes by id and the row
 * counts.
 */
public record Loaded(
    String source,
    List<RawEvent> events,
    Map<String, Item> items,
    Map<String, User> users,
    ReadStats stats) {
  public Loaded {
    events = List.copyOf(events);
    items = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(items));
    users = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(users));
  }

  /** Events and items without user attributes. */
  public Loaded(String source, List<RawEvent> events, Map<String, Item> items, ReadStats stats) {
    this(source, events, items, Map.of(), stats);
  }

  /** Reads all events, then all items, of {@code source} under {@code policy}. */
  public static Loaded read(DataSource source, RowPolicy policy) throws IOException {
    List<RawEvent> events = new ArrayList<>();
    source.readEvents(events::add, policy);
    Map<String, Item> items = new LinkedHashMap<>();
    source.readItems(it -> items.merge(it.id(), it, Item::mergedWith), policy);
    Map<String, User> users = new LinkedHashMap<>();
    source.readUsers(u -> users.putIfAbsent(u.id(), u), policy);
    return new Loaded(source.describe(), events, items, users, policy.stats());
  }

  /** The same metadata with other events (after cleaning, say). */
  public Loaded withEvents(List<RawEvent> newEvents) {
    return new Loaded(source, newEvents, items, users, stats);
  }

  /**
   * The same data without the items that no event names, in the same order: the catalogue of a
   * k-core, which keeps only items with events.
   */
  public Loaded withoutItemsOutsideEvents() {
    Set<String> named = new HashSet<>();
    events.forEach(e -> named.add(e.itemId()));
    Map<String, Item> kept = new LinkedHashMap<>();
    items.forEach(
        (id, it) -> {
          if (named.contains(id)) {
            kept.put(id, it);
          }
        });
    return new Loaded(source, events, kept, users, stats);
  }
}
