package io.strec.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strec.data.synth.CityConfig;
import io.strec.util.Geo;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web demo in headless Chromium against a real server on the built-in city with a small trained
 * {@code stm}: a person picks a user, moves the time sliders, clicks the map, picks a radius and
 * categories, and posts a check-in. After every step the page's list and map markers must be the
 * API's own answer to the same query, asked by this test; the query time and place the page sends
 * are checked against values computed here from the user's events and the clicked place.
 */
class DemoInBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void theDemoShowsWhatTheApiAnswersAndACheckInChangesIt(@TempDir Path tmp) throws Exception {
    CityConfig city = CityConfig.defaults(7).withUsers(40).withPois(120).withDays(21);
    try (DemoServer s = new DemoServer(tmp, city);
        Browser browser = Browser.start(1600, 1000)) {
      ChromeDriver d = browser.driver();
      String user = busiestUserButTheFirst(s);
      d.get(s.base() + "/#key=" + s.keys.readKey());
      waitFor(d, x -> answers(x) >= 1 && ready(x), "the first answer");

      // Pick the user by searching for their id.
      int before = answers(d);
      String prefix = user.substring(0, user.length() - 1);
      d.findElement(By.id("user-search")).sendKeys(prefix);
      waitFor(
          d,
          x -> prefix.equals(x.findElement(By.id("user-results")).getAttribute("data-prefix")),
          "the users whose ids start with " + prefix);
      d.findElements(By.cssSelector("#user-results button")).stream()
          .filter(b -> user.equals(b.getAttribute("data-user")))
          .findFirst()
          .orElseThrow(() -> new AssertionError(user + " is not among the users found"))
          .click();
      waitForAnswer(d, before, "/v1/users/" + user + "/recommendations");
      JsonNode last = JSON.readTree(s.get("/v1/users/" + user + "/events?limit=1"));
      OffsetDateTime lastEvent = OffsetDateTime.parse(last.at("/events/0/time").asText());
      // The day slider starts on the day an hour after the latest event, the hour slider there.
      OffsetDateTime start = lastEvent.plusHours(1);
      LocalDate firstDay = start.toLocalDate();
      Map<String, String> q = matchesApi(d, s);
      assertTime(firstDay, 0, start.getHour(), lastEvent, q);
      assertEquals(last.at("/events/0/lat").asDouble(), Double.parseDouble(q.get("lat")), 1e-6);

      // Move the time sliders with the keyboard, as a person would: the next day, 19:00.
      int day = 1;
      int hour = 19;
      before = answers(d);
      slide(d, "weekday", day);
      slide(d, "hour", hour);
      OffsetDateTime when =
          OffsetDateTime.of(firstDay.plusDays(day).atTime(hour, 0), lastEvent.getOffset());
      waitForAnswer(d, before, "time=" + enc(when.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
      assertTime(firstDay, day, hour, lastEvent, matchesApi(d, s));

      // Click a place about 1.5 km from where the user was last: the query moves there.
      JsonNode target =
          placeNear(
              s, last.at("/events/0/lat").asDouble(), last.at("/events/0/lon").asDouble(), 1.5);
      before = answers(d);
      WebElement circle = placeCircle(d, target.get("id").asText());
      new Actions(d).moveToElement(circle).click().perform();
      waitForAnswer(d, before, x -> true, "the answer after the click");
      q = matchesApi(d, s);
      double off =
          Geo.haversineKm(
              Double.parseDouble(q.get("lat")),
              Double.parseDouble(q.get("lon")),
              target.get("lat").asDouble(),
              target.get("lon").asDouble());
      assertTrue(off < 0.15, "the query place is where the map was clicked: " + off + " km off");

      // A radius, then two categories.
      before = answers(d);
      new Select(d.findElement(By.id("radius"))).selectByValue("3");
      waitForAnswer(d, before, "radius_km=3");
      List<String> withRadius = ids(JSON.readTree(s.get(matchesApiPath(d, s))));
      browser.screenshot("demo");

      List<String> categories = new ArrayList<>();
      for (JsonNode it : JSON.readTree(s.get(path(d))).get("items")) {
        String c = it.get("categories").get(0).asText();
        if (!categories.contains(c) && categories.size() < 2) {
          categories.add(c);
        }
      }
      for (String c : categories) {
        before = answers(d);
        categoryButton(d, c).click();
        waitForAnswer(d, before, "category=" + enc(c));
      }
      for (JsonNode it : JSON.readTree(s.get(matchesApiPath(d, s))).get("items")) {
        assertTrue(categories.contains(it.get("categories").get(0).asText()), it.toString());
      }
      before = answers(d);
      d.findElement(By.id("all-categories")).click();
      waitForAnswer(
          d, before, x -> !path(x).contains("category="), "the answer for every category");
      List<String> beforeCheckIn = ids(JSON.readTree(s.get(matchesApiPath(d, s))));
      assertEquals(withRadius, beforeCheckIn);

      // Check in at the first recommendation with the write key typed into the page.
      String first = beforeCheckIn.get(0);
      d.findElement(By.id("write-key")).sendKeys(s.keys.writeKey());
      before = answers(d);
      d.findElement(By.cssSelector("#recs li[data-item] button.checkin")).click();
      waitForAnswer(
          d, before, x -> status(x).contains("checked in"), "the answer after the check-in");
      List<String> after = ids(JSON.readTree(s.get(matchesApiPath(d, s))));
      assertNotEquals(beforeCheckIn, after, "the check-in changed the recommendations");
      assertFalse(after.contains(first), "the place checked in at is now seen: " + after);
      JsonNode stored = JSON.readTree(s.get("/v1/users/" + user + "/events?limit=100"));
      boolean found = false;
      for (JsonNode e : stored.get("events")) {
        if (e.get("item").asText().equals(first)
            && OffsetDateTime.parse(e.get("time").asText()).isEqual(when)
            && e.get("type").asText().equals("checkin")) {
          found = true;
        }
      }
      assertTrue(found, "the check-in is stored at the query time: " + stored);
      assertTrue(
          d.findElements(By.cssSelector("#recs .move")).size() > 0,
          "the list marks what moved since the previous answer");
      browser.screenshot("demo-after-checkin");

      assertEquals(List.of(), browser.severeConsoleMessages(), "no severe console messages");
    }
  }

  // ---------------------------------------------------------------- comparing with the API

  /**
   * Asserts that the page's list and numbered markers are, in order, the API's answer to the query
   * the page made; returns that query's parameters.
   */
  private static Map<String, String> matchesApi(ChromeDriver d, DemoServer s) throws Exception {
    matchesApiPath(d, s);
    return params(path(d));
  }

  private static String matchesApiPath(ChromeDriver d, DemoServer s) throws Exception {
    String path = path(d);
    Map<String, String> q = params(path);
    assertEquals("10", q.get("k"), path);
    assertEquals("true", q.get("explain"), path);
    List<String> api = ids(JSON.readTree(s.get(path)));
    assertFalse(api.isEmpty(), path);
    List<String> list = new ArrayList<>();
    List<WebElement> rows = d.findElements(By.cssSelector("#recs li[data-item]"));
    for (int i = 0; i < rows.size(); i++) {
      list.add(rows.get(i).getAttribute("data-item"));
      assertEquals(String.valueOf(i + 1), rows.get(i).findElement(By.className("rank")).getText());
    }
    assertEquals(api, list, "the list is the API's answer to " + path);
    List<WebElement> markers = d.findElements(By.cssSelector("#markers .marker"));
    List<String> onMap =
        markers.stream()
            .sorted(Comparator.comparingInt(m -> Integer.parseInt(m.getAttribute("data-rank"))))
            .map(m -> m.getAttribute("data-item"))
            .toList();
    assertEquals(api, onMap, "the numbered markers are the API's answer to " + path);
    for (WebElement m : markers) {
      assertEquals(m.getAttribute("data-rank"), m.getText(), "marker label");
      double gap = centreGap(d, m, placeCircle(d, m.getAttribute("data-item")));
      assertTrue(gap < 1.5, "marker " + m.getAttribute("data-rank") + " sits on its place: " + gap);
    }
    return path;
  }

  private static List<String> ids(JsonNode answer) {
    List<String> out = new ArrayList<>();
    answer.get("items").forEach(i -> out.add(i.get("item").asText()));
    return out;
  }

  private static void assertTime(
      LocalDate firstDay, int day, int hour, OffsetDateTime last, Map<String, String> q) {
    OffsetDateTime want =
        OffsetDateTime.of(firstDay.plusDays(day).atTime(hour, 0), last.getOffset());
    OffsetDateTime got = OffsetDateTime.parse(q.get("time"));
    assertTrue(want.isEqual(got), "query time " + got + ", expected " + want);
    assertEquals(want.getOffset(), got.getOffset(), "the user's own offset");
  }

  // ---------------------------------------------------------------- choosing what to click

  private static String busiestUserButTheFirst(DemoServer s) throws Exception {
    List<JsonNode> users = new ArrayList<>();
    JSON.readTree(s.get("/v1/users?limit=100")).get("users").forEach(users::add);
    String first = users.get(0).get("id").asText();
    return users.stream()
        .filter(u -> !u.get("id").asText().equals(first))
        .max(Comparator.comparingLong((JsonNode u) -> u.get("events").asLong()))
        .orElseThrow()
        .get("id")
        .asText();
  }

  /** The place whose distance from (lat, lon) is closest to {@code km}. */
  private static JsonNode placeNear(DemoServer s, double lat, double lon, double km)
      throws Exception {
    JsonNode best = null;
    double bestGap = Double.MAX_VALUE;
    for (JsonNode it : JSON.readTree(s.get("/v1/items?limit=1000")).get("items")) {
      double gap =
          Math.abs(
              Geo.haversineKm(lat, lon, it.get("lat").asDouble(), it.get("lon").asDouble()) - km);
      if (gap < bestGap) {
        best = it;
        bestGap = gap;
      }
    }
    return best;
  }

  // ---------------------------------------------------------------- page helpers

  private static void slide(WebDriver d, String id, int value) {
    WebElement slider = d.findElement(By.id(id));
    StringBuilder keys = new StringBuilder(Keys.HOME);
    for (int i = 0; i < value; i++) {
      keys.append(Keys.ARROW_RIGHT);
    }
    slider.sendKeys(keys);
    assertEquals(String.valueOf(value), slider.getAttribute("value"), id);
  }

  private static WebElement placeCircle(WebDriver d, String item) {
    Object e =
        ((JavascriptExecutor) d)
            .executeScript(
                "return [...document.querySelectorAll('#places circle')]"
                    + ".find(c => c.dataset.id === arguments[0]) || null;",
                item);
    assertTrue(e instanceof WebElement, "no place on the map for item " + item);
    return (WebElement) e;
  }

  private static WebElement categoryButton(WebDriver d, String category) {
    return d.findElements(By.cssSelector("#categories button")).stream()
        .filter(b -> category.equals(b.getAttribute("data-category")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no legend entry for " + category));
  }

  private static double centreGap(WebDriver d, WebElement a, WebElement b) {
    @SuppressWarnings("unchecked")
    List<Number> r =
        (List<Number>)
            ((JavascriptExecutor) d)
                .executeScript(
                    "const a = arguments[0].getBoundingClientRect();"
                        + " const b = arguments[1].getBoundingClientRect();"
                        + " return [a.x + a.width / 2 - b.x - b.width / 2,"
                        + " a.y + a.height / 2 - b.y - b.height / 2];",
                    a,
                    b);
    return Math.hypot(r.get(0).doubleValue(), r.get(1).doubleValue());
  }

  private static String path(WebDriver d) {
    return d.findElement(By.id("query")).getAttribute("data-path");
  }

  private static Map<String, String> params(String path) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : path.substring(path.indexOf('?') + 1).split("&")) {
      int eq = pair.indexOf('=');
      out.merge(
          pair.substring(0, eq),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8),
          (a, b) -> a + "," + b);
    }
    return out;
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static int answers(WebDriver d) {
    return Integer.parseInt(d.findElement(By.tagName("body")).getAttribute("data-answers"));
  }

  private static boolean ready(WebDriver d) {
    return "ready".equals(d.findElement(By.tagName("body")).getAttribute("data-state"));
  }

  private static String status(WebDriver d) {
    return d.findElement(By.id("status")).getText();
  }

  private static void waitForAnswer(WebDriver d, int before, String inPath) {
    waitForAnswer(d, before, x -> path(x).contains(inPath), "an answer to a query with " + inPath);
  }

  /** Waits for an answer after the {@code before}-th that also meets {@code also}. */
  private static void waitForAnswer(
      WebDriver d, int before, Function<WebDriver, Boolean> also, String what) {
    waitFor(d, x -> answers(x) > before && ready(x) && also.apply(x), what);
  }

  private static void waitFor(WebDriver d, Function<WebDriver, Boolean> done, String what) {
    try {
      new WebDriverWait(d, WAIT).until(done);
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError(
          "waited " + WAIT.toSeconds() + " s for " + what + "; status: " + status(d), e);
    }
  }
}
