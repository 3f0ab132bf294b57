package io.strec.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client's side of {@link ServeDurabilityTest}: every batch it sent, which of them the server
 * acknowledged and which are unknown (the request failed, so the batch may or may not be stored),
 * and the check of a store's rows against that. Thread-safe.
 */
final class IngestLedger {
  /** One event as sent; type "checkin", weight 1 and offset 0 are implied. */
  record Event(String eventId, String user, String item, long time, double lat, double lon) {}

  /** A request: its Idempotency-Key, its exact body (a retry resends these bytes) and events. */
  record Batch(String key, byte[] body, List<Event> events) {}

  /** What {@link #check} found: problems (none when the store holds) and events compared. */
  record Check(List<String> problems, long eventsCompared) {}

  /** An event row as stored. */
  record Row(
      String user,
      String item,
      long time,
      int tzOffsetMinutes,
      double lat,
      double lon,
      String type,
      double weight) {}

  private final Map<String, Batch> acknowledged = new ConcurrentHashMap<>();
  private final Map<String, Batch> unknown = new ConcurrentHashMap<>();
  // Unknown batches found in the store at the last check: committed, but the answer was lost.
  private final Set<String> storedUnacknowledged = ConcurrentHashMap.newKeySet();

  void acknowledged(Batch batch) {
    unknown.remove(batch.key());
    storedUnacknowledged.remove(batch.key());
    if (acknowledged.putIfAbsent(batch.key(), batch) != null) {
      throw new IllegalStateException("batch " + batch.key() + " acknowledged twice");
    }
  }

  void unknown(Batch batch) {
    unknown.put(batch.key(), batch);
  }

  /** Whether the last {@link #check} found this unknown batch in the store. */
  boolean foundStored(Batch batch) {
    return storedUnacknowledged.contains(batch.key());
  }

  List<Batch> unknownBatches() {
    return new ArrayList<>(unknown.values());
  }

  List<Batch> acknowledgedBatches() {
    return new ArrayList<>(acknowledged.values());
  }

  int acknowledgedCount() {
    return acknowledged.size();
  }

  long acknowledgedEvents() {
    return acknowledged.values().stream().mapToLong(b -> b.events().size()).sum();
  }

  /**
   * Checks the store's rows with an event id against the ledger and returns the problems found
   * (none when it holds): each acknowledged event is stored exactly once with the content sent,
   * each unknown batch is stored whole or not at all, no event id is stored twice and no row has an
   * event id the client never sent. Remembers which unknown batches are stored.
   *
   * @param counts rows per event id
   * @param rows the row of each event id
   */
  Check check(Map<String, Integer> counts, Map<String, Row> rows) {
    List<String> problems = new ArrayList<>();
    long compared = 0;
    counts.forEach(
        (id, n) -> {
          if (n != 1) {
            problems.add("event id " + id + " is stored " + n + " times");
          }
        });
    long expectedRows = 0;
    Set<String> sent = new HashSet<>();
    for (Batch b : acknowledged.values()) {
      for (Event e : b.events()) {
        sent.add(e.eventId());
        compared++;
        Row row = rows.get(e.eventId());
        if (row == null) {
          problems.add("acknowledged event " + e.eventId() + " (batch " + b.key() + ") is lost");
        } else if (!row.equals(expected(e))) {
          problems.add("event " + e.eventId() + " is stored as " + row + ", sent as " + e);
        }
      }
      expectedRows += b.events().size();
    }
    for (Batch b : unknown.values()) {
      int present = 0;
      for (Event e : b.events()) {
        sent.add(e.eventId());
        Row row = rows.get(e.eventId());
        if (row != null) {
          present++;
          compared++;
          if (!row.equals(expected(e))) {
            problems.add("event " + e.eventId() + " is stored as " + row + ", sent as " + e);
          }
        }
      }
      if (present == b.events().size()) {
        storedUnacknowledged.add(b.key());
        expectedRows += present;
      } else if (present == 0) {
        storedUnacknowledged.remove(b.key());
      } else {
        problems.add(
            "batch "
                + b.key()
                + " is stored in part: "
                + present
                + " of "
                + b.events().size()
                + " events");
      }
    }
    for (String id : rows.keySet()) {
      if (!sent.contains(id)) {
        problems.add("event id " + id + " is stored but was never sent");
      }
    }
    if (rows.size() != expectedRows && problems.isEmpty()) {
      problems.add("the store holds " + rows.size() + " events with ids, expected " + expectedRows);
    }
    return new Check(problems, compared);
  }

  static Row expected(Event e) {
    return new Row(e.user(), e.item(), e.time(), 0, e.lat(), e.lon(), "checkin", 1.0);
  }
}
