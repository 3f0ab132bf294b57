package io.strec.eval.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class LineChartTest {
  @Test
  void oneDotPerPointAtItsValue() throws Exception {
    LineChart c = new LineChart("loss", "epoch", "loss");
    c.series("stm", Palette.colour(0), new double[] {1, 2, 3}, new double[] {5.0, 4.0, 3.5});
    c.series("stm-notext", Palette.colour(1), new double[] {1, 2}, new double[] {5.5, 4.5});
    Element svg = Xml.parse(c.render("c")).getDocumentElement();
    List<Element> pts = Xml.byClass(svg, "circle", "point");
    assertEquals(5, pts.size());
    assertEquals("stm", pts.get(0).getAttribute("data-series"));
    assertEquals("1.000000", pts.get(0).getAttribute("data-x"));
    assertEquals("5.000000", pts.get(0).getAttribute("data-y"));
    // y is linear: the drop 5 -> 4 is twice the drop 4 -> 3.5; x steps are equal
    double y0 = Xml.number(pts.get(0), "cy");
    double y1 = Xml.number(pts.get(1), "cy");
    double y2 = Xml.number(pts.get(2), "cy");
    assertEquals(2 * (y2 - y1), y1 - y0, 0.02);
    double x0 = Xml.number(pts.get(0), "cx");
    double x1 = Xml.number(pts.get(1), "cx");
    assertEquals(x1 - x0, Xml.number(pts.get(2), "cx") - x1, 0.02);
    assertEquals(x0, Xml.number(pts.get(3), "cx"), 0.02, "epoch 1 of both series at the same x");
    assertEquals(2, Xml.byClass(svg, "path", "line").size());
    String text = svg.getTextContent();
    assertTrue(text.contains("epoch") && text.contains("stm-notext"), text);
  }

  @Test
  void notANumberBreaksTheLineAndIsMarked() throws Exception {
    LineChart c = new LineChart("mrr", "epoch", "MRR");
    c.series("m", "#000", new double[] {1, 2, 3, 4}, new double[] {0.1, Double.NaN, 0.2, 0.25});
    String svg = c.render("c");
    Element root = Xml.parse(svg).getDocumentElement();
    assertEquals(3, Xml.byClass(root, "circle", "point").size());
    assertEquals(1, Xml.byClass(root, "text", "nan").size());
    String d = Xml.byClass(root, "path", "line").get(0).getAttribute("d");
    assertEquals(2, d.chars().filter(ch -> ch == 'M').count(), "two pieces: " + d);
    assertFalse(svg.contains("=\"NaN\""));
  }

  @Test
  void emptyAndSinglePointChartsRender() throws Exception {
    Element empty = Xml.parse(new LineChart("t", "x", "y").render("e")).getDocumentElement();
    assertTrue(empty.getTextContent().contains("no data"));
    LineChart one = new LineChart("t", "epoch", "y");
    one.series("m", "#000", new double[] {1}, new double[] {0.5});
    Element root = Xml.parse(one.render("o")).getDocumentElement();
    assertEquals(1, Xml.byClass(root, "circle", "point").size());
    assertThrows(
        IllegalArgumentException.class,
        () -> one.series("bad", "#000", new double[] {Double.NaN}, new double[] {1}));
  }
}
