package io.strec.app.store;

import java.util.List;

/**
 * A request that reuses an Idempotency-Key or an event id for different content. Nothing of the
 * batch was written.
 */
public final class IdempotencyConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The field name for a conflict on the whole request. */
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  /** The field name for a conflict on one event. */
  public static final String EVENT_ID = "event_id";

  private final int index;
  private final String field;

  public IdempotencyConflictException(int index, String field, String message) {
    super(message);
    this.index = index;
    this.field = field;
  }

  static IdempotencyConflictException forKey(String key) {
    return new IdempotencyConflictException(
        -1,
        IDEMPOTENCY_KEY,
        IDEMPOTENCY_KEY + " \"" + key + "\" was already used for a different request body");
  }

  static IdempotencyConflictException forEventId(int index, String eventId, List<String> fields) {
    return new IdempotencyConflictException(
        index,
        EVENT_ID,
        "event "
            + index
            + ": event_id \""
            + eventId
            + "\" is already stored with different "
            + String.join(", ", fields));
  }

  /** The event's position in the batch, or -1 when the conflict is the whole request's. */
  public int index() {
    return index;
  }

  /** {@value #IDEMPOTENCY_KEY} or {@value #EVENT_ID}. */
  public String field() {
    return field;
  }
}
