package io.strec.server;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The query parameters of a request, read strictly: an unknown parameter (a typo such as {@code
 * radius=5}) or a repeated single-valued one is an error naming it, never silently ignored.
 */
final class Params {
  private final Map<String, List<String>> params;

  Params(Context ctx, Set<String> allowed, Set<String> repeatable) {
    checkEncoding(ctx.queryString());
    this.params = ctx.queryParamMap();
    for (Map.Entry<String, List<String>> e : params.entrySet()) {
      if (!allowed.contains(e.getKey())) {
        throw ApiError.invalid(
            e.getKey(),
            "unknown query parameter '"
                + shorten(e.getKey())
                + "'; allowed: "
                + String.join(", ", new java.util.TreeSet<>(allowed)));
      }
      if (e.getValue().size() > 1 && !repeatable.contains(e.getKey())) {
        throw ApiError.invalid(e.getKey(), "query parameter '" + e.getKey() + "' is given twice");
      }
    }
  }

  /**
   * Refuses a query string with a malformed percent-escape or bytes that are not UTF-8, which the
   * server would otherwise drop silently (losing a parameter the client meant to send).
   */
  private static void checkEncoding(String query) {
    if (query == null || query.isEmpty()) {
      return;
    }
    for (String pair : query.split("&", -1)) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      for (int i = 0; i < pair.length(); i++) {
        char ch = pair.charAt(i);
        if (ch == '%') {
          if (i + 2 >= pair.length()
              || Character.digit(pair.charAt(i + 1), 16) < 0
              || Character.digit(pair.charAt(i + 2), 16) < 0) {
            throw ApiError.invalid(
                shorten(name),
                "malformed percent-escape in query parameter '" + shorten(name) + "'");
          }
          bytes.write(Integer.parseInt(pair.substring(i + 1, i + 3), 16));
          i += 2;
        } else if (ch > 0x7f) {
          throw ApiError.invalid(
              shorten(name),
              "query parameter '" + shorten(name) + "' holds unencoded non-ASCII bytes");
        } else {
          bytes.write(ch);
        }
      }
      try {
        java.nio.charset.StandardCharsets.UTF_8
            .newDecoder()
            .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()));
      } catch (java.nio.charset.CharacterCodingException e) {
        throw ApiError.invalid(
            shorten(name), "query parameter '" + shorten(name) + "' is not valid UTF-8");
      }
    }
  }

  Optional<String> string(String name) {
    List<String> v = params.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /** Every value of a repeatable parameter, each also split at commas; empty parts refused. */
  List<String> list(String name) {
    List<String> out = new ArrayList<>();
    for (String v : params.getOrDefault(name, List.of())) {
      for (String part : v.split(",", -1)) {
        if (part.isEmpty()) {
          throw ApiError.invalid(name, name + " has an empty value");
        }
        out.add(part);
      }
    }
    return out;
  }

  OptionalDouble number(String name) {
    Optional<String> v = string(name);
    if (v.isEmpty()) {
      return OptionalDouble.empty();
    }
    try {
      double d = Double.parseDouble(v.get().trim());
      if (!Double.isFinite(d) || v.get().trim().matches("(?i).*[a-z].*")) {
        throw new NumberFormatException();
      }
      return OptionalDouble.of(d);
    } catch (NumberFormatException e) {
      throw ApiError.invalid(
          name, name + " must be a finite number, got '" + shorten(v.get()) + "'");
    }
  }

  OptionalInt integer(String name) {
    Optional<String> v = string(name);
    if (v.isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(v.get().trim()));
    } catch (NumberFormatException e) {
      throw ApiError.invalid(name, name + " must be an integer, got '" + shorten(v.get()) + "'");
    }
  }

  boolean flag(String name) {
    Optional<String> v = string(name);
    if (v.isEmpty()) {
      return false;
    }
    return switch (v.get()) {
      case "true", "1", "" -> true;
      case "false", "0" -> false;
      default ->
          throw ApiError.invalid(
              name, name + " must be true or false, got '" + shorten(v.get()) + "'");
    };
  }

  OptionalLong time(String name) {
    Optional<String> v = string(name);
    return v.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Times.parse(name, v.get()));
  }

  OptionalInt timeOffset(String name) {
    Optional<String> v = string(name);
    return v.isEmpty() ? OptionalInt.empty() : Times.offsetMinutes(v.get());
  }

  static String shorten(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
