package io.strec.eval.protocol;

import static io.strec.eval.protocol.ProtocolFixtures.NAN;
import static io.strec.eval.protocol.ProtocolFixtures.assertHistory;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.Dataset;
import io.strec.data.Vocabulary;
import io.strec.eval.EvalCase;
import io.strec.eval.EvalSplit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The inner validation split on a hand-made training set.
 *
 * <pre>
 * items "10"=0 "20"=1 "30"=2 "40"=3; users u0..u3
 * event user item time tz  place
 *   e0   u0   3     2   0  (1, 1)
 *   e1   u0   1     4   0  (2, 2)
 *   e2   u1   2     7   0  NaN
 *   e3   u0   0     6   0  (3, 3)
 *   e4   u2   3     1   0  NaN        u2 has one event: no case, stays in the fit set
 *   e5   u1   3     7   0  NaN        ties e2 at 7 but was added later: u1's last
 *   e6   u0   1     8   0  (4, 4)
 *   e7   u0   0    10  60  (5, 5)     u0's last
 *   e8   u3   0     3   0  NaN
 *   e9   u3   0     5   0  NaN        u3's last: same item as its history
 * </pre>
 *
 * Held out: e7 (u0), e5 (u1), e9 (u3). Fit set: e0 e1 e2 e3 e4 e6 e8 = 7 events.
 */
class InnerValidationTest {
  static Dataset train() {
    Dataset.Builder b =
        Dataset.builder(
            "train",
            Vocabulary.of(List.of("u0", "u1", "u2", "u3")),
            Vocabulary.of(List.of("10", "20", "30", "40")));
    b.add(0, 3, 2, 0, 1, 1, 1f); // e0
    b.add(0, 1, 4, 0, 2, 2, 1f); // e1
    b.add(1, 2, 7, 0, NAN, NAN, 1f); // e2
    b.add(0, 0, 6, 0, 3, 3, 1f); // e3
    b.add(2, 3, 1, 0, NAN, NAN, 1f); // e4
    b.add(1, 3, 7, 0, NAN, NAN, 1f); // e5
    b.add(0, 1, 8, 0, 4, 4, 1f); // e6
    b.add(0, 0, 10, 60, 5, 5, 1f); // e7
    b.add(3, 0, 3, 0, NAN, NAN, 1f); // e8
    b.add(3, 0, 5, 0, NAN, NAN, 1f); // e9
    return b.build();
  }

  @Test
  void lastTrainingEventOfUsersWithTwoOrMoreIsHeldOut() {
    Dataset train = train();
    EvalSplit s = InnerValidation.of(train, false);
    assertEquals("inner-validation", s.protocol());
    assertEquals(Map.of("exclude_history", false), s.settings());
    assertEquals(
        List.of("u0/inner", "u1/inner", "u3/inner"), s.cases().stream().map(EvalCase::id).toList());

    EvalCase u0 = s.cases().get(0);
    assertEquals(0, u0.user());
    assertEquals(0, u0.target(), "e7: item \"10\"");
    // u0's earlier events by time: e0@2 (3), e1@4 (1), e3@6 (0), e6@8 (1)
    assertHistory(u0, new int[] {3, 1, 0, 1}, new long[] {2, 4, 6, 8});
    assertEquals(10, u0.query().epochSecond());
    assertEquals(60, u0.query().tzOffsetMinutes());
    assertEquals(4.0, u0.query().latitude(), 0.0, "query place = e6's, not the target's (5, 5)");
    assertEquals(4.0, u0.query().longitude(), 0.0);
    assertEquals(5.0, u0.targetLatitude(), 0.0);

    EvalCase u1 = s.cases().get(1);
    assertEquals(3, u1.target(), "e5 comes after e2 at the same second (order of addition)");
    assertHistory(u1, new int[] {2}, new long[] {7});
    assertTrue(Double.isNaN(u1.query().latitude()));

    EvalCase u3 = s.cases().get(2);
    assertEquals(0, u3.target());
    assertHistory(u3, new int[] {0}, new long[] {3});
    for (EvalCase c : s.cases()) {
      assertEquals(0, c.excluded().length, "exclusion off: " + c.id());
    }
  }

  @Test
  void fitSetExcludesExactlyTheHeldOutEvents() {
    Dataset train = train();
    EvalSplit s = InnerValidation.of(train, true);
    Dataset fit = s.train();
    assertSame(train.items(), fit.items(), "same catalogue");
    assertSame(train.users(), fit.users());
    // 10 events - 3 held out (e5, e7, e9)
    assertEquals(7, fit.numEvents());
    long[][] expectedTimes = {{2, 4, 6, 8}, {7}, {1}, {3}};
    int[][] expectedItems = {{3, 1, 0, 1}, {2}, {3}, {0}};
    for (int u = 0; u < 4; u++) {
      int[] evs = fit.eventsOf(u);
      assertArrayEquals(
          expectedTimes[u], Arrays.stream(evs).mapToLong(fit::time).toArray(), "times of u" + u);
      assertArrayEquals(
          expectedItems[u], Arrays.stream(evs).map(fit::item).toArray(), "items of u" + u);
    }
    // counts per item in the fit set: "10": e3 e8 = 2; "20": e1 e6 = 2; "30": e2 = 1; "40": e0 e4 =
    // 2
    assertArrayEquals(new int[] {2, 2, 1, 2}, fit.itemCounts());
    // the input is untouched
    assertEquals(10, train.numEvents());
  }

  @Test
  void exclusionListIsSortedAndNeverHoldsTheTarget() {
    EvalSplit s = InnerValidation.of(train(), true);
    assertEquals(Map.of("exclude_history", true), s.settings());
    // u0: history items 3, 1, 0, 1; target 0 -> sorted distinct {1, 3}
    assertArrayEquals(new int[] {1, 3}, s.cases().get(0).excluded());
    // u1: history {2}, target 3
    assertArrayEquals(new int[] {2}, s.cases().get(1).excluded());
    // u3: history {0} is the target itself -> nothing to exclude
    assertArrayEquals(new int[0], s.cases().get(2).excluded());
  }
}
