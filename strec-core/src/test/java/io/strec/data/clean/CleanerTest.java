package io.strec.data.clean;

import static io.strec.data.clean.TestEvents.ev;
import static io.strec.data.clean.TestEvents.full;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.RawEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class CleanerTest {

  @Test
  void runsTheStandardSequenceAndReportsEachStep() {
    List<RawEvent> in =
        List.of(
            full("u1", "a", 1, 1, "v", 1, 1),
            full("u1", "a", 1, 1, "v", 1, 2), // duplicate of line 1
            full("u1", "b", 1, 1, "v", Double.NaN, 3), // dropped for its weight
            full("u2", "a", 1, 1, "v", 2, 4),
            full("u2", "b", 1, 1, "v", 3, 5),
            full("u3", "b", 1, 1, "v", 4, 6)); // u3 has one event: k-core drops it
    Cleaner cleaner =
        Cleaner.builder()
            .optKCore(2, 1)
            .optMissingValues(MissingValuePolicy.parse("weight=drop"))
            .optDeduplicate(true)
            .build();
    assertEquals(3, cleaner.steps().size());
    assertTrue(cleaner.steps().get(0) instanceof Deduplicate, "deduplication runs first");
    assertTrue(cleaner.steps().get(2) instanceof KCore, "k-core runs last");

    Cleaned<CleaningReport> out = cleaner.apply(in);
    // Dedup: 6 -> 5. Missing: 5 -> 4 (line 3). K-core: u1 now has only line 1 and u3 one event,
    // so both go: 4 -> 2 (lines 4, 5).
    assertEquals(List.of(in.get(3), in.get(4)), out.events());
    CleaningReport r = out.report();
    assertEquals(6, r.eventsIn());
    assertEquals(2, r.eventsOut());
    assertEquals(1, r.step(Deduplicate.Report.class).orElseThrow().duplicatesRemoved());
    assertEquals(1, r.step(MissingValues.Report.class).orElseThrow().weight().dropped());
    assertEquals(1, r.step(KCore.Report.class).orElseThrow().rounds());
    String[] lines = r.summary().split("\n");
    assertEquals(3, lines.length, r.summary());
    assertEquals("deduplicate: 6 -> 5 events (1 exact duplicates removed)", lines[0]);
    assertTrue(
        lines[1].startsWith("missing values (weight=drop,location=keep,type=empty): 5 -> 4 events"),
        lines[1]);
    assertEquals(
        "k-core (user >= 2, item >= 1): 4 -> 2 events, 3 -> 1 users, 2 -> 2 items in 1 rounds",
        lines[2]);
  }

  @Test
  void noStepsPassesEverythingThrough() {
    List<RawEvent> in = List.of(ev("u", "i", 1, 1));
    Cleaned<CleaningReport> out = Cleaner.builder().build().apply(in);
    assertEquals(in, out.events());
    assertEquals("no cleaning steps: 1 events", out.report().summary());
  }

  @Test
  void customOrderAndTheInputIsNotModified() {
    List<RawEvent> in = new java.util.ArrayList<>(List.of(ev("u", "i", 1, 1), ev("u", "i", 1, 2)));
    Cleaned<CleaningReport> out = Cleaner.of(List.of(new KCore(2, 2), new Deduplicate())).apply(in);
    assertEquals(2, in.size());
    assertEquals(1, out.events().size());
    assertEquals(0, out.report().step(KCore.Report.class).orElseThrow().removed());
    assertThrows(UnsupportedOperationException.class, () -> out.events().add(in.get(0)));
  }

  @Test
  void reportChainMustAddUp() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new CleaningReport(5, List.of(new Deduplicate.Report(4, 0))));
    assertTrue(
        e.getMessage().contains("step 0 got 4 events but the previous step returned 5"),
        e.getMessage());
  }
}
