package io.strec.server;

import java.util.Objects;

/**
 * A request the API refuses, with the HTTP status, a stable machine-readable code, the field at
 * fault (empty when none) and a message for people. Rendered as {@code {"error": code, "message":
 * ..., "field": ...}}.
 */
final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String field;

  ApiError(int status, String code, String field, String message) {
    super(Objects.requireNonNull(message, "message"));
    this.status = status;
    this.code = Objects.requireNonNull(code, "code");
    this.field = Objects.requireNonNull(field, "field");
  }

  static ApiError invalid(String field, String message) {
    return new ApiError(400, "invalid_request", field, message);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  String field() {
    return field;
  }
}
