package io.strec.app;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A fingerprint of a batch of events as the client sent it (before defaults such as "time: now" are
 * filled in, so a retry of the same request has the same fingerprint whenever it arrives).
 */
final class RequestHash {
  private RequestHash() {}

  static String of(List<EventInput> events) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    StringBuilder b = new StringBuilder();
    for (EventInput e : events) {
      b.setLength(0);
      field(b, e.eventId());
      b.append(e.user().length()).append(':').append(e.user()).append('|');
      b.append(e.item().length()).append(':').append(e.item()).append('|');
      field(b, e.time());
      field(b, e.tzOffsetMinutes());
      field(b, e.latitude());
      field(b, e.longitude());
      field(b, e.type());
      field(b, e.weight());
      b.append('\n');
      md.update(b.toString().getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static void field(StringBuilder b, Optional<String> v) {
    if (v.isPresent()) {
      b.append(v.get().length()).append(':').append(v.get());
    } else {
      b.append('-');
    }
    b.append('|');
  }

  private static void field(StringBuilder b, OptionalLong v) {
    b.append(v.isPresent() ? Long.toString(v.getAsLong()) : "-").append('|');
  }

  private static void field(StringBuilder b, OptionalInt v) {
    b.append(v.isPresent() ? Integer.toString(v.getAsInt()) : "-").append('|');
  }

  private static void field(StringBuilder b, OptionalDouble v) {
    // The exact bits, so 1.0 and 1.00 agree but 1.0 and 1.0000000001 do not.
    b.append(v.isPresent() ? Long.toHexString(Double.doubleToLongBits(v.getAsDouble())) : "-")
        .append('|');
  }
}
