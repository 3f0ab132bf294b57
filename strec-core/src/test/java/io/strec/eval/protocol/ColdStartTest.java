package io.strec.eval.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.strec.eval.EvalCase;
import io.strec.eval.EvalSplit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cold-start views of the temporal split of {@link TemporalSplitTest#log()} (cut-off 1000): cases
 * a#3, a#4, b#2, c#0 with histories of 3, 4, 2 and 0 events and targets i2, cold, i1, i1.
 */
class ColdStartTest {
  static final long CUTOFF = TemporalSplitTest.CUTOFF;

  static EvalSplit split() {
    return TemporalSplit.build(TemporalSplitTest.log(), CUTOFF, false);
  }

  @Test
  void coldUsersKeepCasesWithShortHistoriesAndNoteTheFilter() {
    EvalSplit s = split();
    // history lengths: a#3 3, a#4 4, b#2 2, c#0 0
    EvalSplit two = ColdStart.users(s, 2);
    assertEquals(List.of("b#2", "c#0"), two.cases().stream().map(EvalCase::id).toList());
    assertEquals("cold users (history <= 2)", two.settings().get("filter"));
    assertEquals(4, two.settings().get("cases_before_filter"));
    assertEquals(
        "1970-01-01T00:16:40Z", two.settings().get("cutoff"), "the protocol's settings stay");
    assertEquals("temporal", two.protocol());
    assertSame(s.train(), two.train(), "filtering cases leaves the training rows alone");

    EvalSplit zero = ColdStart.users(s, 0);
    assertEquals(List.of("c#0"), zero.cases().stream().map(EvalCase::id).toList());
    assertEquals("cold users (history <= 0)", zero.settings().get("filter"));

    assertEquals(4, ColdStart.users(s, 4).cases().size());
    assertThrows(IllegalArgumentException.class, () -> ColdStart.users(s, -1));
  }

  @Test
  void coldItemsKeepCasesWhoseTargetHasNoTrainingEvent() {
    EvalSplit s = split();
    // training counts i1 2, i2 2, cold 0, meta2 0: only a#4 (target cold) qualifies
    EvalSplit cold = ColdStart.items(s);
    assertEquals(List.of("a#4"), cold.cases().stream().map(EvalCase::id).toList());
    assertEquals("cold items (no training event)", cold.settings().get("filter"));
    assertEquals(4, cold.settings().get("cases_before_filter"));
    assertEquals(1, cold.settings().get("dropped_target_outside_catalogue"));
  }
}
