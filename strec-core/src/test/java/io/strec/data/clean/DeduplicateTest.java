package io.strec.data.clean;

import static io.strec.data.clean.TestEvents.ev;
import static io.strec.data.clean.TestEvents.full;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.strec.data.RawEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeduplicateTest {

  @Test
  void removesExactDuplicatesKeepingTheFirst() {
    RawEvent a1 = ev("u1", "i1", 10, 1);
    RawEvent b = ev("u1", "i1", 11, 2); // same pair, other time: not a duplicate
    RawEvent a2 = ev("u1", "i1", 10, 3); // duplicate of line 1
    RawEvent c = ev("u2", "i1", 10, 4);
    RawEvent a3 = ev("u1", "i1", 10, 5); // duplicate of line 1 again
    Cleaned<Deduplicate.Report> out = new Deduplicate().apply(List.of(a1, b, a2, c, a3));
    assertEquals(List.of(a1, b, c), out.events());
    assertSame(a1, out.events().get(0), "the first occurrence (line 1) is kept");
    assertEquals(new Deduplicate.Report(5, 2), out.report());
    assertEquals(3, out.report().eventsOut());
    assertEquals("deduplicate: 5 -> 3 events (2 exact duplicates removed)", out.report().summary());
  }

  @Test
  void missingValuesCompareEqualButOtherFieldsMatter() {
    RawEvent x = full("u", "i", Double.NaN, Double.NaN, "", Double.NaN, 1);
    RawEvent sameButNaN = full("u", "i", Double.NaN, Double.NaN, "", Double.NaN, 2);
    RawEvent otherType = full("u", "i", Double.NaN, Double.NaN, "view", Double.NaN, 3);
    RawEvent otherWeight = full("u", "i", Double.NaN, Double.NaN, "", 1.0, 4);
    RawEvent otherPlace = full("u", "i", 1.0, 2.0, "", Double.NaN, 5);
    RawEvent otherOffset =
        new RawEvent(
            "u", "i", 100, 60, Double.NaN, Double.NaN, "", Double.NaN, "", "", x.provenance());
    RawEvent otherSplit =
        new RawEvent(
            "u", "i", 100, 0, Double.NaN, Double.NaN, "", Double.NaN, "val", "", x.provenance());
    RawEvent otherGroup =
        new RawEvent(
            "u", "i", 100, 0, Double.NaN, Double.NaN, "", Double.NaN, "", "s1", x.provenance());
    List<RawEvent> in =
        List.of(
            x, sameButNaN, otherType, otherWeight, otherPlace, otherOffset, otherSplit, otherGroup);
    Cleaned<Deduplicate.Report> out = new Deduplicate().apply(in);
    assertEquals(1, out.report().duplicatesRemoved());
    assertEquals(7, out.events().size());
  }

  @Test
  void emptyInput() {
    Cleaned<Deduplicate.Report> out = new Deduplicate().apply(List.of());
    assertEquals(List.of(), out.events());
    assertEquals(0, out.report().removed());
  }
}
