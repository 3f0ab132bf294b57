package io.strec.cli;

import static io.strec.cli.CliEndToEndTest.FIXTURES;
import static io.strec.cli.CliEndToEndTest.JSON;
import static io.strec.cli.CliEndToEndTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.strec.cli.CliEndToEndTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strec train} writes a model directory; {@code strec evaluate --model-dir} and {@code strec
 * recommend} load it. The saved model must score exactly as the trained one did.
 */
class ModelDirCommandsTest {
  @TempDir Path tmp;

  private List<String> getnext(String... more) {
    List<String> args = new ArrayList<>();
    args.add("--dataset");
    args.add("foursquare:" + FIXTURES.resolve("fixtures/nyc/checkins.tsv"));
    args.add("--protocol");
    args.add("getnext");
    args.add("--eval-file");
    args.add(FIXTURES.resolve("fixtures/nyc/getnext_val.csv").toString());
    args.add("--embedding-store");
    args.add(tmp.resolve("emb").toString());
    args.addAll(List.of(more));
    return args;
  }

  private static Result run(List<String> args) {
    return CliEndToEndTest.run(args.toArray(String[]::new));
  }

  @Test
  void savedModelEvaluatesAsTrainedAndRecommends() throws Exception {
    Path model = tmp.resolve("model");
    Result t =
        run(
            prepend(
                "train",
                getnext(
                    "--out", model.toString(), "--epochs", "2", "--no-progress", "--evaluate")));
    assertEquals(0, t.code(), t.err() + t.out());
    assertTrue(Files.isRegularFile(model.resolve("config.properties")), t.out());
    Matcher m = Pattern.compile("cases: MRR (\\d\\.\\d{4})").matcher(t.out());
    assertTrue(m.find(), t.out());
    String trainedMrr = m.group(1);

    Path report = tmp.resolve("saved.json");
    Result e =
        run(
            prepend(
                "evaluate",
                getnext("--model-dir", model.toString(), "--report", report.toString())));
    assertEquals(0, e.code(), e.err() + e.out());
    JsonNode result = JSON.readTree(report.toFile()).get("results").get(0);
    assertEquals("stm@model", result.get("model").asText());
    assertEquals(
        trainedMrr,
        String.format(Locale.ROOT, "%.4f", result.get("metrics").get("MRR").asDouble()),
        "saved model scores as the trained one");

    String user = firstUser();
    Result r =
        run(
            List.of(
                "recommend",
                "--model-dir",
                model.toString(),
                "--user",
                user,
                "--time",
                "2012-11-01T18:30:00Z",
                "--lat",
                "40.74",
                "--lon",
                "-73.99",
                "-k",
                "3"));
    assertEquals(0, r.code(), r.err() + r.out());
    assertTrue(Pattern.compile("(?m)^\\s+3\\s+\\S+").matcher(r.out()).find(), r.out());
    assertTrue(!Pattern.compile("(?m)^\\s+4\\s+\\S+").matcher(r.out()).find(), r.out());
    assertTrue(r.out().contains("top item: the largest term is"), r.out());
    assertTrue(r.out().contains("past events weighed most"), r.out());
  }

  @Test
  void savedModelOnAnotherCatalogueIsBadInput() throws Exception {
    Path model = tmp.resolve("model");
    Result t =
        run(prepend("train", getnext("--out", model.toString(), "--epochs", "1", "--no-progress")));
    assertEquals(0, t.code(), t.err() + t.out());
    Result e =
        run(
            List.of(
                "evaluate",
                "--dataset",
                "movielens:" + FIXTURES.resolve("fixtures/ml"),
                "--protocol",
                "loo",
                "--model-dir",
                model.toString()));
    assertEquals(2, e.code(), e.out());
    assertTrue(e.err().contains("another catalogue") || e.err().contains("catalogue of"), e.err());
    assertTrue(!e.err().contains("\tat "), "no stack trace: " + e.err());
  }

  /** Under {@code --query-time last}, stm is trained under it, and says so in what it saves. */
  @Test
  void trainAndEvaluateTrainUnderTheQueryTime() throws Exception {
    Path model = tmp.resolve("model");
    Result t =
        run(
            prepend(
                "train",
                getnext(
                    "--out",
                    model.toString(),
                    "--epochs",
                    "1",
                    "--no-progress",
                    "--query-time",
                    "last")));
    assertEquals(0, t.code(), t.err() + t.out());
    assertTrue(t.out().contains("queryTime=last"), t.out());
    assertEquals("last", properties(model.resolve("config.properties")).getProperty("queryTime"));
    String config = properties(model.resolve("provenance.properties")).getProperty("config");
    assertTrue(config.contains("queryTime=last"), config);

    Path report = tmp.resolve("last.json");
    Result e =
        run(
            prepend(
                "evaluate",
                getnext(
                    "--model",
                    "stm",
                    "--model-config",
                    "stm:epochs=1",
                    "--query-time",
                    "last",
                    "--report",
                    report.toString())));
    assertEquals(0, e.code(), e.err() + e.out());
    String setting = JSON.readTree(report.toFile()).get("results").get(0).get("setting").asText();
    assertTrue(setting.contains("queryTime=last"), setting);
  }

  /**
   * {@code --tune} compares settings on the inner validation first and saves the chosen one, with
   * what it compared; a budget that is not one is bad input, named.
   */
  @Test
  void trainTuneSavesTheChosenSetting() throws Exception {
    Path model = tmp.resolve("model");
    Result t =
        run(
            prepend(
                "train",
                getnext(
                    "--out", model.toString(), "--epochs", "3", "--no-progress", "--tune", "4")));
    assertEquals(0, t.code(), t.err() + t.out());
    assertTrue(t.out().matches("(?s).*stm tune: 2 of \\d candidates.*"), t.out());
    Properties prov = properties(model.resolve("provenance.properties"));
    String chosen = prov.getProperty("training.tune_chosen", "");
    assertTrue(chosen.equals("defaults") || chosen.equals("dropout=0.1"), prov.toString());
    assertTrue(
        prov.getProperty("training.tune_scores", "").contains("dropout=0.1: "), prov.toString());
    assertEquals(
        chosen.equals("defaults") ? "0.2" : "0.1",
        properties(model.resolve("config.properties")).getProperty("dropout"));

    Result bad =
        run(prepend("train", getnext("--out", tmp.resolve("m2").toString(), "--tune", "ten")));
    assertEquals(2, bad.code(), bad.err() + bad.out());
    assertTrue(bad.err().contains("--tune 'ten'"), bad.err());
    assertTrue(!bad.err().contains("\tat "), "no stack trace: " + bad.err());
  }

  private static Properties properties(Path file) throws java.io.IOException {
    Properties p = new Properties();
    try (java.io.Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    }
    return p;
  }

  @Test
  void modelConfigIsCheckedAndApplied() {
    Result bad =
        run(prepend("evaluate", getnext("--model", "stm", "--model-config", "stm:epochz=3")));
    assertEquals(2, bad.code(), bad.out());
    assertTrue(bad.err().contains("epochz"), bad.err());
    Result none =
        run(prepend("evaluate", getnext("--model", "pop", "--model-config", "pop:alpha=1")));
    assertEquals(2, none.code(), none.out());
    assertTrue(none.err().contains("takes no settings"), none.err());
    Result neither = run(prepend("evaluate", getnext()));
    assertEquals(2, neither.code(), neither.out());
  }

  private static String firstUser() throws java.io.IOException {
    List<String> lines = Files.readAllLines(FIXTURES.resolve("fixtures/nyc/checkins.tsv"));
    String header = lines.get(0);
    List<String> cols = List.of(header.split("\t"));
    int u = cols.indexOf("user_id");
    assertTrue(u >= 0, header);
    return lines.get(1).split("\t")[u];
  }

  private static List<String> prepend(String command, List<String> rest) {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(rest);
    return all;
  }
}
