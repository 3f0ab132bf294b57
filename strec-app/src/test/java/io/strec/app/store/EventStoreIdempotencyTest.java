package io.strec.app.store;

import static io.strec.app.store.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventStoreIdempotencyTest {
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
  void aReplayedKeyReturnsTheOriginalResultAndWritesNothing() {
    store.append(List.of(event("x1", "u", "seen", 1)), Optional.empty(), "earlier");
    List<NewEvent> batch =
        List.of(event("x1", "u", "seen", 1), event("u", "a", 2), event("u", "b", 3));
    AppendResult original = store.append(batch, Optional.of("key-1"), "hash-1");
    long count = store.eventCount();

    AppendResult replay = store.append(batch, Optional.of("key-1"), "hash-1");

    assertEquals(new AppendResult(2, 1, false, original.seqs()), original);
    assertEquals(new AppendResult(2, 1, true, original.seqs()), replay);
    assertEquals(count, store.eventCount());
  }

  @Test
  void prunedRecordsAreForgottenAndYoungerOnesKept() {
    store.append(List.of(event("u", "a", 1)), Optional.of("old"), "hash-1");
    long now = java.time.Instant.now().getEpochSecond();
    assertEquals(0, store.pruneIdempotency(now - 3600), "a record made now is younger than 1 h");
    assertTrue(
        store.append(List.of(event("u", "a", 1)), Optional.of("old"), "hash-1").replayed(),
        "still remembered");

    assertEquals(1, store.pruneIdempotency(now + 1));
    long count = store.eventCount();
    AppendResult again = store.append(List.of(event("u", "a", 1)), Optional.of("old"), "hash-2");
    assertFalse(again.replayed(), "a pruned key is a new batch, even with another body");
    assertEquals(count + 1, store.eventCount());
  }

  @Test
  void aKeyReusedForADifferentBodyIsAConflictAndWritesNothing() {
    store.append(List.of(event("u", "a", 1)), Optional.of("key-1"), "hash-1");
    long count = store.eventCount();

    IdempotencyConflictException e =
        assertThrows(
            IdempotencyConflictException.class,
            () ->
                store.append(
                    List.of(event("u", "b", 2), event("u", "c", 3)),
                    Optional.of("key-1"),
                    "hash-2"));

    assertEquals(-1, e.index());
    assertEquals("Idempotency-Key", e.field());
    assertTrue(e.getMessage().contains("key-1"), e.getMessage());
    assertEquals(count, store.eventCount());
  }

  @Test
  void aStoredEventIdWithTheSameContentIsADuplicate() {
    AppendResult first = store.append(List.of(event("e1", "u", "a", 1)), Optional.empty(), "h");

    AppendResult second =
        store.append(List.of(event("e1", "u", "a", 1), event("u", "b", 2)), Optional.empty(), "h");

    assertEquals(1, second.stored());
    assertEquals(1, second.duplicates());
    assertFalse(second.replayed());
    assertEquals(first.seqs().get(0), second.seqs().get(0), "a duplicate reports the stored seq");
    assertEquals(2, store.eventCount());
  }

  @Test
  void aStoredEventIdWithOtherContentFailsTheWholeBatch() {
    store.append(List.of(event("e1", "u", "a", 1)), Optional.empty(), "h");
    long count = store.eventCount();

    IdempotencyConflictException e =
        assertThrows(
            IdempotencyConflictException.class,
            () ->
                store.append(
                    List.of(event("u", "b", 2), event("e2", "u", "c", 3), event("e1", "u", "a", 9)),
                    Optional.of("key"),
                    "h"));

    assertEquals(2, e.index());
    assertEquals("event_id", e.field());
    assertTrue(e.getMessage().contains("e1") && e.getMessage().contains("time"), e.getMessage());
    assertEquals(count, store.eventCount(), "nothing of the batch is stored");
    // The key was not remembered either: the same key with a good batch now goes through.
    AppendResult retry = store.append(List.of(event("u", "b", 2)), Optional.of("key"), "h2");
    assertEquals(1, retry.stored());
  }

  @Test
  void eachDifferingFieldIsAConflict() {
    NewEvent base = new NewEvent(Optional.of("e"), "u", "i", 100, 60, 1.0, 2.0, "checkin", 1.0);
    store.append(List.of(base), Optional.empty(), "h");
    List<NewEvent> variants =
        List.of(
            new NewEvent(Optional.of("e"), "v", "i", 100, 60, 1.0, 2.0, "checkin", 1.0),
            new NewEvent(Optional.of("e"), "u", "j", 100, 60, 1.0, 2.0, "checkin", 1.0),
            new NewEvent(Optional.of("e"), "u", "i", 101, 60, 1.0, 2.0, "checkin", 1.0),
            new NewEvent(Optional.of("e"), "u", "i", 100, 0, 1.0, 2.0, "checkin", 1.0),
            new NewEvent(Optional.of("e"), "u", "i", 100, 60, Double.NaN, 2.0, "checkin", 1.0),
            new NewEvent(Optional.of("e"), "u", "i", 100, 60, 1.0, 2.5, "checkin", 1.0),
            new NewEvent(Optional.of("e"), "u", "i", 100, 60, 1.0, 2.0, "view", 1.0),
            new NewEvent(Optional.of("e"), "u", "i", 100, 60, 1.0, 2.0, "checkin", 0.5));
    for (NewEvent variant : variants) {
      assertThrows(
          IdempotencyConflictException.class,
          () -> store.append(List.of(variant), Optional.empty(), "h"),
          variant.toString());
    }
    assertEquals(1, store.eventCount());
    assertEquals(1, store.append(List.of(base), Optional.empty(), "h").duplicates());
  }

  @Test
  void anEventIdRepeatedInOneBatch() {
    AppendResult same =
        store.append(
            List.of(event("e", "u", "a", 1), event("e", "u", "a", 1)), Optional.empty(), "h");
    assertEquals(1, same.stored());
    assertEquals(1, same.duplicates());
    assertEquals(same.seqs().get(0), same.seqs().get(1));
    long count = store.eventCount();

    IdempotencyConflictException e =
        assertThrows(
            IdempotencyConflictException.class,
            () ->
                store.append(
                    List.of(event("f", "u", "a", 1), event("f", "u", "b", 1)),
                    Optional.empty(),
                    "h"));

    assertEquals(1, e.index());
    assertEquals(count, store.eventCount());
  }

  @Test
  void coarseningAppliesBeforeComparingDuplicates() {
    store.close();
    store =
        EventStore.open(
            dir.resolve("coarse.db"), new StoreOptions(StoreOptions.Synchronous.FULL, 0.5));
    NewEvent here = new NewEvent(Optional.of("e"), "u", "i", 1, 0, 52.51, 13.41, "checkin", 1);
    NewEvent nearby = new NewEvent(Optional.of("e"), "u", "i", 1, 0, 52.4, 13.3, "checkin", 1);
    store.append(List.of(here), Optional.empty(), "h");

    AppendResult again = store.append(List.of(nearby), Optional.empty(), "h");

    assertEquals(1, again.duplicates(), "both lie in the same 0.5-degree cell");
  }
}
