package io.strec.app;

import io.strec.util.BadInput;
import java.util.Objects;

/**
 * A request the application cannot carry out because of what was asked: bad input, something that
 * does not exist, or a conflict with what is stored. The message names the field and the value;
 * nothing was changed. Internal failures are never reported this way.
 */
public final class AppException extends RuntimeException implements BadInput {
  private static final long serialVersionUID = 1L;

  /** What went wrong, in terms a client can act on. */
  public enum Kind {
    /** The input is malformed or out of range. */
    INVALID,
    /** A user, item or model that the request names does not exist. */
    NOT_FOUND,
    /** The input is well-formed but contradicts what is stored (an idempotency conflict). */
    CONFLICT,
    /** The service cannot take more work right now. */
    BUSY
  }

  private final Kind kind;
  private final String field;

  public AppException(Kind kind, String field, String message) {
    super(Objects.requireNonNull(message, "message"));
    this.kind = Objects.requireNonNull(kind, "kind");
    this.field = Objects.requireNonNull(field, "field");
  }

  public static AppException invalid(String field, String message) {
    return new AppException(Kind.INVALID, field, message);
  }

  public static AppException notFound(String field, String message) {
    return new AppException(Kind.NOT_FOUND, field, message);
  }

  public Kind kind() {
    return kind;
  }

  /** The request field at fault, e.g. {@code events[3].lat} or {@code k}; empty when none. */
  public String field() {
    return field;
  }
}
