package io.strec.app.store;

import static io.strec.app.store.Fixtures.event;
import static io.strec.app.store.Fixtures.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paging the catalogue and finding users by id prefix: the answers are compared with the same
 * selection made in Java over the ids that were stored, in SQLite's binary (UTF-8 byte) order.
 */
class EventStoreListingsTest {
  @TempDir Path dir;
  private EventStore store;

  @BeforeEach
  void open() {
    store = EventStore.open(dir.resolve("s.db"), StoreOptions.defaults());
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** UTF-8 byte order, which is SQLite's BINARY collation (Java's String order differs). */
  private static final Comparator<String> BINARY =
      (a, b) ->
          Arrays.compareUnsigned(
              a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  @Test
  void pagesCoverTheCatalogueOnceInIdOrder() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      ids.add(String.format(Locale.ROOT, "poi-%03d", (i * 7) % 23));
    }
    ids.add("Zürich");
    ids.add("\uD83C\uDF55-pizza");
    ids.forEach(id -> store.putItem(item(id)));
    ids.sort(BINARY);

    List<String> paged = new ArrayList<>();
    String after = "";
    List<StoredItem> page;
    do {
      page = store.itemsAfter(after, 4);
      page.forEach(it -> paged.add(it.id()));
      if (!page.isEmpty()) {
        after = page.get(page.size() - 1).id();
      }
    } while (page.size() == 4);
    assertEquals(ids, paged);
    assertEquals(List.of(), store.itemsAfter(ids.get(ids.size() - 1), 4));
    assertEquals(List.of(), store.itemsAfter("", 0));
    assertThrows(IllegalArgumentException.class, () -> store.itemsAfter("", -1));
  }

  @Test
  void usersAreFoundByPrefixWithTheirEventCounts() {
    SplittableRandom rnd = new SplittableRandom(20261203L);
    String[] users = {
      "a", "ab", "abc", "a\u00e9", "a%", "a_", "b", "\u00e9t\u00e9", "A", "ab\uD83D\uDE00", "abd"
    };
    TreeMap<String, Long> counts = new TreeMap<>(BINARY);
    List<NewEvent> events = new ArrayList<>();
    for (String u : users) {
      int n = 1 + rnd.nextInt(4);
      counts.put(u, (long) n);
      for (int i = 0; i < n; i++) {
        events.add(event(u, "poi-" + i, 1_700_000_000L + rnd.nextInt(100_000)));
      }
    }
    store.append(events, Optional.empty(), "seed");

    for (String prefix : List.of("", "a", "ab", "a%", "a_", "\u00e9", "z", "abc", "abcd")) {
      List<UserSummary> want =
          counts.entrySet().stream()
              .filter(e -> e.getKey().startsWith(prefix))
              .map(e -> new UserSummary(e.getKey(), e.getValue()))
              .toList();
      assertEquals(want, store.usersWithPrefix(prefix, 100), "prefix '" + prefix + "'");
      assertEquals(
          want.subList(0, Math.min(2, want.size())),
          store.usersWithPrefix(prefix, 2),
          "the first two for '" + prefix + "'");
    }
  }
}
