package io.strec.eval.protocol;

import static io.strec.eval.protocol.ProtocolFixtures.NAN;
import static io.strec.eval.protocol.ProtocolFixtures.assertHistory;
import static io.strec.eval.protocol.ProtocolFixtures.ev;
import static io.strec.eval.protocol.ProtocolFixtures.item;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.Dataset;
import io.strec.data.Item;
import io.strec.data.Loaded;
import io.strec.data.RawEvent;
import io.strec.data.ReadStats;
import io.strec.eval.EvalCase;
import io.strec.eval.EvalSplit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The global temporal split on a hand-made log, every expected value worked out below.
 *
 * <pre>
 * cut-off 1000 s (1970-01-01T00:16:40Z)
 * line user item  time  tz   place           role
 *   1  a    i1     100   0   (40.00,-74.00)  train
 *   2  b    i2     200   0   (41.00,-73.00)  train
 *   3  a    i2     300   0   (40.10,-74.10)  train
 *   4  a    i2    1000 120   (40.20,-74.20)  case a#3 (at the cut-off: not training)
 *   5  a    cold  1100   0   (40.30,-74.30)  case a#4 (item known only from metadata)
 *   6  b    new   1200   0   (41.20,-73.20)  dropped: no training event, no metadata
 *   7  b    i1    1300   0   (41.30,-73.30)  case b#2 (history holds "new" as -1)
 *   8  c    i1    1500   0   (42.00,-72.00)  case c#0 (user with no training event)
 *   9  a    i1     999   0   (40.05,-74.05)  train (out of file order)
 * metadata: i1, cold, meta2 (meta2 has no event at all)
 * </pre>
 *
 * Users in first-seen order: a=0, b=1, c=2. Catalogue = training items in first-seen order (i1, i2)
 * then the metadata ids not yet present (cold, meta2): i1=0, i2=1, cold=2, meta2=3.
 */
class TemporalSplitTest {
  static final long CUTOFF = 1000;

  static Loaded log() {
    List<RawEvent> events =
        List.of(
            ev(1, "a", "i1", 100, 0, 40.00, -74.00),
            ev(2, "b", "i2", 200, 0, 41.00, -73.00),
            ev(3, "a", "i2", 300, 0, 40.10, -74.10),
            ev(4, "a", "i2", 1000, 120, 40.20, -74.20),
            ev(5, "a", "cold", 1100, 0, 40.30, -74.30),
            ev(6, "b", "new", 1200, 0, 41.20, -73.20),
            ev(7, "b", "i1", 1300, 0, 41.30, -73.30),
            ev(8, "c", "i1", 1500, 0, 42.00, -72.00),
            ev(9, "a", "i1", 999, 0, 40.05, -74.05));
    Map<String, Item> items = new LinkedHashMap<>();
    items.put("i1", item("i1", "First", 40.0, -74.0));
    items.put("cold", item("cold", "Cold place", 40.3, -74.3));
    items.put("meta2", item("meta2", "Never visited", NAN, NAN));
    return new Loaded("test", events, items, new ReadStats());
  }

  @Test
  void trainingRowsAreStrictlyBeforeTheCutOffAndTheCatalogueHoldsColdItems() {
    EvalSplit s = TemporalSplit.build(log(), CUTOFF, false);
    Dataset train = s.train();
    assertEquals("temporal", s.protocol());
    assertEquals(List.of("a", "b", "c"), train.users().ids());
    assertEquals(List.of("i1", "i2", "cold", "meta2"), train.items().ids());
    // lines 1, 2, 3, 9 are before 1000; line 4 (exactly 1000) is not
    assertEquals(4, train.numEvents());
    // a: i1@100, i2@300, i1@999; b: i2@200; c: nothing
    assertArrayEquals(
        new long[] {100, 300, 999},
        java.util.Arrays.stream(train.eventsOf(0)).mapToLong(train::time).toArray());
    assertArrayEquals(
        new int[] {0, 1, 0}, java.util.Arrays.stream(train.eventsOf(0)).map(train::item).toArray());
    assertEquals(1, train.eventsOf(1).length);
    assertEquals(0, train.eventsOf(2).length);
    // i1: lines 1 and 9; i2: lines 2 and 3; cold and meta2: no training event
    assertArrayEquals(new int[] {2, 2, 0, 0}, train.itemCounts());
    assertEquals("Cold place", train.itemInfo(2).title(), "metadata travels with cold items");
    assertEquals(40.3, train.itemLatitude(2), 0.0);
    for (int e = 0; e < train.numEvents(); e++) {
      assertTrue(train.time(e) < CUTOFF, "training event at " + train.time(e));
    }
  }

  @Test
  void everyLaterEventIsACaseWithAllEarlierEventsOfItsUserAsHistory() {
    EvalSplit s = TemporalSplit.build(log(), CUTOFF, false);
    List<EvalCase> cases = s.cases();
    // a's events sorted by time: 100, 300, 999, 1000, 1100 -> positions 3 and 4 are cases;
    // b's: 200, 1200 (dropped), 1300 -> position 2; c's: 1500 -> position 0
    assertEquals(List.of("a#3", "a#4", "b#2", "c#0"), cases.stream().map(EvalCase::id).toList());

    EvalCase a3 = cases.get(0);
    assertEquals(0, a3.user());
    assertEquals(1, a3.target(), "i2");
    assertHistory(a3, new int[] {0, 1, 0}, new long[] {100, 300, 999});
    assertEquals(1000, a3.query().epochSecond(), "query time is the target's time");
    assertEquals(120, a3.query().tzOffsetMinutes(), "query offset is the target's offset");
    // query place = line 9 (the last event before the target), not the target's (40.2, -74.2)
    assertEquals(40.05, a3.query().latitude(), 0.0);
    assertEquals(-74.05, a3.query().longitude(), 0.0);
    assertEquals(40.20, a3.targetLatitude(), 0.0);
    assertEquals(-74.20, a3.targetLongitude(), 0.0);

    EvalCase a4 = cases.get(1);
    assertEquals(2, a4.target(), "cold");
    // the history goes past the cut-off: it holds line 4, itself a case
    assertHistory(a4, new int[] {0, 1, 0, 1}, new long[] {100, 300, 999, 1000});
    assertEquals(40.20, a4.query().latitude(), 0.0);
    assertEquals(-74.20, a4.query().longitude(), 0.0);

    EvalCase b2 = cases.get(2);
    assertEquals(1, b2.user());
    assertEquals(0, b2.target(), "i1");
    // "new" stays in the history as -1, with its time and place
    assertHistory(b2, new int[] {1, -1}, new long[] {200, 1200});
    assertEquals(
        41.20,
        b2.query().latitude(),
        0.0,
        "the place of the dropped 'new' event, never the target's 41.3");
    assertEquals(-73.20, b2.query().longitude(), 0.0);

    EvalCase c0 = cases.get(3);
    assertEquals(2, c0.user(), "a user without training events keeps an index");
    assertEquals(0, c0.target());
    assertHistory(c0, new int[0], new long[0]);
    assertTrue(
        Double.isNaN(c0.query().latitude()),
        "no history, no query place (the target's 42.0 is not used)");
    assertTrue(Double.isNaN(c0.query().longitude()));
    assertEquals(42.0, c0.targetLatitude(), 0.0);

    for (EvalCase c : cases) {
      assertEquals(0, c.excluded().length, "exclusion off: " + c.id());
    }
  }

  @Test
  void casesWithATargetOutsideTheCatalogueAreDroppedAndCounted() {
    EvalSplit s = TemporalSplit.build(log(), CUTOFF, false);
    // only line 6 ("new": no training event, no metadata)
    assertEquals(1, s.settings().get("dropped_target_outside_catalogue"));
    assertEquals("1970-01-01T00:16:40Z", s.settings().get("cutoff"));
    assertEquals(false, s.settings().get("exclude_history"));
    assertTrue(s.cases().stream().noneMatch(c -> c.id().equals("b#1")));
  }

  @Test
  void exclusionRemovesHistoryItemsButNeverTheTarget() {
    EvalSplit s = TemporalSplit.build(log(), CUTOFF, true);
    assertEquals(true, s.settings().get("exclude_history"));
    Map<String, int[]> expected =
        Map.of(
            "a#3", new int[] {0}, //     history {i1, i2}, target i2 -> {i1}
            "a#4", new int[] {0, 1}, //  history {i1, i2}, target cold
            "b#2", new int[] {1}, //     history {i2, -1}, target i1; -1 is not an item
            "c#0", new int[0]);
    for (EvalCase c : s.cases()) {
      assertArrayEquals(expected.get(c.id()), c.excluded(), c.id());
    }
  }

  @Test
  void aCutOffBeforeEveryEventIsRejected() {
    var e =
        assertThrows(IllegalArgumentException.class, () -> TemporalSplit.build(log(), 100, false));
    assertTrue(e.getMessage().contains("1970-01-01T00:01:40Z"), e.getMessage());
  }
}
