package io.strec.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One append inside the write transaction: the Idempotency-Key check, event-id deduplication and
 * the inserts. It throws on the first conflict, and the caller's rollback then discards the whole
 * batch.
 */
final class BatchAppend {
  private BatchAppend() {}

  static AppendResult run(
      Connection connection,
      List<NewEvent> events,
      Optional<String> idempotencyKey,
      String requestHash,
      StoreOptions options)
      throws SQLException {
    if (idempotencyKey.isPresent()) {
      String key = idempotencyKey.get();
      Optional<IdempotencyRecords.Seen> seen = IdempotencyRecords.find(connection, key);
      if (seen.isPresent()) {
        if (!seen.get().requestHash().equals(requestHash)) {
          throw IdempotencyConflictException.forKey(key);
        }
        return seen.get().result().asReplay();
      }
    }
    List<Long> seqs = new ArrayList<>(events.size());
    Set<String> users = new LinkedHashSet<>();
    int duplicates = 0;
    try (PreparedStatement byEventId = connection.prepareStatement(EventRows.BY_EVENT_ID);
        PreparedStatement insert = connection.prepareStatement(EventRows.INSERT_RETURNING_SEQ)) {
      for (int i = 0; i < events.size(); i++) {
        NewEvent event = events.get(i).coarsened(options);
        users.add(event.user());
        // The lookup also sees this batch's earlier inserts (same transaction), so an event id
        // repeated inside the batch is handled like one already stored.
        Optional<StoredEvent> existing =
            event.eventId().isPresent()
                ? EventRows.byEventId(byEventId, event.eventId().get())
                : Optional.empty();
        if (existing.isEmpty()) {
          seqs.add(EventRows.insert(insert, event));
          continue;
        }
        List<String> differences = existing.get().differencesFrom(event);
        if (!differences.isEmpty()) {
          throw IdempotencyConflictException.forEventId(i, event.eventId().get(), differences);
        }
        seqs.add(existing.get().seq());
        duplicates++;
      }
    }
    AppendResult result = new AppendResult(events.size() - duplicates, duplicates, false, seqs);
    if (idempotencyKey.isPresent()) {
      IdempotencyRecords.remember(connection, idempotencyKey.get(), requestHash, result, users);
    }
    return result;
  }
}
