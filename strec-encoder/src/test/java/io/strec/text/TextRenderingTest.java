package io.strec.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.Item;
import io.strec.model.History;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Templates, item text and behaviour text render as documented. */
class TextRenderingTest {
  static final Item CAFE =
      new Item(
          "p1",
          "Blue Fern Coffee",
          List.of("Coffee Shop", "Old Town"),
          "",
          "Cozy espresso bar with oat-milk lattes",
          40.7,
          -74.0);
  static final Item RAMEN =
      new Item("p2", "", List.of("Ramen Restaurant", "Midtown"), "", "", 40.75, -73.98);
  static final Item ROLL =
      new Item(
          "B01",
          "PORTER-CABLE Sanding Roll",
          List.of("Abrasives", "Sanding Rolls"),
          "PORTER-CABLE",
          "",
          Double.NaN,
          Double.NaN);

  @Test
  void optionalSegmentsDisappearWhenAFieldIsEmpty() {
    Template t = Template.parse("{a}[ in {b}][, {c}!]", Set.of("a", "b", "c"));
    assertEquals("x in y, z!", t.render(Map.of("a", "x", "b", "y", "c", "z")));
    assertEquals("x, z!", t.render(Map.of("a", "x", "c", "z")));
    assertEquals("x", t.render(Map.of("a", "x", "b", " ")));
    assertEquals("[x]", Template.parse("\\[{a}\\]", Set.of("a")).render(Map.of("a", "x")));
  }

  @Test
  void badTemplatesAreNamed() {
    var e =
        assertThrows(IllegalArgumentException.class, () -> Template.parse("{nope}", Set.of("a")));
    assertTrue(e.getMessage().contains("unknown field 'nope'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Template.parse("[{a}", Set.of("a")));
    assertThrows(IllegalArgumentException.class, () -> Template.parse("{a", Set.of("a")));
    assertThrows(IllegalArgumentException.class, () -> Template.parse("[[{a}]]", Set.of("a")));
  }

  @Test
  void itemTextDefaults() {
    assertEquals(
        "Coffee Shop: Blue Fern Coffee in Old Town. Cozy espresso bar with oat-milk lattes",
        ItemText.defaultFor(true).render(CAFE));
    assertEquals("Ramen Restaurant in Midtown", ItemText.defaultFor(true).render(RAMEN));
    assertEquals(
        "PORTER-CABLE Sanding Roll. Abrasives, Sanding Rolls. PORTER-CABLE",
        ItemText.defaultFor(false).render(ROLL));
    assertEquals("", ItemText.defaultFor(false).render(Item.bare("42")));
    assertEquals(
        "Blue Fern Coffee (Coffee Shop)", new ItemText("{title} ({category})").render(CAFE));
  }

  @Test
  void behaviourTextWithClockTime() {
    // 2012-04-03 was a Tuesday; 12:10 UTC at offset -240 is 08:10 local, 16:30 UTC is 12:30 local.
    long t1 = 1_333_455_000L;
    long t2 = t1 + 4 * 3600 + 20 * 60;
    History h =
        new History(
            new int[] {0, -1, 1},
            new long[] {t1, t1 + 60, t2},
            new int[] {-240, -240, -240},
            new double[] {40.7, 40.7, 40.75},
            new double[] {-74, -74, -73.98});
    String text = BehaviourText.defaultFor(true).render(h, i -> i == 0 ? CAFE : RAMEN);
    assertEquals(
        "Tue 08:10, Old Town: Blue Fern Coffee; Tue 12:30, Midtown: Ramen Restaurant", text);
  }

  @Test
  void behaviourTextForOrderOnlySequencesKeepsTheLastN() {
    History h =
        new History(
            new int[] {0, 1, 0}, new long[] {0, 1, 2}, new int[3], new double[3], new double[3]);
    assertEquals(
        "PORTER-CABLE Sanding Roll (Abrasives); Blue Fern Coffee (Coffee Shop)",
        new BehaviourText(BehaviourText.ORDERED, 2).render(h, i -> i == 0 ? CAFE : ROLL));
    assertEquals("", BehaviourText.defaultFor(false).render(History.empty(), i -> CAFE));
  }
}
