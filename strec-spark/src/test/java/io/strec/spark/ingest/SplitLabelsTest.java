package io.strec.spark.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.Dataset;
import io.strec.data.Loaded;
import io.strec.data.RowPolicy;
import io.strec.data.io.TabularSource;
import io.strec.data.synth.City;
import io.strec.data.synth.CityConfig;
import io.strec.data.synth.CityWriter;
import io.strec.data.synth.SyntheticCity;
import io.strec.eval.EvalCase;
import io.strec.eval.EvalSplit;
import io.strec.eval.protocol.LeaveOneOut;
import io.strec.eval.protocol.TemporalSplit;
import io.strec.spark.LocalSpark;
import io.strec.spark.SparkMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The splits {@code strec-spark import --protocol} labels are the ones the evaluation protocols
 * build on one machine: per user the same training rows, the same valid and test targets.
 */
class SplitLabelsTest {
  @TempDir Path tmp;

  @Test
  void leaveOneOutAndTemporalLabelsAreTheProtocolsSplits() throws Exception {
    City city =
        SyntheticCity.generate(CityConfig.defaults(51).withUsers(20).withPois(30).withDays(7));
    CityWriter.write(city, tmp.resolve("city"));
    Loaded loaded;
    try (RowPolicy policy = RowPolicy.fail()) {
      loaded = Loaded.read(TabularSource.ofDirectory(tmp.resolve("city")), policy);
    }
    String parquet = tmp.resolve("loo").toUri().toString();
    StringWriter err = new StringWriter();
    int code =
        SparkMain.run(
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            "import",
            "--master",
            "local[2]",
            "--dataset",
            "strec:" + tmp.resolve("city"),
            "--protocol",
            "loo",
            "--parquet",
            parquet);
    assertEquals(0, code, err.toString());
    Map<String, List<String>> train = new HashMap<>();
    Map<String, String> valid = new HashMap<>();
    Map<String, String> test = new HashMap<>();
    for (Row r : LocalSpark.get().read().parquet(parquet + "/events.parquet").collectAsList()) {
      String key = r.getAs("item_id") + "@" + r.getAs("epoch_second");
      String user = r.getAs("user_id");
      switch ((String) r.getAs("split")) {
        case "train" -> train.computeIfAbsent(user, u -> new ArrayList<>()).add(key);
        case "valid" -> assertEquals(null, valid.put(user, key));
        case "test" -> assertEquals(null, test.put(user, key));
        default -> throw new AssertionError("label " + r.getAs("split"));
      }
    }

    EvalSplit t = LeaveOneOut.build(loaded, LeaveOneOut.Split.TEST, false);
    EvalSplit v = LeaveOneOut.build(loaded, LeaveOneOut.Split.VALID, false);
    Dataset d = t.train();
    Map<String, List<String>> expected = new HashMap<>();
    for (int e = 0; e < d.numEvents(); e++) {
      expected
          .computeIfAbsent(d.users().id(d.user(e)), u -> new ArrayList<>())
          .add(d.items().id(d.item(e)) + "@" + d.time(e));
    }
    expected.values().forEach(l -> l.sort(null));
    train.values().forEach(l -> l.sort(null));
    assertEquals(expected, train);
    assertEquals(targets(t), test);
    assertEquals(targets(v), valid);

    long cutoff = loaded.events().get(loaded.events().size() / 2).epochSecond();
    long expectedTrain = TemporalSplit.build(loaded, cutoff, false).train().numEvents();
    org.apache.spark.sql.Dataset<Row> labelled =
        SplitLabels.label(
            LocalSpark.get().read().parquet(parquet + "/events.parquet"),
            new SplitLabels.Temporal(cutoff));
    assertEquals(expectedTrain, labelled.filter("split = 'train'").count());
    assertEquals(
        loaded.events().stream().filter(e -> e.epochSecond() >= cutoff).count(),
        labelled.filter("split = 'test'").count());
    assertTrue(expectedTrain > 0);
  }

  private static Map<String, String> targets(EvalSplit s) {
    Map<String, String> out = new HashMap<>();
    for (EvalCase c : s.cases()) {
      out.put(
          s.train().users().id(c.user()),
          s.train().items().id(c.target()) + "@" + c.query().epochSecond());
    }
    return out;
  }
}
