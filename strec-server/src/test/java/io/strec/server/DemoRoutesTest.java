package io.strec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strec.app.store.StoredItem;
import io.strec.data.RawEvent;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routes the web demo needs (the catalogue page by page, users by id prefix, a user's recent
 * events) and the demo's static files, against a real server over a real SQLite store. Expected
 * answers come from the data set the store was seeded with, not from the store itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoRoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  ServedCity c;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    c = new ServedCity(tmp, "pop", ServerSettings.defaults());
  }

  @AfterAll
  void stop() {
    if (c != null) {
      c.close();
    }
  }

  private JsonNode ok(String path) throws Exception {
    HttpResponse<String> r = c.get(path, c.keys.readKey());
    assertEquals(200, r.statusCode(), path + " -> " + r.body());
    return JSON.readTree(r.body());
  }

  private JsonNode refused(String path, String key, int status, String field) throws Exception {
    HttpResponse<String> r = c.get(path, key);
    assertEquals(status, r.statusCode(), path + " -> " + r.body());
    JsonNode e = JSON.readTree(r.body());
    assertEquals(field, e.get("field").asText(), r.body());
    assertFalse(e.get("message").asText().isBlank(), r.body());
    return e;
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void theCatalogueComesPageByPageInIdOrderEveryItemOnce() throws Exception {
    Map<String, io.strec.data.Item> expected = new TreeMap<>(c.loaded.items());
    List<String> seen = new ArrayList<>();
    String after = null;
    int pages = 0;
    do {
      JsonNode page = ok("/v1/items?limit=7" + (after == null ? "" : "&after=" + q(after)));
      pages++;
      assertTrue(page.get("items").size() <= 7, page.toString());
      for (JsonNode it : page.get("items")) {
        String id = it.get("id").asText();
        seen.add(id);
        io.strec.data.Item want = expected.get(id);
        assertTrue(want != null, "listed item " + id + " was never stored");
        assertEquals(want.latitude(), it.get("lat").asDouble(), 1e-9, id);
        assertEquals(want.longitude(), it.get("lon").asDouble(), 1e-9, id);
        assertEquals(want.categories().get(0), it.get("categories").get(0).asText(), id);
        assertEquals(want.title(), it.get("title").asText(), id);
      }
      after = page.get("next").isNull() ? null : page.get("next").asText();
      if (after != null) {
        List<JsonNode> items = new ArrayList<>();
        page.get("items").forEach(items::add);
        assertEquals(items.get(items.size() - 1).get("id").asText(), after);
      }
    } while (after != null);
    assertEquals(new ArrayList<>(expected.keySet()), seen, "every item once, in id order");
    assertEquals((expected.size() + 6) / 7, pages, "no empty last page");
    JsonNode beyond = ok("/v1/items?after=" + q(seen.get(seen.size() - 1)));
    assertEquals(0, beyond.get("items").size());
    assertTrue(beyond.get("next").isNull());
    assertEquals(Math.min(100, expected.size()), ok("/v1/items").get("items").size(), "default");
  }

  @Test
  void aHiddenItemIsListedAndMarkedHidden() throws Exception {
    String id = c.loaded.items().keySet().stream().sorted().findFirst().orElseThrow();
    HttpResponse<String> hide =
        c.send("PATCH", "/v1/items/" + q(id), c.keys.writeKey(), "{\"hidden\":true}");
    assertEquals(200, hide.statusCode(), hide.body());
    try {
      JsonNode first = ok("/v1/items?limit=1").get("items").get(0);
      assertEquals(id, first.get("id").asText());
      assertTrue(first.get("hidden").asBoolean());
    } finally {
      c.send("PATCH", "/v1/items/" + q(id), c.keys.writeKey(), "{\"hidden\":false}");
    }
  }

  @Test
  void usersAreFoundByIdPrefixWithTheirEventCounts() throws Exception {
    Map<String, Long> counts = new TreeMap<>();
    for (RawEvent e : c.loaded.events()) {
      counts.merge(e.userId(), 1L, Long::sum);
    }
    String some = counts.keySet().stream().skip(counts.size() / 2).findFirst().orElseThrow();
    String prefix = some.substring(0, some.length() - 1);
    List<String> want =
        counts.keySet().stream().filter(u -> u.startsWith(prefix)).limit(100).toList();
    JsonNode found = ok("/v1/users?limit=100&prefix=" + q(prefix));
    List<String> got = new ArrayList<>();
    for (JsonNode u : found.get("users")) {
      got.add(u.get("id").asText());
      assertEquals(counts.get(u.get("id").asText()), u.get("events").asLong(), u.toString());
    }
    assertEquals(want, got);
    assertTrue(got.contains(some));

    List<String> firstFive = new ArrayList<>();
    ok("/v1/users?limit=5").get("users").forEach(u -> firstFive.add(u.get("id").asText()));
    assertEquals(counts.keySet().stream().limit(5).toList(), firstFive);
    assertEquals(Math.min(20, counts.size()), ok("/v1/users").get("users").size(), "20 by default");
    assertEquals(0, ok("/v1/users?prefix=" + q("no such user")).get("users").size());
  }

  @Test
  void aUsersEventsAreTheMostRecentOnesOldestFirst() throws Exception {
    String user = c.loaded.events().get(0).userId();
    List<RawEvent> mine =
        c.loaded.events().stream()
            .filter(e -> e.userId().equals(user))
            .sorted(Comparator.comparingLong(RawEvent::epochSecond))
            .toList();
    List<RawEvent> want = mine.subList(Math.max(0, mine.size() - 5), mine.size());
    JsonNode got = ok("/v1/users/" + q(user) + "/events?limit=5");
    assertEquals(user, got.get("user").asText());
    assertEquals(want.size(), got.get("events").size());
    for (int i = 0; i < want.size(); i++) {
      JsonNode e = got.get("events").get(i);
      RawEvent w = want.get(i);
      assertEquals(w.itemId(), e.get("item").asText(), e.toString());
      assertEquals(w.epochSecond(), OffsetDateTime.parse(e.get("time").asText()).toEpochSecond());
      assertEquals(
          w.tzOffsetMinutes(),
          OffsetDateTime.parse(e.get("time").asText()).getOffset().getTotalSeconds() / 60,
          "the time carries the event's own offset");
      assertEquals(w.latitude(), e.get("lat").asDouble(), 1e-9);
      assertEquals(w.longitude(), e.get("lon").asDouble(), 1e-9);
    }
    assertEquals(
        Math.min(50, mine.size()), ok("/v1/users/" + q(user) + "/events").get("events").size());
  }

  @Test
  void aNewEventIsListedAtOnceAndAForgottenUserIsNotFound() throws Exception {
    String user = "demo-routes-new-user";
    StoredItem item = c.store.items().get(0);
    String body =
        "{\"events\":[{\"user\":\""
            + user
            + "\",\"item\":\""
            + item.id()
            + "\",\"time\":\"2026-03-05T18:30:00-05:00\",\"type\":\"checkin\"}]}";
    HttpResponse<String> sent = c.send("POST", "/v1/events", c.keys.writeKey(), body);
    assertEquals(200, sent.statusCode(), sent.body());
    JsonNode events = ok("/v1/users/" + user + "/events");
    assertEquals(1, events.get("events").size());
    assertEquals("2026-03-05T18:30-05:00", events.get("events").get(0).get("time").asText());
    assertEquals("checkin", events.get("events").get(0).get("type").asText());
    JsonNode found = ok("/v1/users?prefix=demo-routes-");
    assertEquals(1, found.get("users").size());
    assertEquals(1, found.get("users").get(0).get("events").asLong());

    assertEquals(200, c.send("DELETE", "/v1/users/" + user, c.keys.adminKey(), null).statusCode());
    assertEquals(0, ok("/v1/users?prefix=demo-routes-").get("users").size());
    refused("/v1/users/" + user + "/events", c.keys.readKey(), 404, "user");
  }

  @Test
  void limitsKeysAndParametersAreStrict() throws Exception {
    String read = c.keys.readKey();
    String user = c.loaded.events().get(0).userId();
    refused("/v1/items", null, 401, "X-API-Key");
    refused("/v1/users", null, 401, "X-API-Key");
    refused("/v1/users/" + user + "/events", "x".repeat(32), 401, "X-API-Key");
    refused("/v1/items?limit=0", read, 400, "limit");
    refused("/v1/items?limit=1001", read, 400, "limit");
    refused("/v1/items?limit=ten", read, 400, "limit");
    refused("/v1/items?limit=5&limit=6", read, 400, "limit");
    refused("/v1/items?page=2", read, 400, "page");
    refused("/v1/items?after=", read, 400, "after");
    refused("/v1/users?limit=101", read, 400, "limit");
    refused("/v1/users?prefix=%01", read, 400, "prefix");
    refused("/v1/users?prefix=" + "u".repeat(300), read, 400, "prefix");
    refused("/v1/users?name=u", read, 400, "name");
    refused("/v1/users/" + user + "/events?limit=1001", read, 400, "limit");
    refused("/v1/users/" + user + "/events?since=0", read, 400, "since");
    refused("/v1/users/nobody-at-all/events", read, 404, "user");
  }

  @Test
  void theDemoPageIsStaticSelfContainedAndServedUnderAStrictPolicy() throws Exception {
    HttpResponse<String> page = c.get("/", null);
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
    assertEquals(DemoPage.CONTENT_SECURITY_POLICY, csp);
    assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"), csp);
    assertFalse(csp.contains("unsafe"), csp);
    assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
    assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElse(""));

    Matcher scripts =
        Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(page.body());
    int n = 0;
    while (scripts.find()) {
      n++;
      assertTrue(scripts.group(1).contains("src=\"/demo/"), "script from this origin only");
      assertTrue(scripts.group(2).isBlank(), "no inline script");
    }
    assertEquals(1, n);
    assertFalse(page.body().contains("style=\""), "no inline style (the policy would block it)");

    for (String[] file :
        new String[][] {
          {"demo.js", "text/javascript"}, {"demo.css", "text/css"}, {"icon.svg", "image/svg+xml"}
        }) {
      HttpResponse<String> r = c.get("/demo/" + file[0], null);
      assertEquals(200, r.statusCode(), file[0]);
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith(file[1]), file[0]);
      assertEquals(csp, r.headers().firstValue("Content-Security-Policy").orElse(""));
      String offline = r.body().replace("http://www.w3.org/2000/svg", "");
      assertFalse(
          offline.contains("http://") || offline.contains("https://"),
          file[0] + " must not load anything from another host");
    }
    assertFalse(
        page.body().replace("http://www.w3.org/2000/svg", "").matches("(?s).*https?://.*"),
        "the page loads nothing from another host");

    refused("/demo/nothing.js", null, 404, "file");
    refused("/demo/index.html", null, 404, "file");
    JsonNode key = refused("/?key=" + c.keys.readKey(), null, 400, "key");
    assertTrue(key.get("message").asText().contains("#key="), key.toString());
    assertFalse(key.toString().contains(c.keys.readKey()), "the key is not echoed back");
  }
}
