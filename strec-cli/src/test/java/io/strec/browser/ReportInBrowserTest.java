package io.strec.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strec.cli.Main;
import io.strec.data.synth.CityConfig;
import io.strec.data.synth.CityWriter;
import io.strec.data.synth.SyntheticCity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;

/**
 * {@code strec evaluate --html} on a small built-in city (pop, markov, a 3-epoch stm and its
 * stm-notext ablation, two seeds), opened in headless Chromium: every chart is there with a size,
 * and has as many bars or points as the JSON report of the same run says it must; the page loads
 * nothing and logs no error.
 */
class ReportInBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> MODELS = List.of("pop", "markov", "stm", "stm-notext");
  private static final int METRICS = 6;
  private static final int EPOCHS = 3;

  /** For a chart: its drawn size, bars, bars with a drawn size, points, NaN marks and markers. */
  private static final String COUNT =
      "const svg = document.getElementById(arguments[0]);"
          + "if (!svg) { return null; }"
          + "const r = svg.getBoundingClientRect();"
          + "const drawn = [...svg.querySelectorAll('rect.bar')].filter(b => {"
          + "  const q = b.getBoundingClientRect(); return q.width > 0 && q.height > 0; }).length;"
          + "return [r.width, r.height, svg.querySelectorAll('rect.bar').length, drawn,"
          + "  svg.querySelectorAll('circle.point').length, svg.querySelectorAll('text.nan').length,"
          + "  svg.querySelectorAll('text.marker').length];";

  @Test
  void everyChartOfTheReportRendersInTheBrowser(@TempDir Path tmp) throws Exception {
    Path city = tmp.resolve("city");
    CityWriter.write(
        SyntheticCity.generate(CityConfig.defaults(11).withUsers(60).withPois(80).withDays(21)),
        city);
    Path html = tmp.resolve("out/report.html");
    Path json = tmp.resolve("out/report.json");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "evaluate",
            "--dataset",
            "strec:" + city,
            "--protocol",
            "loo",
            "--model",
            String.join(",", MODELS),
            "--seeds",
            "1,2",
            "--model-config",
            "stm:epochs=" + EPOCHS,
            "--embedding-store",
            tmp.resolve("emb").toString(),
            "--html",
            html.toString(),
            "--report",
            json.toString());
    assertEquals(0, code, err.toString());
    assertTrue(out.toString().contains("HTML report written to " + html), out.toString());
    JsonNode report = JSON.readTree(json.toFile());
    try (var listing = Files.list(html.getParent())) {
      assertEquals(
          Set.of(html.getFileName().toString(), json.getFileName().toString()),
          Set.copyOf(listing.map(p -> p.getFileName().toString()).toList()),
          "no temporary file left beside the reports");
    }

    try (Browser browser = Browser.start(1400, 1000)) {
      browser.driver().get(html.toUri().toString());
      JavascriptExecutor js = browser.driver();
      assertEquals(
          0L,
          js.executeScript("return performance.getEntriesByType('resource').length;"),
          "the report loads nothing besides itself");
      browser.screenshot("report");

      Map<String, Integer> expectedBars = new LinkedHashMap<>();
      expectedBars.put("chart-comparison", MODELS.size() * METRICS);
      segmentBars(report).forEach((name, n) -> expectedBars.put("chart-segment-" + name, n));
      expectedBars.put("chart-ablation", 2);
      assertEquals(
          9, expectedBars.size(), "comparison, seven segmentations, ablation: " + expectedBars);
      for (Map.Entry<String, Integer> e : expectedBars.entrySet()) {
        List<?> c = count(js, e.getKey());
        assertTrue(number(c, 0) > 100 && number(c, 1) > 100, e.getKey() + " has a size: " + c);
        assertEquals(e.getValue(), number(c, 2), e.getKey() + " bars: " + c);
        assertEquals(e.getValue(), number(c, 3), e.getKey() + " bars drawn with a size: " + c);
      }
      // three models against the reference pop on MRR and NDCG@10, and pop marked "ref" on both
      assertEquals(3 * 2 + 2, number(count(js, "chart-comparison"), 6));
      assertEquals(2, number(count(js, "chart-ablation"), 6), "a verdict per ablation bar");

      for (String chart : List.of("chart-training-loss", "chart-training-mrr")) {
        List<?> c = count(js, chart);
        assertTrue(number(c, 0) > 100 && number(c, 1) > 100, chart + " has a size: " + c);
        assertEquals(
            2 * EPOCHS, number(c, 4) + number(c, 5), chart + ": stm and stm-notext, every epoch");
      }
      assertEquals(2 * EPOCHS, number(count(js, "chart-training-loss"), 4), "losses are finite");

      js.executeScript("document.getElementById('segments').scrollIntoView();");
      browser.screenshot("report-segments");
      js.executeScript("document.getElementById('training').scrollIntoView();");
      browser.screenshot("report-training");
      assertEquals(List.of(), browser.severeConsoleMessages());
    }
  }

  /**
   * Bars each segment chart must have, from the JSON report: per segmentation, a bar for every
   * model and label with a finite MRR (first seed).
   */
  private static Map<String, Integer> segmentBars(JsonNode report) {
    Map<String, Integer> out = new LinkedHashMap<>();
    Set<String> names = new LinkedHashSet<>();
    report.get("results").forEach(r -> r.get("segments").fieldNames().forEachRemaining(names::add));
    for (String name : names) {
      int bars = 0;
      for (JsonNode r : report.get("results")) {
        JsonNode labels = r.get("segments").get(name);
        for (JsonNode label : labels) {
          bars += label.get("MRR").isNumber() ? 1 : 0;
        }
      }
      out.put(name.replace('_', '-'), bars);
    }
    return out;
  }

  private static List<?> count(JavascriptExecutor js, String id) {
    Object c = js.executeScript(COUNT, id);
    assertTrue(c instanceof List<?>, "no element with id " + id);
    return (List<?>) c;
  }

  private static int number(List<?> c, int i) {
    return (int) Math.round(((Number) c.get(i)).doubleValue());
  }
}
