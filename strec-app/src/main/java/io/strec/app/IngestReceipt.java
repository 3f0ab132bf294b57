package io.strec.app;

/**
 * What became of a batch of events: all of it is on disk and visible to the next request.
 *
 * @param stored events written
 * @param duplicates events whose {@code event_id} was already stored with the same content
 * @param replayed whether this was a retry of a batch already taken under the same idempotency key
 * @param visibleNanos from the call to the moment the events were visible to recommendations
 */
public record IngestReceipt(int stored, int duplicates, boolean replayed, long visibleNanos) {}
