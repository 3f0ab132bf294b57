package io.strec.data.clean;

import io.strec.data.Provenance;
import io.strec.data.RawEvent;

/** Terse event construction for the cleaning tests; the line number is the provenance. */
final class TestEvents {
  private TestEvents() {}

  static RawEvent ev(String user, String item, long t, int line) {
    return RawEvent.of(user, item, t, new Provenance("test", line));
  }

  static RawEvent full(
      String user, String item, double lat, double lon, String type, double weight, int line) {
    return new RawEvent(
        user, item, 100, 0, lat, lon, type, weight, "", "", new Provenance("test", line));
  }
}
