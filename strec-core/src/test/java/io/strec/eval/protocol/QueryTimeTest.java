package io.strec.eval.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.eval.EvalCase;
import io.strec.eval.EvalSplit;
import io.strec.eval.QueryTime;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The query time of the temporal split's cases ({@link TemporalSplitTest#log}) under both settings,
 * worked out by hand from that log: a#3 (target at 1000 s, +120 min) has history 100, 300, 999; a#4
 * (1100 s) has 1000 s at +120 min last; b#2 (1300 s) has 1200 s last; c#0 has no history.
 */
class QueryTimeTest {
  private static Map<String, EvalCase> byId(EvalSplit s) {
    return s.cases().stream().collect(Collectors.toMap(EvalCase::id, Function.identity()));
  }

  @Test
  void lastGivesTheLastHistoryEventsTimeAndOffset() {
    EvalSplit target =
        TemporalSplit.build(TemporalSplitTest.log(), TemporalSplitTest.CUTOFF, false);
    EvalSplit last = QueryTime.LAST.apply(target);
    Map<String, EvalCase> t = byId(target);
    Map<String, EvalCase> l = byId(last);
    assertEquals(1000, t.get("a#3").query().epochSecond());
    assertEquals(120, t.get("a#3").query().tzOffsetMinutes());
    assertEquals(999, l.get("a#3").query().epochSecond());
    assertEquals(0, l.get("a#3").query().tzOffsetMinutes());
    assertEquals(1000, l.get("a#4").query().epochSecond());
    assertEquals(120, l.get("a#4").query().tzOffsetMinutes());
    assertEquals(1200, l.get("b#2").query().epochSecond());
    assertEquals(1500, l.get("c#0").query().epochSecond(), "no history: the target's time stays");
    assertEquals("last", last.settings().get("query_time"));
    assertEquals(1, last.settings().get("query_time_kept_target"));
    for (String id : t.keySet()) {
      EvalCase a = t.get(id);
      EvalCase b = l.get(id);
      assertEquals(a.target(), b.target(), id);
      assertSame(a.query().history(), b.query().history(), id);
      assertEquals(a.query().latitude(), b.query().latitude(), id);
      assertEquals(a.query().longitude(), b.query().longitude(), id);
      assertArrayEquals(a.excluded(), b.excluded(), id);
      assertTrue(b.query().epochSecond() <= a.query().epochSecond(), id + " moved forward");
    }
  }

  @Test
  void targetKeepsTheCasesAndRecordsTheSetting() {
    EvalSplit s = TemporalSplit.build(TemporalSplitTest.log(), TemporalSplitTest.CUTOFF, false);
    EvalSplit t = QueryTime.TARGET.apply(s);
    assertEquals(s.cases(), t.cases());
    assertEquals("target", t.settings().get("query_time"));
    assertEquals(QueryTime.LAST, QueryTime.parse("last"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> QueryTime.parse("now"));
    assertTrue(e.getMessage().contains("'now'"), e.getMessage());
  }

  @Test
  void ofReadsTheSettingASplitWasBuiltUnder() {
    EvalSplit s = TemporalSplit.build(TemporalSplitTest.log(), TemporalSplitTest.CUTOFF, false);
    assertEquals(QueryTime.TARGET, QueryTime.of(s), "the protocols build target-time cases");
    assertEquals(QueryTime.TARGET, QueryTime.of(QueryTime.TARGET.apply(s)));
    assertEquals(QueryTime.LAST, QueryTime.of(QueryTime.LAST.apply(s)));
  }
}
