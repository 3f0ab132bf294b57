package io.strec.eval.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.strec.data.Loaded;
import io.strec.data.RawEvent;
import io.strec.data.RowPolicy;
import io.strec.data.io.AtomicSource;
import io.strec.data.io.FoursquareSource;
import io.strec.data.io.MovieLensSource;
import io.strec.eval.EvalCase;
import io.strec.eval.EvalSplit;
import io.strec.eval.Evaluation;
import io.strec.eval.Evaluator;
import io.strec.model.ModelRegistry;
import io.strec.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks each protocol, with the {@code pop} model, against the independent Python reference in
 * {@code src/test/resources/reference/reference.py} (outputs checked in beside it): case by case on
 * hand-made fixtures.
 */
class ReferenceProtocolTest {
  static Evaluation pop(EvalSplit split) {
    var model = ModelRegistry.load().get("pop").candidates().get(0).fit(split.train(), 1);
    return Evaluator.builder().build().evaluate(model, split);
  }

  static void assertMetrics(JsonNode expected, Evaluation actual, double tol) {
    assertEquals(expected.get("n").asInt(), actual.numCases(), "number of cases");
    for (String m : List.of("HR@1", "HR@5", "HR@10", "HR@20", "NDCG@10", "MRR")) {
      assertEquals(expected.get("metrics").get(m).asDouble(), actual.metric(m), tol, m);
    }
  }

  static Loaded load(io.strec.data.DataSource source) throws Exception {
    try (RowPolicy p = RowPolicy.fail()) {
      return Loaded.read(source, p);
    }
  }

  @Test
  void looValidAndTestMatchReferenceCaseByCase() throws Exception {
    Loaded data = load(new MovieLensSource(TestData.resource("reference/fixtures/ml")));
    for (var split : LeaveOneOut.Split.values()) {
      String name = split == LeaveOneOut.Split.VALID ? "valid" : "test";
      JsonNode ref = TestData.json("reference/fixture_ml_loo_" + name + ".json");
      EvalSplit s = LeaveOneOut.build(data, split, true);
      assertEquals(ref.get("catalogue_size").asInt(), s.train().numItems());
      assertEquals(ref.get("train_events").asInt(), s.train().numEvents());
      Evaluation e = pop(s);
      assertMetrics(ref, e, 1e-12);
      Map<String, JsonNode> byUser = new HashMap<>();
      ref.get("cases").forEach(c -> byUser.put(c.get("user").asText(), c));
      for (int c = 0; c < s.cases().size(); c++) {
        EvalCase ec = s.cases().get(c);
        JsonNode r = byUser.get(s.train().users().id(ec.user()));
        assertEquals(
            r.get("target").asText(), s.train().items().id(ec.target()), "target of " + ec.id());
        assertEquals(r.get("rank").asInt(), e.ranks()[c], "rank of " + ec.id());
        assertEquals(
            r.get("history_len").asInt(), ec.query().history().size(), "history of " + ec.id());
      }
    }
  }

  @Test
  void getnextMatchesReferenceCaseByCase() throws Exception {
    Path dir = TestData.resource("reference/fixtures/nyc");
    Loaded table = load(FoursquareSource.open(dir.resolve("checkins.tsv")));
    List<RawEvent> evalRows = new ArrayList<>();
    try (RowPolicy p = RowPolicy.fail()) {
      FoursquareSource.open(dir.resolve("getnext_val.csv")).readEvents(evalRows::add, p);
    }
    JsonNode ref = TestData.json("reference/fixture_nyc_getnext.json");
    EvalSplit s = GetNext.build(table, evalRows, GetNext.Mode.STRICT);
    assertEquals(ref.get("catalogue_size").asInt(), s.train().numItems());
    assertEquals(ref.get("train_events").asInt(), s.train().numEvents());
    assertEquals(ref.get("train_users").asInt(), s.train().numUsers());
    assertEquals(ref.get("skipped_unseen_user").asInt(), s.settings().get("skipped_unseen_user"));
    assertEquals(ref.get("skipped_short").asInt(), s.settings().get("skipped_too_short"));
    Evaluation e = pop(s);
    assertMetrics(ref, e, 1e-12);
    Map<String, JsonNode> byTraj = new HashMap<>();
    ref.get("cases").forEach(c -> byTraj.put(c.get("trajectory_id").asText(), c));
    for (int c = 0; c < s.cases().size(); c++) {
      EvalCase ec = s.cases().get(c);
      JsonNode r = byTraj.get(ec.id());
      assertEquals(
          r.get("target").asText(), s.train().items().id(ec.target()), "target of " + ec.id());
      assertEquals(r.get("rank").asInt(), e.ranks()[c], "rank of " + ec.id());
      assertEquals(
          r.get("query_time").asLong(), ec.query().epochSecond(), "query time of " + ec.id());
      assertEquals(
          r.get("query_lat").asDouble(),
          ec.query().latitude(),
          1e-9,
          "query latitude of " + ec.id());
      assertEquals(
          r.get("query_lon").asDouble(),
          ec.query().longitude(),
          1e-9,
          "query longitude of " + ec.id());
      int trainEvents = s.train().eventsOf(ec.user()).length;
      assertEquals(
          r.get("history_len").asInt(),
          ec.query().history().size() - trainEvents,
          "strict history = training rows + trajectory prefix, " + ec.id());
    }
    EvalSplit online = GetNext.build(table, evalRows, GetNext.Mode.ONLINE);
    assertEquals(s.cases().size(), online.cases().size());
    for (int c = 0; c < online.cases().size(); c++) {
      EvalCase ec = online.cases().get(c);
      for (int k = 0; k < ec.query().history().size(); k++) {
        assert ec.query().history().time(k) < ec.query().epochSecond()
            : "online history must precede the target";
      }
    }
  }

  @Test
  void givenMatchesReferenceCaseByCase() throws Exception {
    Path prefix = TestData.resource("reference/fixtures/atomic").resolve("tiny");
    Loaded train = load(new AtomicSource(prefix));
    List<AtomicSource.SequenceRow> rows;
    try (RowPolicy p = RowPolicy.fail()) {
      rows = AtomicSource.readSequences(prefix.resolveSibling("tiny.valid.inter"), p);
    }
    JsonNode ref = TestData.json("reference/fixture_atomic_given.json");
    EvalSplit s = Given.build(train, rows, false);
    assertEquals(ref.get("catalogue_size").asInt(), s.train().numItems());
    assertEquals(ref.get("train_events").asInt(), s.train().numEvents());
    Evaluation e = pop(s);
    assertMetrics(ref, e, 1e-12);
    for (int c = 0; c < s.cases().size(); c++) {
      JsonNode r = ref.get("cases").get(c);
      assertEquals(r.get("target").asText(), s.train().items().id(s.cases().get(c).target()));
      assertEquals(r.get("rank").asInt(), e.ranks()[c], "rank of case " + c);
    }
  }
}
