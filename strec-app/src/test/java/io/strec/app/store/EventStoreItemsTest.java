package io.strec.app.store;

import static io.strec.app.store.Fixtures.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventStoreItemsTest {
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

  @Test
  void anItemReadsBackFieldForFieldWithVersionOne() {
    StoredItem sent =
        new StoredItem(
            "poi-1",
            "Café \"Zur Post\"",
            List.of("café", "with, comma", "quote \" and \\ slash", ""),
            "",
            "line one\nline two",
            Double.NaN,
            Double.NaN,
            "",
            true,
            OptionalLong.of(1_800_000_000L),
            42);

    store.putItem(sent);

    StoredItem read = store.item("poi-1").orElseThrow();
    assertEquals(sent.withState(true, OptionalLong.of(1_800_000_000L), 1), read);
    assertEquals(Optional.empty(), store.item("nothing"));
  }

  @Test
  void puttingAgainReplacesEveryFieldAndCountsTheVersionUp() {
    store.putItem(item("a"));
    StoredItem changed =
        new StoredItem("a", "New", List.of(), "B2", "", 1, 2, "", false, OptionalLong.empty(), 0);

    store.putItem(changed);

    StoredItem read = store.item("a").orElseThrow();
    assertEquals(changed.withState(false, OptionalLong.empty(), 2), read);
  }

  @Test
  void itemsAreOrderedById() {
    for (String id : List.of("c", "a", "b")) {
      store.putItem(item(id));
    }

    assertEquals(List.of("a", "b", "c"), store.items().stream().map(StoredItem::id).toList());
  }

  @Test
  void theFirstPlacedItemSkipsItemsWithoutAPlaceAndIsReadWhole() {
    assertEquals(Optional.empty(), store.firstPlacedItem());
    store.putItem(
        new StoredItem(
            "a",
            "A",
            List.of(),
            "",
            "",
            Double.NaN,
            Double.NaN,
            "",
            false,
            OptionalLong.empty(),
            0));
    assertEquals(Optional.empty(), store.firstPlacedItem());
    StoredItem c =
        new StoredItem(
            "c",
            "C",
            List.of("bar"),
            "Brand",
            "text",
            40.5,
            -73.9,
            "",
            false,
            OptionalLong.empty(),
            0);
    StoredItem b =
        new StoredItem(
            "b", "B", List.of(), "", "", 41.0, -74.0, "", false, OptionalLong.empty(), 0);
    store.putItem(c);
    store.putItem(b);

    assertEquals(
        b.withState(false, OptionalLong.empty(), 1), store.firstPlacedItem().orElseThrow());
  }

  @Test
  void theServingReadIsEveryItemWithoutTextAndSharesEqualCategoryLists() {
    List<String> cats = List.of("café", "bar");
    for (String id : List.of("c", "a", "b")) {
      store.putItem(
          new StoredItem(
              id,
              "T " + id,
              cats,
              "Brand " + id,
              "a long description of " + id,
              40.5,
              -73.9,
              "Mo-Fr 09:00-17:00",
              id.equals("b"),
              OptionalLong.of(1_800_000_000L),
              0));
    }

    List<StoredItem> whole = store.items();
    List<StoredItem> lean = store.itemsWithoutText();

    assertEquals(whole.stream().map(it -> it.withoutText(it.id())).toList(), lean);
    assertEquals("", lean.get(0).description());
    assertEquals("", lean.get(0).brand());
    assertEquals("Brand a", whole.get(0).brand(), "the store keeps the text");
    assertSame(lean.get(0).categories(), lean.get(2).categories(), "one list for equal ones");
    assertSame(
        lean.get(0).openingHours(), lean.get(1).openingHours(), "one string for equal hours");
  }

  @Test
  void patchSetsOnlyWhatIsGiven() {
    store.putItem(item("a"));

    StoredItem hidden = store.patchItem("a", Optional.of(true), Optional.empty()).orElseThrow();
    StoredItem expiring =
        store.patchItem("a", Optional.empty(), Optional.of(OptionalLong.of(1234))).orElseThrow();
    StoredItem unchanged = store.patchItem("a", Optional.empty(), Optional.empty()).orElseThrow();

    assertEquals(item("a").withState(true, OptionalLong.empty(), 2), hidden);
    assertEquals(item("a").withState(true, OptionalLong.of(1234), 3), expiring);
    assertEquals(expiring, unchanged);
    assertEquals(expiring, store.item("a").orElseThrow());
    assertFalse(expiring.visibleAt(0));
    assertEquals(Optional.empty(), store.patchItem("missing", Optional.of(true), Optional.empty()));
    StoredItem cleared =
        store.patchItem("a", Optional.empty(), Optional.of(OptionalLong.empty())).orElseThrow();
    assertEquals(item("a").withState(true, OptionalLong.empty(), 4), cleared);
  }

  @Test
  void deleteRemovesTheItem() {
    store.putItem(item("a"));

    assertTrue(store.deleteItem("a"));
    assertFalse(store.deleteItem("a"));
    assertEquals(Optional.empty(), store.item("a"));
  }

  @Test
  void seedItemsPutsInBatches() {
    store.putItem(item("i0001"));

    long seeded =
        store.seedItems(
            IntStream.range(0, 2500)
                .mapToObj(i -> item(String.format(Locale.ROOT, "i%04d", i)))
                .iterator(),
            1000);

    assertEquals(2500, seeded);
    List<StoredItem> all = store.items();
    assertEquals(2500, all.size());
    assertEquals(2, store.item("i0001").orElseThrow().version());
    assertEquals(1, store.item("i0002").orElseThrow().version());
  }

  @Test
  void visibility() {
    StoredItem plain = item("a");
    assertTrue(plain.visibleAt(Long.MAX_VALUE));
    assertFalse(plain.withState(true, OptionalLong.empty(), 1).visibleAt(0));
    StoredItem expiring = plain.withState(false, OptionalLong.of(100), 1);
    assertTrue(expiring.visibleAt(99));
    assertFalse(expiring.visibleAt(100));
  }
}
