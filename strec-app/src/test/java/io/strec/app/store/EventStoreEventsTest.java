package io.strec.app.store;

import static io.strec.app.store.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventStoreEventsTest {
  @TempDir Path dir;

  @Test
  void appendedEventsReadBackFieldForField() {
    NewEvent located =
        new NewEvent(
            Optional.of("e-1"), "u1", "i1", 1_700_000_000L, -300, 40.7, -74.0, "view", 2.5);
    NewEvent unlocated =
        new NewEvent(
            Optional.empty(), "u1", "i2", 1_700_000_100L, 0, Double.NaN, Double.NaN, "checkin", 1);
    try (EventStore store = EventStore.open(dir.resolve("s.db"), StoreOptions.defaults())) {
      AppendResult result = store.append(List.of(located, unlocated), Optional.empty(), "h");

      assertEquals(2, result.stored());
      assertEquals(0, result.duplicates());
      assertFalse(result.replayed());
      List<StoredEvent> read = store.recentEvents("u1", 10);
      assertEquals(result.seqs(), read.stream().map(StoredEvent::seq).toList());
      assertSame(located, read.get(0));
      assertSame(unlocated, read.get(1));
      assertTrue(Double.isNaN(read.get(1).latitude()));
      assertTrue(Double.isNaN(read.get(1).longitude()));
    }
  }

  @Test
  void recentEventsAreTheLastOnesOldestFirstByTimeThenSeq() {
    try (EventStore store = EventStore.open(dir.resolve("s.db"), StoreOptions.defaults())) {
      // Appended out of time order, with a tie at t=20 broken by seq.
      store.append(
          List.of(event("u", "a", 30), event("u", "b", 10), event("u", "c", 20)),
          Optional.empty(),
          "1");
      store.append(List.of(event("u", "d", 20), event("other", "x", 99)), Optional.empty(), "2");

      assertEquals(List.of("b", "c", "d", "a"), items(store.recentEvents("u", 10)));
      assertEquals(List.of("c", "d", "a"), items(store.recentEvents("u", 3)));
      assertEquals(List.of(), store.recentEvents("u", 0));
      assertEquals(List.of(), store.recentEvents("nobody", 5));
      assertThrows(IllegalArgumentException.class, () -> store.recentEvents("u", -1));
    }
  }

  @Test
  void countsAndItemsOfAUser() {
    try (EventStore store = EventStore.open(dir.resolve("s.db"), StoreOptions.defaults())) {
      store.append(
          List.of(event("u", "b", 20), event("u", "a", 30), event("u", "b", 40)),
          Optional.empty(),
          "1");
      store.append(List.of(event("v", "z", 5)), Optional.empty(), "2");

      assertEquals(4, store.eventCount());
      assertEquals(3, store.eventCount("u"));
      assertEquals(0, store.eventCount("nobody"));
      assertEquals(List.of("b", "a"), store.itemsOf("u"));
      assertEquals(List.of(), store.itemsOf("nobody"));
    }
  }

  @Test
  void forEachEventStreamsEveryEventInSeqOrderAcrossChunks() {
    int n = 2 * EventStore.EVENT_CHUNK + 17;
    try (EventStore store = EventStore.open(dir.resolve("s.db"), StoreOptions.defaults())) {
      long seeded = store.seedEvents(generated(n), 1000);
      assertEquals(n, seeded);

      List<Long> seqs = new ArrayList<>();
      store.forEachEvent(e -> seqs.add(e.seq()));

      assertEquals(n, seqs.size());
      for (int i = 1; i < n; i++) {
        assertTrue(seqs.get(i - 1) < seqs.get(i), "seq order at " + i);
      }
    }
  }

  @Test
  void seedEventsStreamsFromAnIteratorInBatches() {
    try (EventStore store = EventStore.open(dir.resolve("s.db"), StoreOptions.defaults())) {
      assertEquals(0, store.seedEvents(List.<NewEvent>of().iterator(), 10));
      assertEquals(25_003, store.seedEvents(generated(25_003), 1000));
      assertEquals(25_003, store.eventCount());
      assertEquals(25_003 / 100 + 1, store.eventCount("u0"));
      assertThrows(
          IllegalArgumentException.class, () -> store.seedEvents(generated(1), 0), "batch size");
    }
  }

  @Test
  void aSeedBatchWithAStoredEventIdFailsWholeAndEarlierBatchesStay() {
    try (EventStore store = EventStore.open(dir.resolve("s.db"), StoreOptions.defaults())) {
      store.append(List.of(Fixtures.event("taken", "u", "i", 1)), Optional.empty(), "h");
      List<NewEvent> seed =
          List.of(
              event("u", "a", 1),
              event("u", "b", 2),
              event("u", "c", 3),
              Fixtures.event("taken", "u", "i", 1));

      StoreException e =
          assertThrows(StoreException.class, () -> store.seedEvents(seed.iterator(), 2));

      assertTrue(e.getMessage().contains(store.file().toString()), e.getMessage());
      assertEquals(3, store.eventCount(), "the first batch of two stays, the second is gone");
    }
  }

  @Test
  void reopeningAfterCloseKeepsEverything() {
    Path file = dir.resolve("nested/dirs/s.db");
    List<Long> seqs;
    try (EventStore store = EventStore.open(file, StoreOptions.defaults())) {
      seqs =
          store
              .append(List.of(event("u", "a", 1), event("u", "b", 2)), Optional.of("k"), "h")
              .seqs();
      store.putItem(Fixtures.item("a"));
    }
    try (EventStore store = EventStore.open(file, StoreOptions.defaults())) {
      assertEquals(2, store.eventCount());
      assertEquals(seqs, store.recentEvents("u", 5).stream().map(StoredEvent::seq).toList());
      assertTrue(store.item("a").isPresent());
      AppendResult replay =
          store.append(List.of(event("u", "a", 1), event("u", "b", 2)), Optional.of("k"), "h");
      assertTrue(replay.replayed());
      assertEquals(seqs, replay.seqs());
      long next = store.append(List.of(event("u", "c", 3)), Optional.empty(), "x").seqs().get(0);
      assertTrue(next > seqs.get(1), "seqs keep counting up across reopening");
    }
  }

  @Test
  void aClosedStoreRefusesWorkAndClosingTwiceIsFine() {
    EventStore store = EventStore.open(dir.resolve("s.db"), StoreOptions.defaults());
    store.close();
    store.close();

    StoreException e = assertThrows(StoreException.class, store::eventCount);
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    assertThrows(
        StoreException.class,
        () -> store.append(List.of(event("u", "a", 1)), Optional.empty(), "h"));
  }

  @Test
  void anEmptyBatchStoresNothing() {
    try (EventStore store = EventStore.open(dir.resolve("s.db"), StoreOptions.defaults())) {
      AppendResult first = store.append(List.of(), Optional.of("k"), "h");
      AppendResult again = store.append(List.of(), Optional.of("k"), "h");

      assertEquals(new AppendResult(0, 0, false, List.of()), first);
      assertEquals(new AppendResult(0, 0, true, List.of()), again);
      assertEquals(0, store.eventCount());
    }
  }

  private static Iterator<NewEvent> generated(int n) {
    // Made one by one, so nothing holds all of them.
    return LongStream.range(0, n)
        .mapToObj(i -> event("u" + (i % 100), "i" + (i % 37), i))
        .iterator();
  }

  private static List<String> items(List<StoredEvent> events) {
    return events.stream().map(StoredEvent::item).toList();
  }

  private static void assertSame(NewEvent sent, StoredEvent stored) {
    assertEquals(sent.eventId(), stored.eventId());
    assertEquals(sent.user(), stored.user());
    assertEquals(sent.item(), stored.item());
    assertEquals(sent.epochSecond(), stored.epochSecond());
    assertEquals(sent.tzOffsetMinutes(), stored.tzOffsetMinutes());
    assertEquals(sent.latitude(), stored.latitude());
    assertEquals(sent.longitude(), stored.longitude());
    assertEquals(sent.type(), stored.type());
    assertEquals(sent.weight(), stored.weight());
    assertEquals(List.of(), stored.differencesFrom(sent));
  }
}
