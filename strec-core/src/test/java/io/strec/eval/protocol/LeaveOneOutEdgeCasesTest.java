package io.strec.eval.protocol;

import static io.strec.eval.protocol.ProtocolFixtures.NAN;
import static io.strec.eval.protocol.ProtocolFixtures.assertHistory;
import static io.strec.eval.protocol.ProtocolFixtures.ev;
import static io.strec.eval.protocol.ProtocolFixtures.item;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.strec.data.Dataset;
import io.strec.data.Item;
import io.strec.data.Loaded;
import io.strec.data.ReadStats;
import io.strec.eval.EvalCase;
import io.strec.eval.EvalSplit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Leave-one-out on users with one, two and four events, the four with a three-way timestamp tie.
 *
 * <pre>
 * line user item time
 *   1   x    p    10
 *   2   y    q    20
 *   3   z    b     5
 *   4   y    p    15
 *   5   z    a     5
 *   6   z    c     5
 *   7   z    a     1
 * metadata: m (no event)
 * </pre>
 *
 * Catalogue = metadata ids, then event items in file order: m=0 p=1 q=2 b=3 a=4 c=5. Users in
 * first-seen order: x=0 y=1 z=2. Sorted (stable) per user: x [p@10]; y [p@15, q@20]; z [a@1 (line
 * 7), b@5 (line 3), a@5 (line 5), c@5 (line 6)]. Training rows = all but each user's last two: z's
 * a@1 and b@5 only.
 */
class LeaveOneOutEdgeCasesTest {
  static Loaded log() {
    return new Loaded(
        "test",
        List.of(
            ev(1, "x", "p", 10),
            ev(2, "y", "q", 20),
            ev(3, "z", "b", 5),
            ev(4, "y", "p", 15),
            ev(5, "z", "a", 5),
            ev(6, "z", "c", 5),
            ev(7, "z", "a", 1)),
        Map.<String, Item>of("m", item("m", "metadata only", NAN, NAN)),
        new ReadStats());
  }

  @Test
  void trainingRowsAreAllButTheLastTwoPerUser() {
    for (LeaveOneOut.Split split : LeaveOneOut.Split.values()) {
      Dataset train = LeaveOneOut.build(log(), split, true).train();
      assertEquals(List.of("m", "p", "q", "b", "a", "c"), train.items().ids());
      assertEquals(List.of("x", "y", "z"), train.users().ids());
      assertEquals(2, train.numEvents(), "the same training rows for " + split);
      assertEquals(0, train.eventsOf(0).length, "x has one event");
      assertEquals(0, train.eventsOf(1).length, "y has two events");
      int[] z = train.eventsOf(2);
      assertArrayEquals(
          new int[] {4, 3}, Arrays.stream(z).map(train::item).toArray(), "a@1 then b@5");
      assertArrayEquals(new long[] {1, 5}, Arrays.stream(z).mapToLong(train::time).toArray());
    }
  }

  @Test
  void validSkipsUsersWithOneEventAndTiesKeepFileOrder() {
    EvalSplit s = LeaveOneOut.build(log(), LeaveOneOut.Split.VALID, true);
    assertEquals("loo", s.protocol());
    assertEquals("valid", s.settings().get("split"));
    assertEquals(true, s.settings().get("exclude_history"));
    assertEquals(1, s.settings().get("users_without_case"), "x has no second-to-last event");
    assertEquals(List.of("y/valid", "z/valid"), s.cases().stream().map(EvalCase::id).toList());

    EvalCase y = s.cases().get(0);
    assertEquals(1, y.user());
    assertEquals(1, y.target(), "y's first event p@15 (second-to-last of two)");
    assertHistory(y, new int[0], new long[0]);
    assertArrayEquals(new int[0], y.excluded());

    EvalCase z = s.cases().get(1);
    // of the tie at 5, file order is b (line 3), a (line 5), c (line 6): second-to-last is a
    assertEquals(4, z.target(), "a");
    assertEquals(5, z.query().epochSecond());
    assertHistory(z, new int[] {4, 3}, new long[] {1, 5});
    // history {a, b}, target a: a stays in the ranking
    assertArrayEquals(new int[] {3}, z.excluded());
  }

  @Test
  void testGivesUsersWithOneEventAnEmptyHistory() {
    EvalSplit s = LeaveOneOut.build(log(), LeaveOneOut.Split.TEST, true);
    assertEquals("test", s.settings().get("split"));
    assertEquals(0, s.settings().get("users_without_case"));
    assertEquals(
        List.of("x/test", "y/test", "z/test"), s.cases().stream().map(EvalCase::id).toList());

    EvalCase x = s.cases().get(0);
    assertEquals(1, x.target(), "p");
    assertHistory(x, new int[0], new long[0]);

    EvalCase y = s.cases().get(1);
    assertEquals(2, y.target(), "q");
    assertHistory(y, new int[] {1}, new long[] {15});
    assertArrayEquals(new int[] {1}, y.excluded());

    EvalCase z = s.cases().get(2);
    assertEquals(5, z.target(), "c, the last of the tie in file order");
    // test history includes the valid event
    assertHistory(z, new int[] {4, 3, 4}, new long[] {1, 5, 5});
    // {a=4, b=3} sorted
    assertArrayEquals(new int[] {3, 4}, z.excluded());
  }

  @Test
  void exclusionOffLeavesEveryItemInTheRanking() {
    for (LeaveOneOut.Split split : LeaveOneOut.Split.values()) {
      EvalSplit s = LeaveOneOut.build(log(), split, false);
      assertEquals(false, s.settings().get("exclude_history"));
      for (EvalCase c : s.cases()) {
        assertArrayEquals(new int[0], c.excluded(), c.id());
      }
    }
    // the cases are otherwise the same
    EvalCase on = LeaveOneOut.build(log(), LeaveOneOut.Split.TEST, true).cases().get(2);
    EvalCase off = LeaveOneOut.build(log(), LeaveOneOut.Split.TEST, false).cases().get(2);
    assertEquals(on.target(), off.target());
    assertArrayEquals(on.query().history().items(), off.query().history().items());
  }
}
