package io.strec.eval.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.strec.data.Item;
import io.strec.data.Provenance;
import io.strec.data.RawEvent;
import io.strec.eval.EvalCase;
import io.strec.model.History;
import java.util.List;

/** Hand-made events and items for the protocol tests. */
final class ProtocolFixtures {
  static final double NAN = Double.NaN;

  private ProtocolFixtures() {}

  /** An event read from line {@code line} of a file called {@code t.csv}. */
  static RawEvent ev(
      int line, String user, String item, long time, int tz, double lat, double lon) {
    return new RawEvent(
        user, item, time, tz, lat, lon, "", NAN, "", "", new Provenance("t.csv", line));
  }

  /** An event without place, in UTC. */
  static RawEvent ev(int line, String user, String item, long time) {
    return ev(line, user, item, time, 0, NAN, NAN);
  }

  static Item item(String id, String title, double lat, double lon) {
    return new Item(id, title, List.of(), "", "", lat, lon);
  }

  static long[] times(History h) {
    long[] t = new long[h.size()];
    for (int k = 0; k < t.length; k++) {
      t[k] = h.time(k);
    }
    return t;
  }

  static void assertHistory(EvalCase c, int[] items, long[] times) {
    assertArrayEquals(items, c.query().history().items(), "history items of " + c.id());
    assertArrayEquals(times, times(c.query().history()), "history times of " + c.id());
  }
}
