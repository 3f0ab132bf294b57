package io.strec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strec.data.RawEvent;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The API end to end: a real server on a real port over a real SQLite file. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerApiTest {
  static final ObjectMapper JSON = new ObjectMapper();

  ServedCity c;
  String user;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    c = new ServedCity(tmp, "personal", ServerSettings.defaults());
    user = c.loaded.events().get(0).userId();
  }

  @AfterAll
  void stop() {
    if (c != null) {
      c.close();
    }
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  private String read() {
    return c.keys.readKey();
  }

  private String write() {
    return c.keys.writeKey();
  }

  private String admin() {
    return c.keys.adminKey();
  }

  private List<String> items(JsonNode recs) {
    List<String> out = new ArrayList<>();
    recs.get("items").forEach(i -> out.add(i.get("item").asText()));
    return out;
  }

  private JsonNode recommend(String u, String query) throws Exception {
    HttpResponse<String> r = c.get("/v1/users/" + u + "/recommendations?" + query, read());
    assertEquals(200, r.statusCode(), r.body());
    return json(r);
  }

  @Test
  void healthAndDocumentNeedNoKeyButTheApiDoes() throws Exception {
    assertEquals(200, c.get("/health/live", null).statusCode());
    HttpResponse<String> ready = c.get("/health/ready", null);
    assertEquals(200, ready.statusCode());
    assertEquals("ready", json(ready).get("status").asText());
    assertEquals(200, c.get("/openapi.json", null).statusCode());
    HttpResponse<String> none = c.get("/v1/users/" + user + "/recommendations", null);
    assertEquals(401, none.statusCode());
    assertEquals("unauthorized", json(none).get("error").asText());
    HttpResponse<String> wrong = c.get("/v1/users/" + user + "/recommendations", "x".repeat(40));
    assertEquals(401, wrong.statusCode());
    HttpResponse<String> weak =
        c.send("POST", "/v1/events", read(), "{\"events\":[{\"user\":\"a\",\"item\":\"b\"}]}");
    assertEquals(403, weak.statusCode(), weak.body());
    assertEquals("forbidden", json(weak).get("error").asText());
    HttpResponse<String> writeCannotDelete = c.send("DELETE", "/v1/users/" + user, write(), null);
    assertEquals(403, writeCannotDelete.statusCode());
    HttpResponse<String> bearer =
        c.http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(c.base() + "/v1/users/" + user + "/recommendations"))
                .header("Authorization", "Bearer " + read())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, bearer.statusCode(), bearer.body());
    assertEquals(200, c.get("/metrics", read()).statusCode());
  }

  @Test
  void recommendationsHonourKAndEveryFilterTogether() throws Exception {
    JsonNode all = recommend(user, "k=7&include_seen=true");
    assertEquals(7, all.get("items").size());
    RawEvent last = lastEventOf(user);
    String place = String.format(Locale.ROOT, "lat=%f&lon=%f", last.latitude(), last.longitude());
    String category = c.loaded.items().get(last.itemId()).categories().get(0);
    JsonNode filtered =
        recommend(
            user,
            place
                + "&k=50&radius_km=3&category="
                + java.net.URLEncoder.encode(category, java.nio.charset.StandardCharsets.UTF_8)
                + "&include_seen=true&exclude="
                + last.itemId());
    for (JsonNode it : filtered.get("items")) {
      assertTrue(it.get("distance_km").asDouble() <= 3.0, it.toString());
      Set<String> cats = new HashSet<>();
      it.get("categories").forEach(x -> cats.add(x.asText()));
      assertTrue(cats.contains(category), it.toString());
      assertNotEquals(last.itemId(), it.get("item").asText());
    }
    Set<String> seen = new HashSet<>();
    c.loaded.events().stream()
        .filter(e -> e.userId().equals(user))
        .forEach(e -> seen.add(e.itemId()));
    for (String id : items(recommend(user, "k=30"))) {
      assertFalse(seen.contains(id), "seen item " + id + " leaked without include_seen");
    }
  }

  @Test
  void openAtKeepsOnlyPlacesOpenThen() throws Exception {
    JsonNode r = recommend(user, "k=100&include_seen=true&open_at=2024-05-01T03:30:00Z&tz=0");
    for (JsonNode it : r.get("items")) {
      String id = it.get("item").asText();
      assertTrue(c.city.hoursOf(id).isOpenAt(3 * 60 + 30), id + " is closed at 03:30");
    }
  }

  @Test
  void hiddenExpiredAndDeletedItemsNeverShow() throws Exception {
    List<String> top = items(recommend(user, "k=3&include_seen=true"));
    String hide = top.get(0);
    String expire = top.get(1);
    assertEquals(
        200, c.send("PATCH", "/v1/items/" + hide, write(), "{\"hidden\":true}").statusCode());
    assertEquals(
        200,
        c.send("PATCH", "/v1/items/" + expire, write(), "{\"expires_at\":\"2000-01-01T00:00:00Z\"}")
            .statusCode());
    List<String> after = items(recommend(user, "k=100&include_seen=true"));
    assertFalse(after.contains(hide));
    assertFalse(after.contains(expire));
    assertEquals(
        200, c.send("PATCH", "/v1/items/" + hide, write(), "{\"hidden\":false}").statusCode());
    assertEquals(
        200, c.send("PATCH", "/v1/items/" + expire, write(), "{\"expires_at\":null}").statusCode());
    assertTrue(items(recommend(user, "k=100&include_seen=true")).contains(hide));
    assertTrue(items(recommend(user, "k=100&include_seen=true")).contains(expire));
  }

  @Test
  void eventsAreIdempotentAndChangeTheNextAnswer() throws Exception {
    String u = c.loaded.events().get(c.loaded.events().size() - 1).userId();
    List<String> before = items(recommend(u, "k=5&include_seen=true"));
    String target = items(recommend(u, "k=60&include_seen=true")).get(59);
    long now = System.currentTimeMillis() / 1000;
    StringBuilder b = new StringBuilder("{\"events\":[");
    for (int i = 0; i < 20; i++) {
      b.append(i == 0 ? "" : ",")
          .append("{\"user\":\"")
          .append(u)
          .append("\",\"item\":\"")
          .append(target)
          .append("\",\"time\":")
          .append(now - 100 + i)
          .append(",\"event_id\":\"rt-")
          .append(i)
          .append("\"}");
    }
    String body = b.append("]}").toString();
    HttpResponse<String> r = c.send("POST", "/v1/events", write(), body, "key-1");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(20, json(r).get("stored").asInt());
    long count = c.store.eventCount(u);
    HttpResponse<String> again = c.send("POST", "/v1/events", write(), body, "key-1");
    assertEquals(200, again.statusCode(), again.body());
    assertTrue(json(again).get("replayed").asBoolean());
    assertEquals(count, c.store.eventCount(u));
    HttpResponse<String> other =
        c.send("POST", "/v1/events", write(), body.replace("rt-0", "rt-x"), "key-1");
    assertEquals(422, other.statusCode(), other.body());
    assertEquals("conflict", json(other).get("error").asText());
    HttpResponse<String> sameIds = c.send("POST", "/v1/events", write(), body, null);
    assertEquals(20, json(sameIds).get("duplicates").asInt(), sameIds.body());
    assertEquals(count, c.store.eventCount(u));
    List<String> after = items(recommend(u, "k=5&include_seen=true"));
    assertEquals(target, after.get(0), "20 new visits must put the item first: " + after);
    assertNotEquals(before, after);
  }

  @Test
  void aBadEventNamesItsIndexFieldAndValueAndNothingOfTheBatchIsStored() throws Exception {
    long n = c.store.eventCount();
    String item = c.loaded.events().get(0).itemId();
    String body =
        "{\"events\":[{\"user\":\"z1\",\"item\":\""
            + item
            + "\"},{\"user\":\"z1\",\"item\":\""
            + item
            + "\",\"lat\":91,\"lon\":0}]}";
    HttpResponse<String> r = c.send("POST", "/v1/events", write(), body);
    assertEquals(400, r.statusCode(), r.body());
    JsonNode e = json(r);
    assertEquals("events[1].lat", e.get("field").asText());
    assertTrue(e.get("message").asText().contains("91"), e.toString());
    assertEquals(n, c.store.eventCount());
    HttpResponse<String> unknown =
        c.send("POST", "/v1/events", write(), "{\"events\":[{\"user\":\"z1\",\"item\":\"nope\"}]}");
    assertEquals(400, unknown.statusCode());
    assertEquals("events[0].item", json(unknown).get("field").asText());
  }

  @Test
  void aNewItemIsServedByTheNextRequest() throws Exception {
    RawEvent last = lastEventOf(user);
    double lat = last.latitude() + 0.0001;
    double lon = last.longitude() + 0.0001;
    HttpResponse<String> put =
        c.send(
            "PUT",
            "/v1/items/new-cafe",
            write(),
            String.format(
                Locale.ROOT,
                "{\"title\":\"Brand new cafe\",\"categories\":[\"cafe\"],\"lat\":%f,\"lon\":%f,\"opening_hours\":\"07:00-19:00\"}",
                lat,
                lon));
    assertEquals(200, put.statusCode(), put.body());
    JsonNode near =
        recommend(
            user,
            String.format(
                Locale.ROOT, "lat=%f&lon=%f&radius_km=0.05&k=10&include_seen=true", lat, lon));
    assertTrue(items(near).contains("new-cafe"), near.toString());
    assertEquals(200, c.get("/v1/items/new-cafe", read()).statusCode());
    assertEquals(200, c.get("/v1/items/new-cafe/similar?k=3", read()).statusCode());
    assertEquals(204, c.send("DELETE", "/v1/items/new-cafe", admin(), null).statusCode());
    assertFalse(
        items(
                recommend(
                    user,
                    String.format(
                        Locale.ROOT,
                        "lat=%f&lon=%f&radius_km=0.05&k=10&include_seen=true",
                        lat,
                        lon)))
            .contains("new-cafe"));
    assertEquals(404, c.get("/v1/items/new-cafe", read()).statusCode());
  }

  @Test
  void sessionsServeSomeoneWithoutStoredHistory() throws Exception {
    String item = c.loaded.events().get(3).itemId();
    HttpResponse<String> r =
        c.send(
            "POST",
            "/v1/sessions/recommendations",
            read(),
            "{\"events\":[{\"item\":\""
                + item
                + "\",\"time\":1700000000}],\"k\":4,\"explain\":true}");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode j = json(r);
    assertEquals(4, j.get("items").size());
    assertTrue(j.get("items").get(0).has("explanation"));
    assertEquals(404, c.get("/v1/users/never-seen/recommendations", read()).statusCode());
  }

  @Test
  void forgettingAUserLeavesNoTraceInStoreOrResponses() throws Exception {
    String victim = "forget-me-" + System.nanoTime();
    String item = c.loaded.events().get(5).itemId();
    String body =
        "{\"events\":[{\"user\":\""
            + victim
            + "\",\"item\":\""
            + item
            + "\",\"lat\":40.7,\"lon\":-74.0}]}";
    assertEquals(200, c.send("POST", "/v1/events", write(), body, "forget-key").statusCode());
    JsonNode recs = recommend(victim, "k=5&explain=true");
    assertTrue(recs.toString().contains(victim));
    HttpResponse<String> del = c.send("DELETE", "/v1/users/" + victim, admin(), null);
    assertEquals(200, del.statusCode(), del.body());
    assertEquals(1, json(del).get("events_deleted").asInt());
    assertEquals(1, json(del).get("idempotency_records_deleted").asInt());
    HttpResponse<String> gone =
        c.get("/v1/users/" + victim + "/recommendations?explain=true", read());
    assertEquals(404, gone.statusCode());
    assertTrue(c.store.recentEvents(victim, 100).isEmpty(), "events of the user are left");
    JsonNode other = recommend(user, "k=20&explain=true&include_seen=true");
    assertFalse(other.toString().contains(victim));
    try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + c.dir.resolve("store.db"));
        Statement st = sql.createStatement();
        ResultSet tables = st.executeQuery("SELECT name FROM sqlite_master WHERE type='table'")) {
      List<String> names = new ArrayList<>();
      while (tables.next()) {
        names.add(tables.getString(1));
      }
      for (String t : names) {
        try (Statement s2 = sql.createStatement();
            ResultSet rows = s2.executeQuery("SELECT * FROM \"" + t + "\"")) {
          int cols = rows.getMetaData().getColumnCount();
          while (rows.next()) {
            for (int k = 1; k <= cols; k++) {
              Object v = rows.getObject(k);
              assertFalse(
                  v != null && v.toString().contains(victim), "table " + t + " still holds " + v);
            }
          }
        }
      }
    }
  }

  @Test
  void errorsAreJsonWithCodeMessageAndField() throws Exception {
    HttpResponse<String> k = c.get("/v1/users/" + user + "/recommendations?k=5000", read());
    assertEquals(400, k.statusCode());
    assertEquals("k", json(k).get("field").asText());
    HttpResponse<String> typo = c.get("/v1/users/" + user + "/recommendations?radius=5", read());
    assertEquals(400, typo.statusCode());
    assertEquals("radius", json(typo).get("field").asText());
    HttpResponse<String> route = c.get("/v1/nothing", read());
    assertEquals(404, route.statusCode());
    assertEquals("not_found", json(route).get("error").asText());
    HttpResponse<String> bad = c.send("POST", "/v1/events", write(), "{\"events\": [");
    assertEquals(400, bad.statusCode());
    assertTrue(json(bad).get("message").asText().startsWith("malformed JSON"), bad.body());
    HttpResponse<String> big =
        c.send(
            "POST", "/v1/events", write(), "{\"events\":[],\"x\":\"" + "a".repeat(2 << 20) + "\"}");
    assertEquals(413, big.statusCode(), big.body());
    for (HttpResponse<String> r : List.of(k, typo, route, bad, big)) {
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
      assertFalse(r.body().contains("Exception"), r.body());
    }
  }

  @Test
  void theOpenApiDocumentListsExactlyTheRoutesTheServerAnswers() throws Exception {
    JsonNode doc = json(c.get("/openapi.json", null));
    assertEquals("3.0.3", doc.get("openapi").asText());
    Set<String> documented = new java.util.TreeSet<>();
    doc.get("paths")
        .properties()
        .forEach(
            p ->
                p.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
    Set<String> served = new java.util.TreeSet<>();
    for (Route r : c.server.routes()) {
      served.add(r.method().name() + " " + r.path());
    }
    assertEquals(served, documented);
    for (String route : documented) {
      String method = route.substring(0, route.indexOf(' '));
      String path =
          route.substring(route.indexOf(' ') + 1).replaceAll("\\{[a-z]+\\}", "no-such-id");
      HttpResponse<String> r =
          c.send(
              method, path, admin(), method.equals("GET") || method.equals("DELETE") ? null : "{}");
      JsonNode body = r.statusCode() == 204 || !r.body().startsWith("{") ? null : json(r);
      boolean noRoute =
          r.statusCode() == 404
              && body != null
              && body.get("message").asText().startsWith("no route");
      assertFalse(noRoute, route + " is documented but not served: " + r.body());
      assertTrue(r.statusCode() != 405, route + " -> 405");
    }
  }

  @Test
  void aFullServerAnswers429AndRecoversAtOnce() throws Exception {
    java.util.concurrent.Semaphore admission = c.server.admission();
    int held = admission.drainPermits();
    try {
      HttpResponse<String> busy = c.get("/v1/users/" + user + "/recommendations", read());
      assertEquals(429, busy.statusCode(), busy.body());
      assertEquals("too_many_requests", json(busy).get("error").asText());
      assertEquals(200, c.get("/health/live", null).statusCode(), "health is never refused");
    } finally {
      admission.release(held);
    }
    assertEquals(200, c.get("/v1/users/" + user + "/recommendations", read()).statusCode());
  }

  @Test
  void swappingTheModelOverHttpFailsNoRequest() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean stop =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.ConcurrentLinkedQueue<String> failures =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    java.util.concurrent.atomic.AtomicInteger ok = new java.util.concurrent.atomic.AtomicInteger();
    List<Thread> load = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread th =
          new Thread(
              () -> {
                while (!stop.get()) {
                  try {
                    HttpResponse<String> r =
                        c.get("/v1/users/" + user + "/recommendations?k=5", read());
                    if (r.statusCode() == 200) {
                      ok.incrementAndGet();
                    } else {
                      failures.add(r.statusCode() + " " + r.body());
                    }
                  } catch (Exception e) {
                    failures.add(e.toString());
                  }
                }
              });
      th.start();
      load.add(th);
    }
    long v0 = json(c.get("/v1/admin/model", admin())).get("version").asLong();
    for (int s = 0; s < 3; s++) {
      HttpResponse<String> swap =
          c.send(
              "POST",
              "/v1/admin/model",
              admin(),
              JSON.createObjectNode().put("directory", c.modelDir.toString()).toString());
      assertEquals(200, swap.statusCode(), swap.body());
    }
    stop.set(true);
    for (Thread th : load) {
      th.join();
    }
    assertTrue(failures.isEmpty(), failures.toString());
    assertTrue(ok.get() > 0);
    assertTrue(json(c.get("/v1/admin/model", admin())).get("version").asLong() >= v0 + 3);
  }

  @Test
  void metricsReportRoutesEventsLagAndModelVersion() throws Exception {
    recommend(user, "k=3");
    String m = c.get("/metrics", read()).body();
    for (String name :
        List.of(
            "strec_http_requests_seconds_bucket",
            "route=\"/v1/users/{id}/recommendations\"",
            "strec_events_ingested_total",
            "strec_events_rejected_total",
            "strec_events_visible_lag_seconds",
            "strec_model_version",
            "strec_retrieval_recall{k=\"100\"}",
            "strec_retrieval_recall_samples")) {
      assertTrue(m.contains(name), name + " missing from /metrics");
    }
    assertFalse(m.contains(user + "\""), "metrics must not carry user ids");
  }

  private RawEvent lastEventOf(String u) {
    RawEvent last = null;
    for (RawEvent e : c.loaded.events()) {
      if (e.userId().equals(u) && (last == null || e.epochSecond() >= last.epochSecond())) {
        last = e;
      }
    }
    return last;
  }
}
