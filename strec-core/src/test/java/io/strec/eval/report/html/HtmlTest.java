package io.strec.eval.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HtmlTest {
  @Test
  void escapesTheFiveMarkupCharacters() {
    assertEquals(
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;",
        Html.escape("<script>alert(\"x\")</script> & 'y'"));
    assertEquals("caf\u00e9 \u2014 ok", Html.escape("caf\u00e9 \u2014 ok"));
    assertThrows(NullPointerException.class, () -> Html.escape(null));
  }

  @Test
  void numbersSayWhenTheyAreNotFinite() {
    assertEquals("0.1235", Html.number(0.123456, 4));
    assertEquals("NaN", Html.number(Double.NaN, 4));
    assertEquals("\u221e", Html.number(Double.POSITIVE_INFINITY, 2));
    assertEquals("-\u221e", Html.number(Double.NEGATIVE_INFINITY, 2));
    var e = assertThrows(IllegalArgumentException.class, () -> Html.coord(Double.NaN));
    assertEquals("SVG coordinate is not finite: NaN", e.getMessage());
  }

  @Test
  void ticksAreNiceAndCoverTheRange() {
    Ticks t = Ticks.of(0, 0.2197, 5);
    assertEquals(0.05, t.step(), 1e-15);
    assertEquals(0, t.low(), 0);
    assertEquals(0.25, t.high(), 1e-12);
    assertEquals(6, t.count());
    assertEquals("0.15", t.label(3));
    Ticks neg = Ticks.of(-0.031, 0.012, 5);
    assertEquals(0.01, neg.step(), 1e-15);
    assertEquals(-0.04, neg.low(), 1e-12);
    assertEquals(0.02, neg.high(), 1e-12);
    assertEquals("0.00", neg.label(4), "zero prints as zero, not -0.00");
    Ticks quarter = Ticks.of(0, 1.2, 5);
    assertEquals(0.25, quarter.step(), 1e-15);
    assertEquals("0.75", quarter.label(3), "two decimals for a step of 0.25");
    Ticks flat = Ticks.of(3, 3, 5);
    assertEquals(true, flat.low() <= 3 && flat.high() >= 3 && flat.high() > flat.low());
    Ticks zero = Ticks.of(0, 0, 5);
    assertEquals(0, zero.low(), 0);
    assertEquals(1, zero.high(), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> Ticks.of(Double.NaN, 1, 5));
  }
}
