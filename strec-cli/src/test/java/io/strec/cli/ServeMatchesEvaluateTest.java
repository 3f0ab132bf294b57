package io.strec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strec.app.Recommender;
import io.strec.app.store.EventStore;
import io.strec.app.store.StoreOptions;
import io.strec.app.store.StoredItem;
import io.strec.data.Dataset;
import io.strec.data.Loaded;
import io.strec.data.RawEvent;
import io.strec.data.RowPolicy;
import io.strec.data.io.FoursquareSource;
import io.strec.eval.EvalCase;
import io.strec.eval.EvalSplit;
import io.strec.eval.Ranking;
import io.strec.eval.protocol.GetNext;
import io.strec.model.History;
import io.strec.model.ModelContext;
import io.strec.model.ModelRegistry;
import io.strec.model.Query;
import io.strec.model.artifact.ModelDirectory;
import io.strec.server.ApiKeys;
import io.strec.server.ServerSettings;
import io.strec.server.StrecServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the NYC validation cases (GETNext, strict), the top 10 through the HTTP API equals the
 * evaluator's ranking for the same saved {@code stm} model. Needs the real data set (gated).
 *
 * <p>The server scores an item by the factored path ({@code FactoredModel.QueryScorer}), the
 * evaluator a batch of the catalogue through the tensor engine: the same sums in another order, so
 * two items whose scores agree to float rounding may come in either order. A list that differs is
 * accepted only where each of its items has, by the evaluator, the score of the item the evaluator
 * put at that rank, within {@link #ROUNDING} of it.
 */
class ServeMatchesEvaluateTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Relative difference of two scores that float rounding between the two paths can explain. */
  private static final double ROUNDING = 1e-5;

  static Path nyc() {
    String dir = System.getProperty("strec.shared.data", System.getenv("STREC_DATA"));
    Path p = dir == null ? null : Path.of(dir, "foursquare-nyc");
    assumeTrue(
        p != null && Files.isRegularFile(p.resolve("nyc_checkins.tsv.gz")),
        "the Foursquare NYC data set is not in ../shared/data (or -Dstrec.shared.data, STREC_DATA)");
    return p;
  }

  @Test
  @Timeout(1500)
  void topTenThroughTheApiEqualsTheEvaluatorsRanking(@TempDir Path tmp) throws Exception {
    Path data = nyc();
    Path checkins = data.resolve("nyc_checkins.tsv.gz");
    Path val = data.resolve("orig/getnext_NYC_val.csv");
    Path model = tmp.resolve("model");
    CliEndToEndTest.Result t =
        CliEndToEndTest.run(
            "train",
            "--dataset",
            "foursquare:" + checkins,
            "--protocol",
            "getnext",
            "--eval-file",
            val.toString(),
            "--mode",
            "strict",
            "--out",
            model.toString(),
            "--epochs",
            "1",
            "--no-progress");
    assertEquals(0, t.code(), t.err() + t.out());
    EvalSplit split;
    try (RowPolicy policy = RowPolicy.fail()) {
      Loaded loaded = Loaded.read(FoursquareSource.open(checkins), policy);
      List<RawEvent> rows = new ArrayList<>();
      FoursquareSource.open(val).readEvents(rows::add, policy);
      split = GetNext.build(loaded, rows, GetNext.Mode.STRICT);
    }
    Dataset train = split.train();
    try (ModelContext context = ModelContext.defaults();
        EventStore store = EventStore.open(tmp.resolve("store.db"), StoreOptions.defaults())) {
      store.seedItems(items(train), 10_000);
      List<List<String>> expected = new ArrayList<>();
      List<float[]> expectedScores = new ArrayList<>();
      try (ModelDirectory.Opened saved =
          ModelDirectory.open(model, ModelRegistry.load(), context)) {
        Ranking ranking = new Ranking(train.items());
        float[] scores = new float[saved.model().numItems()];
        for (EvalCase c : split.cases()) {
          saved.model().score(c.query(), scores);
          List<String> ids = new ArrayList<>();
          for (int i : ranking.top(scores, 10, c.excluded())) {
            ids.add(train.items().id(i));
          }
          expected.add(ids);
          expectedScores.add(scores.clone());
        }
      }
      ApiKeys keys = ApiKeys.random(new SecureRandom());
      HttpClient http = HttpClient.newHttpClient();
      int compared = 0;
      int skipped = 0;
      int nearTies = 0;
      try (Recommender rec =
              Recommender.open(
                  model,
                  store,
                  ModelRegistry.load(),
                  context,
                  // The whole history, as the evaluator gives it (serving keeps the last 200).
                  new Recommender.Settings(1000, 1000, 1000, 1000, java.time.Clock.systemUTC()));
          StrecServer server =
              new StrecServer(rec, keys, ServerSettings.defaults().withPort(0)).start()) {
        for (int c = 0; c < split.cases().size(); c++) {
          EvalCase ec = split.cases().get(c);
          Optional<String> body = sessionBody(ec, train);
          if (body.isEmpty()) {
            skipped++;
            continue;
          }
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:" + server.port() + "/v1/sessions/recommendations"))
                      .header("X-API-Key", keys.readKey())
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body.get()))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertEquals(200, r.statusCode(), r.body());
          List<String> got = new ArrayList<>();
          JSON.readTree(r.body()).get("items").forEach(i -> got.add(i.get("item").asText()));
          if (!expected.get(c).equals(got)) {
            float[] sc = expectedScores.get(c);
            assertEquals(expected.get(c).size(), got.size(), "case " + ec.id());
            for (int k = 0; k < got.size(); k++) {
              double want = sc[train.items().indexOf(expected.get(c).get(k))];
              double have = sc[train.items().indexOf(got.get(k))];
              assertEquals(
                  want,
                  have,
                  ROUNDING * Math.max(1, Math.abs(want)),
                  "case "
                      + ec.id()
                      + " rank "
                      + (k + 1)
                      + ": "
                      + expected.get(c)
                      + " against "
                      + got);
            }
            nearTies++;
          }
          compared++;
        }
      }
      System.out.printf(
          Locale.ROOT,
          "NYC val strict: %d cases, top 10 through the API equal the evaluator's for %d (%d of"
              + " them with items of equal scores to float rounding in another order); %d skipped"
              + " (history holds a place outside the catalogue, or more than 1000 events)%n",
          split.cases().size(),
          compared,
          nearTies,
          skipped);
      assertTrue(compared >= 0.9 * split.cases().size(), compared + " of " + split.cases().size());
    }
  }

  /**
   * The case's query as a session request; empty when its history holds an unknown item or more
   * events than a request may carry.
   */
  private static Optional<String> sessionBody(EvalCase c, Dataset train) {
    Query q = c.query();
    History h = q.history();
    ObjectNode o = JSON.createObjectNode();
    ArrayNode events = o.putArray("events");
    if (h.size() > 1000) {
      return Optional.empty();
    }
    for (int k = 0; k < h.size(); k++) {
      if (h.item(k) < 0) {
        return Optional.empty();
      }
      ObjectNode e = events.addObject();
      e.put("item", train.items().id(h.item(k)));
      e.put("time", h.time(k));
      e.put("tz", h.tzOffsetMinutes(k));
      if (!Double.isNaN(h.latitude(k))) {
        e.put("lat", h.latitude(k));
        e.put("lon", h.longitude(k));
      }
    }
    o.put("time", q.epochSecond());
    o.put("tz", q.tzOffsetMinutes());
    if (q.hasLocation()) {
      o.put("lat", q.latitude());
      o.put("lon", q.longitude());
    }
    o.put("k", 10);
    o.put("include_seen", true);
    ArrayNode ex = o.putArray("exclude");
    for (int i : c.excluded()) {
      ex.add(train.items().id(i));
    }
    return Optional.of(o.toString());
  }

  private static Iterator<StoredItem> items(Dataset train) {
    return train.itemInfos().stream().map(StoredItem::of).iterator();
  }
}
