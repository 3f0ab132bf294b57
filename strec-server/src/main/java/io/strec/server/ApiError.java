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

  /** The error code of an HTTP status that no route chose itself (Jetty's or Javalin's own). */
  static String codeOf(int status) {
    return switch (status) {
      case 400 -> "invalid_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "payload_too_large";
      case 414 -> "uri_too_long";
      case 415 -> "unsupported_media_type";
      case 429 -> "too_many_requests";
      case 431 -> "headers_too_large";
      default -> status >= 500 ? "internal" : "http_" + status;
    };
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
