package io.strec.stm.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.strec.eval.QueryTime;
import io.strec.model.History;
import io.strec.stm.train.Fitter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The moment a training query names: the target's under {@code target}, the last seen event's under
 * {@code last}.
 */
class WindowTest {
  private static final int EVENTS = 30;

  /** Events with pairwise distinct times and offsets; event 7's item is outside the catalogue. */
  private static History history() {
    int[] items = new int[EVENTS];
    long[] times = new long[EVENTS];
    int[] tz = new int[EVENTS];
    double[] lat = new double[EVENTS];
    double[] lon = new double[EVENTS];
    for (int k = 0; k < EVENTS; k++) {
      items[k] = k == 7 ? -1 : k % 5;
      times[k] = 1_600_000_000L + 3_600L * k + 7L * k * k;
      tz[k] = 15 * k - 300;
      lat[k] = 40.0 + 0.01 * k;
      lon[k] = -74.0 - 0.01 * k;
    }
    return new History(items, times, tz, lat, lon);
  }

  /** An ask of a training window and the last event it sees, e. */
  private record Asked(int event, Window.Ask ask) {}

  /** Every ask of the training windows of {@code h} under {@code when}. */
  private static List<Asked> asks(History h, QueryTime when) {
    List<Asked> out = new ArrayList<>();
    for (Window w : Fitter.windows(List.of(h), 12, when)) {
      for (Window.Ask a : w.queries()) {
        out.add(new Asked(w.start() + a.position(), a));
      }
    }
    return out;
  }

  @Test
  void underLastEveryAskNamesTheMomentOfTheLastEventSeen() {
    History h = history();
    List<Asked> asks = asks(h, QueryTime.LAST);
    // 29 next events, less the one outside the catalogue
    assertEquals(EVENTS - 2, asks.size());
    for (Asked x : asks) {
      int e = x.event();
      Window.Ask a = x.ask();
      assertEquals(h.time(e), a.time(), "time of the ask after event " + e);
      assertEquals(h.tzOffsetMinutes(e), a.tzMinutes(), "offset of the ask after event " + e);
      assertNotEquals(h.time(e + 1), a.time(), "the target's time leaks after event " + e);
      assertEquals(h.item(e + 1), a.target());
      assertEquals(h.latitude(e), a.lat(), 0.0);
      assertEquals(h.longitude(e), a.lon(), 0.0);
    }
  }

  @Test
  void underTargetEveryAskNamesTheMomentOfTheEventItPredicts() {
    History h = history();
    List<Asked> asks = asks(h, QueryTime.TARGET);
    assertEquals(EVENTS - 2, asks.size());
    for (Asked x : asks) {
      int e = x.event();
      Window.Ask a = x.ask();
      assertEquals(h.time(e + 1), a.time(), "time of the ask after event " + e);
      assertEquals(h.tzOffsetMinutes(e + 1), a.tzMinutes(), "offset of the ask after event " + e);
      assertEquals(h.item(e + 1), a.target());
      assertEquals(h.latitude(e), a.lat(), 0.0);
      assertEquals(h.longitude(e), a.lon(), 0.0);
    }
  }

  @Test
  void bothSettingsAskAtTheSamePositionsForTheSameTargets() {
    History h = history();
    for (int from : new int[] {0, 3}) {
      Window last = Window.training(h, 4, 12, from, QueryTime.LAST);
      Window target = Window.training(h, 4, 12, from, QueryTime.TARGET);
      assertEquals(target.queries().size(), last.queries().size());
      for (int k = 0; k < last.queries().size(); k++) {
        Window.Ask l = last.queries().get(k);
        Window.Ask t = target.queries().get(k);
        assertEquals(t.position(), l.position());
        assertEquals(t.target(), l.target());
        assertEquals(h.time(4 + l.position()), l.time());
        assertEquals(h.time(5 + t.position()), t.time());
      }
    }
  }
}
