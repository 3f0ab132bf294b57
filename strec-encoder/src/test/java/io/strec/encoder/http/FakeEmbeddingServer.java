package io.strec.encoder.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.strec.util.SuppressForbidden;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on an ephemeral loopback port that speaks the OpenAI embeddings protocol.
 * Vectors are computed from the text by hashing character trigrams, so a test can recompute them
 * with {@link #embed}; answers list the vectors in reverse order so that the client must sort by
 * {@code index}. Scripted replies queued with {@link #enqueue} are served first, one per request.
 */
@SuppressForbidden(
    reason =
        "com.sun.net.httpserver is the JDK's supported jdk.httpserver module: a real server"
            + " without another dependency")
final class FakeEmbeddingServer implements AutoCloseable {
  /** A canned answer; {@code delayMs} is slept before answering. */
  record Reply(int status, String body, Map<String, String> headers, long delayMs) {
    static Reply of(int status, String body) {
      return new Reply(status, body, Map.of(), 0);
    }
  }

  /** What the server received. */
  record Request(JsonNode body, String authorization) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // The JDK server writes headers and body separately; with Nagle's algorithm on, each answer
    // then waits ~40 ms for a delayed ACK. Read once, when the server classes first load.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final ExecutorService pool;
  private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private volatile int dim;

  FakeEmbeddingServer(int dim) throws IOException {
    this.dim = dim;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-embedding-server");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(pool);
    server.createContext("/v1/embeddings", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  void enqueue(Reply r) {
    script.add(r);
  }

  void setDim(int dim) {
    this.dim = dim;
  }

  List<Request> requests() {
    return requests;
  }

  int maxConcurrentRequests() {
    return maxInFlight.get();
  }

  /**
   * The reference embedding: signed counts of hashed character trigrams of the padded, lower-cased
   * text.
   */
  static float[] embed(String text, int dim) {
    String s = "  " + text.toLowerCase(java.util.Locale.ROOT) + " ";
    float[] v = new float[dim];
    for (int i = 0; i + 3 <= s.length(); i++) {
      int h = s.substring(i, i + 3).hashCode() * 0x9E3779B1;
      v[Math.floorMod(h, dim)] += (h >>> 31) == 0 ? 1f : -1f;
    }
    return v;
  }

  private void handle(HttpExchange ex) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      JsonNode body = JSON.readTree(ex.getRequestBody());
      requests.add(new Request(body, ex.getRequestHeaders().getFirst("Authorization")));
      Reply r = script.poll();
      if (r == null) {
        r = Reply.of(200, answer(body));
      }
      if (r.delayMs() > 0) {
        try {
          Thread.sleep(r.delayMs());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      ex.getResponseHeaders().add("Content-Type", "application/json");
      byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(r.status(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    } finally {
      inFlight.decrementAndGet();
      ex.close();
    }
  }

  private String answer(JsonNode request) throws IOException {
    List<String> texts = new ArrayList<>();
    request.get("input").forEach(n -> texts.add(n.asText()));
    int d = dim;
    ObjectNode root = JSON.createObjectNode();
    root.put("object", "list");
    ArrayNode data = root.putArray("data");
    for (int i = texts.size() - 1; i >= 0; i--) {
      ObjectNode item = data.addObject();
      item.put("object", "embedding");
      item.put("index", i);
      ArrayNode e = item.putArray("embedding");
      for (float x : embed(texts.get(i), d)) {
        e.add(x);
      }
    }
    root.put("model", request.path("model").asText());
    return JSON.writeValueAsString(root);
  }

  @Override
  public void close() {
    server.stop(0);
    // Interrupts handlers still sleeping on a delayed reply, so no test leaves threads behind.
    pool.shutdownNow();
  }
}
