package io.strec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of generated bad requests: malformed JSON, wrong types, NaN and out-of-range
 * coordinates, unknown users and items, huge k, oversized bodies, invalid UTF-8, missing and wrong
 * keys. Every one must get a 4xx whose JSON names the problem; none may get a 5xx, the server must
 * stay up, and no event of a refused batch may be stored.
 */
class BadRequestFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A bad request: method, path, key, body bytes, content type. */
  record Bad(
      String kind, String method, String path, String key, byte[] body, String type, boolean raw) {
    Bad(String kind, String method, String path, String key, byte[] body, String type) {
      this(kind, method, path, key, body, type, false);
    }
  }

  @Test
  void everyBadRequestGetsANamed4xxAndNothingIsWritten(@TempDir Path tmp) throws Exception {
    try (ServedCity c = new ServedCity(tmp, "pop", ServerSettings.defaults())) {
      String user = c.loaded.events().get(0).userId();
      String item = c.loaded.events().get(0).itemId();
      long eventsBefore = c.store.eventCount();
      SplittableRandom rnd = new SplittableRandom(20261203L);
      List<Supplier<Bad>> makers = makers(c, user, item, rnd);
      Map<String, Integer> perKind = new TreeMap<>();
      int n = 0;
      for (int round = 0; n < 2400; round++) {
        Bad b = makers.get(round % makers.size()).get();
        RawHttp.Answer r;
        try {
          r = send(c, b);
        } catch (java.io.IOException e) {
          throw new AssertionError(b.kind() + " " + b.method() + " " + b.path() + ": no answer", e);
        }
        n++;
        perKind.merge(b.kind(), 1, Integer::sum);
        String what =
            b.kind() + " " + b.method() + " " + b.path() + " -> " + r.status() + " " + r.body();
        assertTrue(r.status() >= 400 && r.status() < 500, what);
        JsonNode e = JSON.readTree(r.body());
        assertTrue(e.hasNonNull("error") && e.hasNonNull("message") && e.has("field"), what);
        assertFalse(e.get("message").asText().isBlank(), what);
        assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), what);
      }
      assertEquals(eventsBefore, c.store.eventCount(), "a refused batch left events behind");
      assertEquals(200, c.get("/health/ready", null).statusCode());
      assertTrue(perKind.size() >= 12, perKind.toString());
      assertTrue(n >= 2000);
    }
  }

  private static RawHttp.Answer send(ServedCity c, Bad b) throws Exception {
    if (b.raw()) {
      String headers =
          (b.type() == null ? "" : "Content-Type: " + b.type() + "\r\n")
              + (b.key() == null ? "" : "X-API-Key: " + b.key() + "\r\n");
      return RawHttp.send(
          c.server.port(),
          b.method(),
          b.path().getBytes(StandardCharsets.ISO_8859_1),
          headers,
          b.body());
    }
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(c.base() + b.path()))
            .method(
                b.method(),
                b.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(b.body()));
    if (b.type() != null) {
      r.header("Content-Type", b.type());
    }
    if (b.key() != null) {
      r.header("X-API-Key", b.key());
    }
    HttpResponse<String> a =
        c.http.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new RawHttp.Answer(a.statusCode(), a.body());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static final String JSON_TYPE = "application/json";

  private static List<Supplier<Bad>> makers(
      ServedCity c, String user, String item, SplittableRandom rnd) {
    String w = c.keys.writeKey();
    String r = c.keys.readKey();
    String valid =
        "{\"events\":[{\"user\":\""
            + user
            + "\",\"item\":\""
            + item
            + "\",\"lat\":40.7,\"lon\":-74.0,\"type\":\"checkin\"}]}";
    String[] fields = {"user", "item", "time", "tz", "lat", "lon", "type", "weight", "event_id"};
    Object[] wrongValues = {
      "true", "[]", "{}", "\"x\"", "1.5e400", "-1e400", "12345678901234567890", "\"NaN\"", "null"
    };
    List<Supplier<Bad>> out = new ArrayList<>();
    // Malformed JSON: a valid body cut short, or with a stray byte.
    out.add(
        () -> {
          int cut = 1 + rnd.nextInt(valid.length() - 2);
          return new Bad(
              "truncated", "POST", "/v1/events", w, utf8(valid.substring(0, cut)), JSON_TYPE);
        });
    out.add(
        () -> {
          // A stray structural character right after a structural one (outside any string, so
          // the result is never valid JSON by accident).
          List<Integer> at = new ArrayList<>();
          for (int i = 0; i < valid.length(); i++) {
            if (":,{[".indexOf(valid.charAt(i)) >= 0) {
              at.add(i + 1);
            }
          }
          StringBuilder s = new StringBuilder(valid);
          s.insert((int) at.get(rnd.nextInt(at.size())), ",:}]".charAt(rnd.nextInt(4)));
          String body = s.toString();
          return new Bad(
              "garbled",
              "POST",
              "/v1/events",
              w,
              utf8(body.equals(valid) ? body + "x" : body),
              JSON_TYPE);
        });
    out.add(
        () ->
            new Bad(
                "not-object",
                "POST",
                "/v1/events",
                w,
                utf8(rnd.nextBoolean() ? "[]" : "42"),
                JSON_TYPE));
    out.add(
        () ->
            new Bad(
                "nan-literal",
                "POST",
                "/v1/events",
                w,
                utf8(valid.replace("40.7", rnd.nextBoolean() ? "NaN" : "Infinity")),
                JSON_TYPE));
    // Wrong types and values per field.
    out.add(
        () -> {
          String f = fields[rnd.nextInt(fields.length)];
          Object v = wrongValues[rnd.nextInt(wrongValues.length)];
          boolean idField = f.equals("user") || f.equals("item") || f.equals("event_id");
          if (idField && (v.equals("12345678901234567890") || v.toString().startsWith("\""))) {
            // An integer or a string is a valid id.
            v = "[1]";
          }
          if (f.equals("event_id") && v.equals("null")) {
            v = "[]";
          }
          if ((f.equals("user") || f.equals("item") || f.equals("event_id")) && v.equals("\"x\"")) {
            v = "{}";
          }
          if (f.equals("type") && v.equals("null")) {
            v = "\"Bad Type!\"";
          }
          if ((f.equals("time") || f.equals("tz") || f.equals("weight")) && v.equals("null")) {
            v = "\"soon\"";
          }
          String body =
              "{\"events\":[{\"user\":\""
                  + user
                  + "\",\"item\":\""
                  + item
                  + "\",\""
                  + f
                  + "\":"
                  + v
                  + "}]}";
          if (f.equals("user") || f.equals("item")) {
            body =
                "{\"events\":[{"
                    + (f.equals("user") ? "\"item\":\"" + item + "\"" : "\"user\":\"" + user + "\"")
                    + ",\""
                    + f
                    + "\":"
                    + v
                    + "}]}";
          }
          return new Bad("wrong-type:" + f, "POST", "/v1/events", w, utf8(body), JSON_TYPE);
        });
    // Out-of-range coordinates and times.
    out.add(
        () -> {
          double lat =
              rnd.nextBoolean()
                  ? 90 + 1e-6 + rnd.nextDouble() * 1000
                  : -90 - 1e-6 - rnd.nextDouble() * 1000;
          String body =
              String.format(
                  Locale.ROOT,
                  "{\"events\":[{\"user\":\"%s\",\"item\":\"%s\",\"lat\":%.6f,\"lon\":0}]}",
                  user,
                  item,
                  lat);
          return new Bad("lat-range", "POST", "/v1/events", w, utf8(body), JSON_TYPE);
        });
    out.add(
        () -> {
          double lon =
              rnd.nextBoolean()
                  ? 180.0001 + rnd.nextDouble() * 1000
                  : -180.0001 - rnd.nextDouble() * 1000;
          String body =
              String.format(
                  Locale.ROOT,
                  "{\"events\":[{\"user\":\"%s\",\"item\":\"%s\",\"lat\":0,\"lon\":%.6f}]}",
                  user,
                  item,
                  lon);
          return new Bad("lon-range", "POST", "/v1/events", w, utf8(body), JSON_TYPE);
        });
    out.add(
        () -> {
          String body =
              "{\"events\":[{\"user\":\"" + user + "\",\"item\":\"" + item + "\",\"lat\":1}]}";
          return new Bad("lat-without-lon", "POST", "/v1/events", w, utf8(body), JSON_TYPE);
        });
    out.add(
        () -> {
          long t =
              rnd.nextBoolean()
                  ? -1 - rnd.nextInt(1_000_000)
                  : 4_000_000_000L + rnd.nextInt(1_000_000);
          String body =
              "{\"events\":[{\"user\":\""
                  + user
                  + "\",\"item\":\""
                  + item
                  + "\",\"time\":"
                  + t
                  + "}]}";
          return new Bad("time-range", "POST", "/v1/events", w, utf8(body), JSON_TYPE);
        });
    // A good batch with one bad event in it: nothing of it may be stored.
    out.add(
        () -> {
          StringBuilder s = new StringBuilder("{\"events\":[");
          int bad = rnd.nextInt(20);
          for (int i = 0; i < 20; i++) {
            s.append(i == 0 ? "" : ",");
            s.append("{\"user\":\"fuzz-")
                .append(i)
                .append("\",\"item\":\"")
                .append(i == bad ? "no-such-item-" + rnd.nextInt(1000) : item)
                .append("\"}");
          }
          return new Bad(
              "one-bad-in-batch",
              "POST",
              "/v1/events",
              w,
              utf8(s.append("]}").toString()),
              JSON_TYPE);
        });
    out.add(
        () -> new Bad("empty-batch", "POST", "/v1/events", w, utf8("{\"events\":[]}"), JSON_TYPE));
    out.add(
        () ->
            new Bad(
                "unknown-field",
                "POST",
                "/v1/events",
                w,
                utf8(valid.replace("\"type\"", "\"tpye\"")),
                JSON_TYPE));
    out.add(
        () ->
            new Bad(
                "duplicate-key",
                "POST",
                "/v1/events",
                w,
                utf8(valid.replace("\"type\":\"checkin\"", "\"lat\":1,\"type\":\"checkin\"")),
                JSON_TYPE));
    out.add(
        () ->
            new Bad(
                "wrong-content-type",
                "POST",
                "/v1/events",
                w,
                utf8(valid),
                rnd.nextBoolean() ? "text/plain" : null));
    out.add(() -> new Bad("empty-body", "POST", "/v1/events", w, new byte[0], JSON_TYPE));
    // Invalid UTF-8 in a body.
    out.add(
        () -> {
          byte[] b = utf8(valid);
          int at = valid.indexOf(user) + rnd.nextInt(Math.max(1, user.length()));
          b[at] = (byte) (0x80 + rnd.nextInt(0x40));
          return new Bad("invalid-utf8-body", "POST", "/v1/events", w, b, JSON_TYPE);
        });
    // Oversized bodies.
    out.add(
        () ->
            new Bad(
                "oversized",
                "POST",
                "/v1/events",
                w,
                utf8(
                    "{\"events\":[],\"pad\":\""
                        + "x".repeat((1 << 20) + rnd.nextInt(1000))
                        + "\"}"),
                JSON_TYPE));
    out.add(
        () -> {
          StringBuilder s = new StringBuilder("{\"events\":[");
          for (int i = 0; i < 1001; i++) {
            s.append(i == 0 ? "" : ",")
                .append("{\"user\":\"u\",\"item\":\"")
                .append(item)
                .append("\"}");
          }
          return new Bad(
              "too-many-events",
              "POST",
              "/v1/events",
              w,
              utf8(s.append("]}").toString()),
              JSON_TYPE);
        });
    // Keys.
    out.add(
        () ->
            new Bad(
                "no-key",
                rnd.nextBoolean() ? "GET" : "POST",
                rnd.nextBoolean() ? "/v1/users/" + user + "/recommendations" : "/v1/events",
                null,
                null,
                null));
    out.add(
        () ->
            new Bad(
                "wrong-key",
                "GET",
                "/v1/users/" + user + "/recommendations",
                "strec-r-" + Long.toHexString(rnd.nextLong()) + "0123456789",
                null,
                null));
    out.add(
        () ->
            new Bad(
                "weak-key", "DELETE", "/v1/users/" + user, rnd.nextBoolean() ? r : w, null, null));
    // Recommendation parameters.
    out.add(
        () -> {
          String k =
              switch (rnd.nextInt(5)) {
                case 0 -> "0";
                case 1 -> "-" + (1 + rnd.nextInt(100));
                case 2 -> Integer.toString(1001 + rnd.nextInt(Integer.MAX_VALUE - 1001));
                case 3 -> "99999999999999";
                default -> "ten";
              };
          return new Bad(
              "bad-k", "GET", "/v1/users/" + user + "/recommendations?k=" + k, r, null, null);
        });
    out.add(
        () ->
            new Bad(
                "unknown-user",
                "GET",
                "/v1/users/nobody-" + rnd.nextInt(1_000_000) + "/recommendations",
                r,
                null,
                null));
    out.add(
        () ->
            new Bad(
                "unknown-item",
                "GET",
                "/v1/items/none-" + rnd.nextInt(1_000_000) + (rnd.nextBoolean() ? "/similar" : ""),
                r,
                null,
                null));
    out.add(
        () -> {
          String q =
              switch (rnd.nextInt(8)) {
                case 0 -> "lat=91&lon=0";
                case 1 -> "lat=0&lon=-181";
                case 2 -> "lat=NaN&lon=0";
                case 3 -> "lat=1";
                case 4 -> "radius_km=-" + rnd.nextInt(100);
                case 5 -> "time=yesterday";
                case 6 -> "tz=" + (841 + rnd.nextInt(10000));
                default -> "explain=maybe";
              };
          return new Bad(
              "bad-param", "GET", "/v1/users/" + user + "/recommendations?" + q, r, null, null);
        });
    out.add(
        () ->
            new Bad(
                "unknown-param",
                "GET",
                "/v1/users/" + user + "/recommendations?radius=" + rnd.nextInt(9),
                r,
                null,
                null));
    out.add(
        () ->
            new Bad(
                "invalid-utf8-path",
                "GET",
                "/v1/users/%C3%28" + rnd.nextInt(100) + "/recommendations",
                r,
                null,
                null));
    out.add(
        () ->
            new Bad(
                "bad-percent",
                "GET",
                "/v1/users/" + user + "/recommendations?k=%G" + rnd.nextInt(10),
                r,
                null,
                null,
                true));
    out.add(
        () ->
            new Bad(
                "raw-utf8-path",
                "GET",
                "/v1/users/\u00ff\u00fe" + rnd.nextInt(10) + "/recommendations",
                r,
                null,
                null,
                true));
    out.add(() -> new Bad("no-route", "GET", "/v2/" + rnd.nextInt(1000), r, null, null));
    out.add(
        () ->
            new Bad(
                "bad-item-put",
                "PUT",
                "/v1/items/x" + rnd.nextInt(1000),
                w,
                utf8(
                    rnd.nextBoolean()
                        ? "{\"lat\":100,\"lon\":0}"
                        : "{\"opening_hours\":\"25:00-26:00\"}"),
                JSON_TYPE));
    out.add(
        () ->
            new Bad(
                "bad-session",
                "POST",
                "/v1/sessions/recommendations",
                r,
                utf8("{\"events\":[{\"item\":\"none-" + rnd.nextInt(1000) + "\"}],\"k\":5}"),
                JSON_TYPE));
    out.add(
        () ->
            new Bad(
                "bad-swap",
                "POST",
                "/v1/admin/model",
                c.keys.adminKey(),
                utf8("{\"directory\":\"/nonexistent/" + rnd.nextInt(1000) + "\"}"),
                JSON_TYPE));
    return out;
  }
}
