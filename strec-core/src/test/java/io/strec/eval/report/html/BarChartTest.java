package io.strec.eval.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class BarChartTest {
  static final List<String> TWO = List.of("a", "b");
  static final List<String> COLOURS = List.of(Palette.colour(0), Palette.colour(1));

  @Test
  void barHeightsAreProportionalToTheValues() throws Exception {
    BarChart c = new BarChart("t", "MRR", TWO, COLOURS);
    c.group("g1", "n=3", new double[] {0.2, 0.4});
    c.group("g2", "", new double[] {0.1, 0.3});
    Element svg = Xml.parse(c.render("c")).getDocumentElement();
    List<Element> bars = Xml.byClass(svg, "rect", "bar");
    assertEquals(4, bars.size());
    Element a1 = bars.get(0);
    assertEquals("g1", a1.getAttribute("data-group"));
    assertEquals("a", a1.getAttribute("data-series"));
    assertEquals("0.200000", a1.getAttribute("data-value"));
    double h = Xml.number(a1, "height");
    assertEquals(2 * h, Xml.number(bars.get(1), "height"), 0.02);
    assertEquals(0.5 * h, Xml.number(bars.get(2), "height"), 0.02);
    assertEquals(1.5 * h, Xml.number(bars.get(3), "height"), 0.02);
    // every bar stands on the zero line: same bottom edge
    double bottom = Xml.number(a1, "y") + h;
    for (Element b : bars) {
      assertEquals(bottom, Xml.number(b, "y") + Xml.number(b, "height"), 0.02);
    }
    // the group's note is printed under it; the legend names both series
    String text = svg.getTextContent();
    assertTrue(text.contains("n=3"), text);
    assertEquals(2, Xml.byClass(svg, "g", "legend-item").size());
    assertTrue(Xml.number(svg, "width") > 0 && Xml.number(svg, "height") > 0);
  }

  @Test
  void negativeBarsHangBelowZeroWithIntervalsAndMarkers() throws Exception {
    BarChart c = new BarChart("t", "difference", TWO, COLOURS);
    int g = c.group("stm-notext", "", new double[] {-0.03, 0.01});
    c.interval(g, 0, -0.05, -0.01).marker(g, 0, "\u25bc", "worse").marker(g, 1, "\u25cb", "same");
    Element svg = Xml.parse(c.render("c")).getDocumentElement();
    List<Element> bars = Xml.byClass(svg, "rect", "bar");
    double negTop = Xml.number(bars.get(0), "y");
    double posBottom = Xml.number(bars.get(1), "y") + Xml.number(bars.get(1), "height");
    assertEquals(posBottom, negTop, 0.02, "the negative bar starts where the positive one ends");
    assertEquals(3 * Xml.number(bars.get(1), "height"), Xml.number(bars.get(0), "height"), 0.05);
    assertEquals(1, Xml.byClass(svg, "path", "err").size());
    List<Element> markers = Xml.byClass(svg, "text", "marker");
    assertEquals(2, markers.size());
    assertTrue(markers.get(0).getTextContent().endsWith("\u25bc"));
    var e = assertThrows(IllegalArgumentException.class, () -> c.interval(g, 1, 0.2, 0.1));
    assertEquals("interval of group 0, series 1 is reversed: 0.2 > 0.1", e.getMessage());
  }

  @Test
  void notANumberIsShownNotDrawnAsZero() throws Exception {
    BarChart c = new BarChart("t", "MRR", TWO, COLOURS);
    c.group("g", "", new double[] {Double.NaN, 0.3});
    String svg = c.render("c");
    Element root = Xml.parse(svg).getDocumentElement();
    assertEquals(1, Xml.byClass(root, "rect", "bar").size());
    List<Element> nan = Xml.byClass(root, "text", "nan");
    assertEquals(1, nan.size());
    assertTrue(nan.get(0).getTextContent().endsWith("NaN"), nan.get(0).getTextContent());
    assertFalse(svg.contains("=\"NaN\""), "no NaN coordinate: " + svg);

    BarChart allNan = new BarChart("t", "MRR", TWO, COLOURS);
    allNan.group("g", "", new double[] {Double.NaN, Double.NaN});
    Element r2 = Xml.parse(allNan.render("c")).getDocumentElement();
    assertEquals(2, Xml.byClass(r2, "text", "nan").size());
    assertTrue(r2.getTextContent().contains("no finite value"));
  }

  @Test
  void anEmptyChartSaysSo() throws Exception {
    BarChart c = new BarChart("empty", "MRR", TWO, COLOURS);
    Element svg = Xml.parse(c.render("c")).getDocumentElement();
    assertEquals(0, Xml.byClass(svg, "rect", "bar").size());
    assertTrue(svg.getTextContent().contains("no data"));
  }

  @Test
  void hostileNamesStayText() throws Exception {
    String evil = "<script>alert('x')</script>\"&";
    BarChart c = new BarChart(evil, evil, List.of(evil, "ok"), COLOURS);
    c.group(evil, evil, new double[] {0.1, 0.2});
    String svg = c.render("id\"onload=\"x");
    Element root = Xml.parse(svg).getDocumentElement();
    assertEquals(0, root.getElementsByTagName("script").getLength());
    assertEquals("id\"onload=\"x", root.getAttribute("id"));
    assertEquals(evil, Xml.byClass(root, "rect", "bar").get(0).getAttribute("data-series"));
    assertTrue(root.getTextContent().contains(evil));
  }

  @Test
  void wrongShapesAreRefusedByName() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new BarChart("t", "y", TWO, COLOURS).group("g", "", new double[] {1}));
    assertEquals("group 'g' has 1 values for 2 series", e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new BarChart("t", "y", TWO, List.of("#000")));
  }
}
