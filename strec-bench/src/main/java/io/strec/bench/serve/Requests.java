package io.strec.bench.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds the HTTP requests of every scenario against one server. Thread-safe: each caller brings
 * its own random source, and event ids come from one shared counter.
 */
public final class Requests {
  /** The read and write keys of a server's keys file ({@code read=}, {@code write=}). */
  public record Keys(String read, String write) {
    public static Keys fromFile(Path file) throws IOException {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      }
      String read = p.getProperty("read");
      String write = p.getProperty("write");
      if (read == null || write == null) {
        throw new IllegalArgumentException(
            "the keys file " + file + " needs read= and write=, has " + p.stringPropertyNames());
      }
      return new Keys(read.strip(), write.strip());
    }
  }

  private final URI base;
  private final Keys keys;
  private final Targets targets;
  private final int k;
  private final Duration timeout;
  private final ObjectMapper json = new ObjectMapper();
  private final String eventPrefix;
  private final AtomicLong nextEvent = new AtomicLong();

  /**
   * @param eventPrefix starts every event id; make it unique per bench process, since the store
   *     keeps ids and a repeated one is a duplicate, not a new event
   */
  public Requests(
      URI base, Keys keys, Targets targets, int k, Duration timeout, String eventPrefix) {
    this.base = base;
    this.keys = keys;
    this.targets = targets;
    this.k = k;
    this.timeout = timeout;
    this.eventPrefix = eventPrefix;
  }

  HttpRequest live() {
    return get(base + "/health/live", null);
  }

  HttpRequest recommend(SplittableRandom rnd, boolean filtered) {
    String user = pick(rnd, targets.users());
    StringBuilder url =
        new StringBuilder(base + "/v1/users/")
            .append(encode(user))
            .append("/recommendations?k=")
            .append(k);
    if (filtered) {
      Targets.Item at = pick(rnd, targets.located());
      url.append(String.format(Locale.ROOT, "&lat=%.6f&lon=%.6f", at.latitude(), at.longitude()))
          .append("&radius_km=2&category=")
          .append(encode(pick(rnd, at.categories())))
          .append("&include_seen=true");
    }
    return get(url.toString(), keys.read());
  }

  HttpRequest ingest(SplittableRandom rnd, int events) {
    long now = System.currentTimeMillis() / 1000;
    ObjectNode body = json.createObjectNode();
    ArrayNode list = body.putArray("events");
    for (int i = 0; i < events; i++) {
      Targets.Item item = pick(rnd, targets.items());
      ObjectNode e = list.addObject();
      e.put("event_id", eventPrefix + nextEvent.getAndIncrement());
      e.put("user", pick(rnd, targets.users()));
      e.put("item", item.id());
      e.put("time", now);
      if (item.hasPlace()) {
        e.put("lat", item.latitude());
        e.put("lon", item.longitude());
      }
      e.put("type", "checkin");
    }
    return HttpRequest.newBuilder(URI.create(base + "/v1/events"))
        .timeout(timeout)
        .header("X-API-Key", keys.write())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
  }

  private HttpRequest get(String url, String key) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
    if (key != null) {
      b.header("X-API-Key", key);
    }
    return b.build();
  }

  private static <T> T pick(SplittableRandom rnd, java.util.List<T> list) {
    return list.get(rnd.nextInt(list.size()));
  }

  /** Percent-encodes for a path segment or a query value ({@code %20}, never {@code +}). */
  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
