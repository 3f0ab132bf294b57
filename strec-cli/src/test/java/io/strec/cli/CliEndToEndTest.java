package io.strec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Golden end-to-end tests of the {@code strec} command line, through {@link Main#run}. */
class CliEndToEndTest {
  static final Path FIXTURES = io.strec.testing.TestData.directory("reference");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void evaluateWritesTheReportTheReferenceAgreesWith() throws Exception {
    Path report = tmp.resolve("r.json");
    Result r =
        run(
            "evaluate",
            "--dataset",
            "movielens:" + FIXTURES.resolve("fixtures/ml"),
            "--protocol",
            "loo",
            "--split",
            "test",
            "--model",
            "pop,markov",
            "--report",
            report.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode json = JSON.readTree(report.toFile());
    JsonNode ref = JSON.readTree(FIXTURES.resolve("fixture_ml_loo_test.json").toFile());
    assertEquals("loo", json.get("protocol").asText());
    JsonNode pop = json.get("results").get(0);
    assertEquals("pop", pop.get("model").asText());
    for (String m : List.of("HR@1", "HR@5", "HR@10", "HR@20", "NDCG@10", "MRR")) {
      assertEquals(
          ref.get("metrics").get(m).asDouble(), pop.get("metrics").get(m).asDouble(), 1e-12, m);
    }
    assertEquals(ref.get("n").asInt(), pop.get("metrics").get("n").asInt());
    assertEquals("markov", json.get("results").get(1).get("model").asText());
    assertEquals(2, json.get("significance").size(), "markov vs pop on MRR and NDCG@10");
    assertTrue(r.out().contains("model            HR@1"), r.out());
    assertTrue(r.out().contains("read 23 = accepted 23 + rejected 0"), r.out());
  }

  /**
   * The case file holds one row per case, model and seed, and each row agrees with itself: a target
   * ranked k <= 10 is the k-th of the top items, one ranked lower is not among them.
   */
  @Test
  void evaluateWritesEveryCaseOfEveryModelAndSeed() throws Exception {
    Path cases = tmp.resolve("cases.tsv");
    Path report = tmp.resolve("r.json");
    Result r =
        run(
            "evaluate",
            "--dataset",
            "movielens:" + FIXTURES.resolve("fixtures/ml"),
            "--protocol",
            "loo",
            "--model",
            "pop,markov",
            "--seeds",
            "1,2",
            "--cases",
            cases.toString(),
            "--report",
            report.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("cases written to " + cases), r.out());
    List<String> lines = Files.readAllLines(cases);
    assertEquals(
        "model\tseed\tcase\tuser\ttarget\trank\ttarget_in_history\ttop_1\ttop_2\ttop_3\ttop_4"
            + "\ttop_5\ttop_6\ttop_7\ttop_8\ttop_9\ttop_10",
        lines.get(0));
    int n = JSON.readTree(report.toFile()).get("results").get(0).get("metrics").get("n").asInt();
    assertEquals(1 + 2 * 2 * n, lines.size());
    double popMrr = 0;
    java.util.Set<String> seen = new java.util.TreeSet<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t", -1);
      assertEquals(17, f.length, line);
      seen.add(f[0] + "/" + f[1]);
      int rank = Integer.parseInt(f[5]);
      List<String> top = List.of(f).subList(7, 17);
      assertEquals(List.of("", ""), top.subList(8, 10), line);
      if (rank <= 10) {
        assertEquals(f[4], top.get(rank - 1), line);
      } else {
        assertTrue(!top.contains(f[4]), line);
      }
      assertTrue(List.of("1 last item", "2 earlier item", "3 new to user").contains(f[6]), line);
      if (f[0].equals("pop") && f[1].equals("1")) {
        popMrr += 1.0 / rank;
      }
    }
    assertEquals(List.of("markov/1", "markov/2", "pop/1", "pop/2"), List.copyOf(seen));
    assertEquals(
        JSON.readTree(report.toFile()).get("results").get(0).get("metrics").get("MRR").asDouble(),
        popMrr / n,
        1e-12);
    Result bad =
        run(
            "evaluate",
            "--dataset",
            "movielens:" + FIXTURES.resolve("fixtures/ml"),
            "--protocol",
            "loo",
            "--model",
            "pop",
            "--cases",
            tmp.resolve("no/such/dir/cases.tsv").toString());
    assertEquals(2, bad.code(), bad.out());
    assertTrue(bad.err().contains("--cases: cannot write"), bad.err());
  }

  @Test
  void caseFileFieldsEscapeTabsLineBreaksAndBackslashes() {
    assertEquals("a\\tb\\nc\\rd\\\\e", CaseFile.field("a\tb\nc\rd\\e"));
    assertEquals("plain id 7", CaseFile.field("plain id 7"));
  }

  @Test
  void getnextAndGivenRunFromTheCommandLine() throws Exception {
    Path report = tmp.resolve("g.json");
    Result r =
        run(
            "evaluate",
            "--dataset",
            "foursquare:" + FIXTURES.resolve("fixtures/nyc/checkins.tsv"),
            "--protocol",
            "getnext",
            "--eval-file",
            FIXTURES.resolve("fixtures/nyc/getnext_val.csv").toString(),
            "--mode",
            "online",
            "--model",
            "pop",
            "--report",
            report.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("online", JSON.readTree(report.toFile()).get("settings").get("mode").asText());
    Path report2 = tmp.resolve("a.json");
    Result a =
        run(
            "evaluate",
            "--dataset",
            "atomic:" + FIXTURES.resolve("fixtures/atomic/tiny"),
            "--protocol",
            "given",
            "--eval-file",
            FIXTURES.resolve("fixtures/atomic/tiny.valid.inter").toString(),
            "--model",
            "pop",
            "--report",
            report2.toString());
    assertEquals(0, a.code(), a.err());
    JsonNode ref = JSON.readTree(FIXTURES.resolve("fixture_atomic_given.json").toFile());
    assertEquals(
        ref.get("metrics").get("MRR").asDouble(),
        JSON.readTree(report2.toFile()).get("results").get(0).get("metrics").get("MRR").asDouble(),
        1e-12);
  }

  @Test
  void malformedRowExitsWithCode2AndNamesTheLine() throws Exception {
    Path dir = tmp.resolve("ml");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("u.data"), "1\t1\t5\t100\n1\t2\t4\t200\n1\t3\tx\t300\n");
    Result r =
        run("evaluate", "--dataset", "movielens:" + dir, "--protocol", "loo", "--model", "pop");
    assertEquals(2, r.code());
    assertTrue(
        r.err().contains(dir.resolve("u.data") + ":3: column 'rating' value 'x': not a number"),
        r.err());
    assertTrue(!r.err().contains("\tat "), "no stack trace for bad input");
    Path rejects = tmp.resolve("rej.tsv");
    Result skip =
        run(
            "import",
            "--dataset",
            "movielens:" + dir,
            "--on-error",
            "skip",
            "--rejects",
            rejects.toString());
    assertEquals(0, skip.code(), skip.err());
    assertTrue(skip.out().contains("read 3 = accepted 2 + rejected 1"), skip.out());
    assertEquals(1, Files.readAllLines(rejects).size());
    assertTrue(Files.readAllLines(rejects).get(0).endsWith("1\t3\tx\t300"));
  }

  @Test
  void badOptionsAndUnknownModelsAreBadInput() {
    assertEquals(
        2,
        run(
                "evaluate",
                "--dataset",
                "movielens:" + FIXTURES.resolve("fixtures/ml"),
                "--protocol",
                "loo",
                "--model",
                "nope")
            .code());
    assertEquals(
        2, run("evaluate", "--dataset", "nowhere", "--protocol", "loo", "--model", "pop").code());
    assertEquals(2, run("evaluate", "--protocol", "loo").code(), "missing required --dataset");
    assertEquals(
        2,
        run(
                "evaluate",
                "--dataset",
                "movielens:" + tmp.resolve("missing"),
                "--protocol",
                "loo",
                "--model",
                "pop")
            .code());
    Result help = run("evaluate", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("--protocol"));
    assertEquals(0, run("import", "--help").code());
    assertEquals(0, run("quickstart", "--help").code());
  }

  @Test
  void importWritesStrecLayoutThatEvaluateReads() throws Exception {
    Path out = tmp.resolve("imported");
    Result r =
        run(
            "import",
            "--dataset",
            "foursquare:" + FIXTURES.resolve("fixtures/nyc/checkins.tsv"),
            "--dedup",
            "--out",
            out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.isRegularFile(out.resolve("events.csv")));
    Result e =
        run("evaluate", "--dataset", "strec:" + out, "--protocol", "loo", "--model", "pop,markov");
    assertEquals(0, e.code(), e.err());
  }

  /** The design document's worked example (§4.3) through import, every model and the report. */
  @Test
  void workedExampleRunsThroughEveryModel() throws Exception {
    Path dir = tmp.resolve("worked");
    io.strec.data.io.StrecWriter.writeEvents(
        io.strec.data.synth.WorkedExample.events(), dir.resolve("events.csv"));
    io.strec.data.io.StrecWriter.writeItems(
        io.strec.data.synth.WorkedExample.items(), java.util.Map.of(), dir.resolve("items.jsonl"));
    Path report = tmp.resolve("worked.json");
    Result r =
        run(
            "evaluate",
            "--dataset",
            "strec:" + dir,
            "--protocol",
            "loo",
            "--model",
            "all",
            "--embedding-store",
            tmp.resolve("emb").toString(),
            "--report",
            report.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode json = JSON.readTree(report.toFile());
    assertEquals(8, json.get("results").size());
    for (JsonNode m : json.get("results")) {
      assertEquals(2, m.get("metrics").get("n").asInt(), m.get("model").asText());
      double mrr = m.get("metrics").get("MRR").asDouble();
      assertTrue(mrr > 0 && mrr <= 1, m.toString());
    }
  }

  @Test
  void quickstartShowsTimeAndSpaceAwareModelsBeatingPopularity() throws Exception {
    Result r =
        run(
            "quickstart",
            "--out",
            tmp.toString(),
            "--embedding-store",
            tmp.resolve("emb").toString());
    assertEquals(0, r.code(), r.err());
    JsonNode json = JSON.readTree(tmp.resolve("report.json").toFile());
    java.util.Map<String, Double> mrr = new java.util.HashMap<>();
    json.get("results")
        .forEach(x -> mrr.put(x.get("model").asText(), x.get("metrics").get("MRR").asDouble()));
    assertEquals(
        java.util.Set.of(
            "pop", "time-pop", "geo-pop", "personal", "markov", "itemknn", "content", "stm"),
        mrr.keySet());
    assertTrue(mrr.get("content") > mrr.get("pop"), "text signal: " + mrr);
    assertTrue(mrr.get("time-pop") > mrr.get("pop"), "time signal: " + mrr);
    assertTrue(mrr.get("geo-pop") > mrr.get("pop"), "space signal: " + mrr);
    for (var e : mrr.entrySet()) {
      if (!e.getKey().equals("stm")) {
        assertTrue(mrr.get("stm") > e.getValue(), "stm beats " + e.getKey() + ": " + mrr);
      }
    }
    assertTrue(r.out().contains("sample: top 5 from stm"), r.out());
    assertTrue(
        Files.readString(tmp.resolve("report.html")).contains("id=\"chart-comparison\""),
        "quickstart writes the HTML report beside report.json");
  }
}
