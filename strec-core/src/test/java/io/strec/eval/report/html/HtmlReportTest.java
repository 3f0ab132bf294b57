package io.strec.eval.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.Dataset;
import io.strec.data.Vocabulary;
import io.strec.eval.EvalCase;
import io.strec.eval.EvalSplit;
import io.strec.eval.Evaluation;
import io.strec.eval.Experiment.ModelRun;
import io.strec.eval.stats.PairedTest;
import io.strec.eval.stats.StudentT;
import io.strec.model.History;
import io.strec.model.Query;
import io.strec.model.TrainingCurve;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The whole page from hand-made runs: hostile names stay text, numbers land where they should, an
 * empty segmentation and NaN metrics render visibly, the ablation section appears only with a
 * variant.
 */
class HtmlReportTest {
  static final String EVIL = "<script>alert(\"pwned\")</script>&'";
  static final String[] METRICS = {"HR@1", "HR@5", "HR@10", "HR@20", "NDCG@10", "MRR"};
  static final int[] RANKS_A = {1, 2, 4, 10, 50, 3};
  static final int[] RANKS_B = {2, 1, 8, 20, 100, 6};

  @TempDir Path tmp;

  static EvalSplit split() {
    Vocabulary items = Vocabulary.of(List.of("i0", "i1", "i2"));
    Dataset.Builder b = Dataset.builder(EVIL, Vocabulary.of(List.of("u0", "u1")), items);
    b.add(0, 0, 100, 0, 40.0, -74.0, 1f).add(1, 1, 200, 0, 40.1, -74.0, 1f);
    List<EvalCase> cases = new ArrayList<>();
    for (int c = 0; c < RANKS_A.length; c++) {
      Query q = new Query(c % 2, History.empty(), 1000 + c, 0, Double.NaN, Double.NaN);
      cases.add(new EvalCase("c" + c, c % 2, c % 3, q, new int[0], Double.NaN, Double.NaN));
    }
    return new EvalSplit("loo", b.build(), cases, Map.of("split", "test", "note", EVIL));
  }

  /** An evaluation whose MRR is {@code mrr} and whose other metrics are {@code mrr / k}. */
  static Evaluation eval(String model, double mrr, int[] ranks) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int k = 0; k < METRICS.length; k++) {
      m.put(METRICS[k], METRICS[k].equals("MRR") ? mrr : mrr / (k + 1));
    }
    Map<String, Map<String, Map<String, Double>>> seg = new LinkedHashMap<>();
    seg.put("hour_of_day", Map.of());
    seg.put(
        "target_distance_km",
        new LinkedHashMap<>(
            Map.of(
                "10+", Map.of("n", 2.0, "MRR", 0.5),
                "3-10", Map.of("n", 3.0, "MRR", 0.25),
                "unknown", Map.of("n", 1.0, "MRR", Double.NaN))));
    List<String> ids = new ArrayList<>();
    for (int c = 0; c < ranks.length; c++) {
      ids.add("c" + c);
    }
    return new Evaluation(
        model,
        model,
        ids,
        ranks,
        new int[ranks.length][0],
        m,
        Map.of("coverage@10", 0.5),
        seg,
        Optional.empty(),
        1.5,
        0.25);
  }

  static ModelRun run(String model, int[] ranks, double... mrrPerSeed) {
    List<Evaluation> evals = new ArrayList<>();
    List<Long> seeds = new ArrayList<>();
    for (int s = 0; s < mrrPerSeed.length; s++) {
      evals.add(eval(model, mrrPerSeed[s], ranks));
      seeds.add((long) s + 1);
    }
    return new ModelRun(model, model + "(x=1)", Map.of(), seeds, evals);
  }

  static HtmlReport report(ModelRun... runs) {
    HtmlReport r = new HtmlReport(EVIL, "file " + EVIL, split(), Map.of("seeds", List.of(1, 2, 3)));
    for (ModelRun run : runs) {
      r.add(run);
    }
    return r;
  }

  @Test
  void hostileNamesAreEscapedEverywhereAndThePageIsWellFormed() throws Exception {
    ModelRun a = run(EVIL, RANKS_A, 0.2, 0.3, 0.4);
    ModelRun b = run("b", RANKS_B, 0.1, 0.1, 0.1);
    HtmlReport r = report(a, b);
    r.paired(
        "b",
        EVIL,
        "MRR",
        PairedTest.compare(b.first().perCase("MRR"), a.first().perCase("MRR"), 1));
    r.training(EVIL, Map.of("device", EVIL));
    String page = r.render();
    Document doc = Xml.parse(page);
    assertEquals(0, doc.getElementsByTagName("script").getLength(), "no script element at all");
    assertFalse(page.contains("<script>alert"), "the name never appears as markup");
    assertTrue(doc.getDocumentElement().getTextContent().contains(EVIL));
    assertFalse(page.contains("http://") && !page.contains("http://www.w3.org/2000/svg"));
    assertFalse(page.contains("https://"), "nothing is loaded from anywhere");
    for (String tag : List.of("img", "link", "iframe", "object")) {
      assertEquals(0, doc.getElementsByTagName(tag).getLength(), tag);
    }
  }

  @Test
  void comparisonBarsCarryMeansAndIntervalsOverSeeds() throws Exception {
    ModelRun a = run("a", RANKS_A, 0.2, 0.3, 0.4);
    ModelRun b = run("b", RANKS_B, 0.1, 0.1, 0.1);
    HtmlReport r = report(a, b);
    var p = PairedTest.compare(b.first().perCase("MRR"), a.first().perCase("MRR"), 7);
    r.paired("b", "a", "MRR", p);
    Document doc = Xml.parse(r.render());
    Element chart = Xml.byId(doc, "svg", "chart-comparison");
    List<Element> bars = Xml.byClass(chart, "rect", "bar");
    assertEquals(2 * METRICS.length, bars.size());
    Element mrrA =
        bars.stream()
            .filter(e -> e.getAttribute("data-group").equals("MRR"))
            .filter(e -> e.getAttribute("data-series").equals("a"))
            .findFirst()
            .orElseThrow();
    assertEquals(0.3, Xml.number(mrrA, "data-value"), 1e-9, "mean of 0.2, 0.3, 0.4");
    // 95% interval of the mean of 0.2, 0.3, 0.4: s = 0.1, t(0.975, 2) = 4.302652729749462
    double half = 4.302652729749462 * 0.1 / Math.sqrt(3);
    assertEquals(StudentT.quantile(0.975, 2) * 0.1 / Math.sqrt(3), half, 1e-9);
    String tip = mrrA.getElementsByTagName("title").item(0).getTextContent();
    assertTrue(
        tip.contains(
            "95% interval " + Html.number(0.3 - half, 4) + " to " + Html.number(0.3 + half, 4)),
        tip);
    // a constant metric over seeds has a zero-width interval; 2 models x 6 metrics error bars
    assertEquals(2 * METRICS.length, Xml.byClass(chart, "path", "err").size());
    // the paired verdict: b is worse than a on MRR, and a is marked as the reference
    List<Element> markers = Xml.byClass(chart, "text", "marker");
    assertEquals(2, markers.size());
    String verdict = ReportData.verdict(p);
    assertTrue(
        markers.stream().anyMatch(m -> m.getTextContent().endsWith(verdict)), "verdict " + verdict);
    assertTrue(markers.stream().anyMatch(m -> m.getTextContent().endsWith("ref")));
    String tables = Xml.byId(doc, "section", "comparison").getTextContent();
    assertTrue(tables.contains("0.3000 \u00b1 " + Html.number(half, 4)), tables);
  }

  @Test
  void segmentsInNaturalOrderWithEmptyAndNaNShown() throws Exception {
    Document doc = Xml.parse(report(run("a", RANKS_A, 0.2), run("b", RANKS_B, 0.1)).render());
    Element hour = Xml.byId(doc, "svg", "chart-segment-hour-of-day");
    assertEquals(0, Xml.byClass(hour, "rect", "bar").size());
    assertTrue(hour.getTextContent().contains("no data"));
    Element dist = Xml.byId(doc, "svg", "chart-segment-target-distance-km");
    List<Element> bars = Xml.byClass(dist, "rect", "bar");
    assertEquals(4, bars.size(), "two finite labels x two models");
    assertEquals(
        List.of("3-10", "3-10", "10+", "10+"),
        bars.stream().map(e -> e.getAttribute("data-group")).toList(),
        "3-10 before 10+");
    assertEquals(2, Xml.byClass(dist, "text", "nan").size(), "unknown: NaN for both models");
    List<Element> labels = Xml.byClass(dist, "text", "group-label");
    assertEquals("unknown", labels.get(labels.size() - 1).getTextContent());
    assertTrue(dist.getTextContent().contains("n=3"));
    // 0.5 is twice 0.25: bar heights follow
    assertEquals(2 * Xml.number(bars.get(0), "height"), Xml.number(bars.get(2), "height"), 0.02);
  }

  @Test
  void trainingCurvesAndAblationAppearWhenThereAreAny() throws Exception {
    ModelRun stm = run("stm", RANKS_A, 0.3);
    ModelRun notext = run("stm-notext", RANKS_B, 0.2);
    HtmlReport r = report(run("pop", RANKS_B, 0.05), stm, notext);
    r.training(
        "stm",
        new TrainingCurve(
                new int[] {1, 2, 3},
                new double[] {5, 4.5, 4.2},
                new double[] {0.1, Double.NaN, 0.2})
            .toSummary());
    r.training("pop", Map.of());
    Document doc = Xml.parse(r.render());
    Element loss = Xml.byId(doc, "svg", "chart-training-loss");
    assertEquals(3, Xml.byClass(loss, "circle", "point").size());
    Element mrr = Xml.byId(doc, "svg", "chart-training-mrr");
    assertEquals(2, Xml.byClass(mrr, "circle", "point").size());
    assertEquals(1, Xml.byClass(mrr, "text", "nan").size());
    Element ablation = Xml.byId(doc, "svg", "chart-ablation");
    List<Element> bars = Xml.byClass(ablation, "rect", "bar");
    assertEquals(2, bars.size(), "stm-notext: delta MRR and delta NDCG@10");
    double expected =
        PairedTest.compare(notext.first().perCase("MRR"), stm.first().perCase("MRR"), 1).meanDiff();
    assertEquals(expected, Xml.number(bars.get(0), "data-value"), 1e-6);
    assertTrue(expected < 0, "stm-notext ranks worse in these cases");

    Document plain = Xml.parse(report(run("pop", RANKS_B, 0.05)).render());
    assertThrows(AssertionError.class, () -> Xml.byId(plain, "section", "ablation"));
    assertTrue(
        Xml.byId(plain, "section", "training").getTextContent().contains("no training curve"));
  }

  @Test
  void writesAtomicallyAndRefusesWhatCannotBeShown() throws Exception {
    Path file = tmp.resolve("sub/report.html");
    report(run("a", RANKS_A, 0.2)).write(file);
    String page = Files.readString(file, StandardCharsets.UTF_8);
    assertTrue(page.startsWith("<!DOCTYPE html>"));
    try (var listing = Files.list(file.getParent())) {
      assertEquals(List.of(file), listing.toList(), "no temporary file left behind");
    }
    var e = assertThrows(IllegalStateException.class, () -> report().render());
    assertEquals("the report has no model run", e.getMessage());
    HtmlReport r = report(run("a", RANKS_A, 0.2));
    r.paired("ghost", "a", "MRR", PairedTest.compare(new double[] {1, 0}, new double[] {0, 1}, 1));
    var g = assertThrows(IllegalStateException.class, r::render);
    assertTrue(g.getMessage().contains("ghost"), g.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> report(run("a", RANKS_A, 0.2)).add(run("a", RANKS_A, 0.1)));
  }
}
