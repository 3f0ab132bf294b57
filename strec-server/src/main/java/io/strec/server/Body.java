package io.strec.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A JSON request body read strictly: a field of the wrong type, an unknown field, a duplicate key
 * or a number that is not finite is an error that names the field's path (e.g. {@code
 * events[3].lat}).
 */
final class Body {
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final JsonNode node;
  private final String path;

  private Body(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** Parses {@code bytes} as a JSON object. */
  static Body parse(byte[] bytes) {
    if (bytes.length == 0) {
      throw ApiError.invalid("", "the request body is empty; send a JSON object");
    }
    JsonNode n;
    try {
      n = MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw ApiError.invalid("", "malformed JSON" + where + ": " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw ApiError.invalid("", "unreadable request body: " + e.getMessage());
    }
    if (n == null || !n.isObject()) {
      throw ApiError.invalid("", "the request body must be a JSON object");
    }
    return new Body(n, "");
  }

  /** Refuses fields other than {@code allowed}. */
  Body only(Set<String> allowed) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String f = names.next();
      if (!allowed.contains(f)) {
        throw ApiError.invalid(
            at(f),
            "unknown field '"
                + f
                + "'; allowed: "
                + String.join(", ", new java.util.TreeSet<>(allowed)));
      }
    }
    return this;
  }

  private String at(String f) {
    return path.isEmpty() ? f : path + "." + f;
  }

  private Optional<JsonNode> get(String f) {
    JsonNode v = node.get(f);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
  }

  boolean has(String f) {
    return node.has(f);
  }

  /** Whether the field is present with an explicit JSON null. */
  boolean isNull(String f) {
    JsonNode v = node.get(f);
    return v != null && v.isNull();
  }

  Optional<String> string(String f) {
    return get(f)
        .map(
            v -> {
              if (!v.isTextual()) {
                throw ApiError.invalid(at(f), at(f) + " must be a string, got " + kind(v));
              }
              return v.textValue();
            });
  }

  String requiredString(String f) {
    return string(f).orElseThrow(() -> ApiError.invalid(at(f), at(f) + " is required"));
  }

  /** A string, or a number written as a string is refused: ids must be strings or integers. */
  Optional<String> id(String f) {
    return get(f)
        .map(
            v -> {
              if (v.isTextual()) {
                return v.textValue();
              }
              if (v.isIntegralNumber()) {
                return v.asText();
              }
              throw ApiError.invalid(
                  at(f), at(f) + " must be a string or an integer, got " + kind(v));
            });
  }

  String requiredId(String f) {
    return id(f).orElseThrow(() -> ApiError.invalid(at(f), at(f) + " is required"));
  }

  OptionalDouble number(String f) {
    Optional<JsonNode> v = get(f);
    if (v.isEmpty()) {
      return OptionalDouble.empty();
    }
    if (!v.get().isNumber()) {
      throw ApiError.invalid(at(f), at(f) + " must be a number, got " + kind(v.get()));
    }
    double d = v.get().doubleValue();
    if (!Double.isFinite(d)) {
      throw ApiError.invalid(at(f), at(f) + " must be finite, got " + v.get().asText());
    }
    return OptionalDouble.of(d);
  }

  OptionalInt integer(String f) {
    Optional<JsonNode> v = get(f);
    if (v.isEmpty()) {
      return OptionalInt.empty();
    }
    if (!v.get().isIntegralNumber() || !v.get().canConvertToInt()) {
      throw ApiError.invalid(at(f), at(f) + " must be a 32-bit integer, got " + describe(v.get()));
    }
    return OptionalInt.of(v.get().intValue());
  }

  Optional<Boolean> bool(String f) {
    return get(f)
        .map(
            v -> {
              if (!v.isBoolean()) {
                throw ApiError.invalid(at(f), at(f) + " must be true or false, got " + describe(v));
              }
              return v.booleanValue();
            });
  }

  /** A time: epoch seconds (an integer) or an ISO-8601 string with offset ({@link Times}). */
  OptionalLong time(String f) {
    Optional<JsonNode> v = get(f);
    if (v.isEmpty()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Times.parse(at(f), v.get().isTextual() ? v.get().textValue() : v.get()));
  }

  /** The local offset carried by an ISO time string, if the field holds one. */
  OptionalInt timeOffset(String f) {
    Optional<JsonNode> v = get(f);
    if (v.isEmpty() || !v.get().isTextual()) {
      return OptionalInt.empty();
    }
    return Times.offsetMinutes(v.get().textValue());
  }

  List<String> strings(String f) {
    Optional<JsonNode> v = get(f);
    if (v.isEmpty()) {
      return List.of();
    }
    if (!v.get().isArray()) {
      throw ApiError.invalid(at(f), at(f) + " must be an array of strings, got " + kind(v.get()));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.get().size(); i++) {
      JsonNode e = v.get().get(i);
      if (!e.isTextual()) {
        throw ApiError.invalid(
            at(f) + "[" + i + "]", at(f) + "[" + i + "] must be a string, got " + kind(e));
      }
      out.add(e.textValue());
    }
    return out;
  }

  /** The objects of an array field, each as a body whose errors name its index. */
  List<Body> objects(String f, int max) {
    Optional<JsonNode> v = get(f);
    if (v.isEmpty()) {
      throw ApiError.invalid(at(f), at(f) + " is required");
    }
    if (!v.get().isArray()) {
      throw ApiError.invalid(at(f), at(f) + " must be an array, got " + kind(v.get()));
    }
    if (v.get().size() > max) {
      throw ApiError.invalid(
          at(f), at(f) + " holds at most " + max + " entries, got " + v.get().size());
    }
    List<Body> out = new ArrayList<>();
    for (int i = 0; i < v.get().size(); i++) {
      JsonNode e = v.get().get(i);
      String p = at(f) + "[" + i + "]";
      if (!e.isObject()) {
        throw ApiError.invalid(p, p + " must be an object, got " + kind(e));
      }
      out.add(new Body(e, p));
    }
    return out;
  }

  static String kind(JsonNode v) {
    return switch (v.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }

  static String describe(JsonNode v) {
    String text = v.isTextual() ? '"' + v.textValue() + '"' : v.toString();
    if (text.length() > 40) {
      text = text.substring(0, 40) + "...";
    }
    return kind(v) + " " + text;
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }
}
