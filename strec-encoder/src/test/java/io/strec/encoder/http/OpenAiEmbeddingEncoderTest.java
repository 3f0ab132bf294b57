package io.strec.encoder.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.encoder.EncoderException;
import io.strec.encoder.http.FakeEmbeddingServer.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link OpenAiEmbeddingEncoder} against a real HTTP server on a loopback port. */
class OpenAiEmbeddingEncoderTest {
  static final int DIM = 16;
  static final Duration INITIAL = Duration.ofMillis(100);
  static final Duration MAX = Duration.ofSeconds(5);

  FakeEmbeddingServer server;

  /**
   * Backoff waits, recorded instead of slept: the schedule is checked exactly and tests stay fast.
   */
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = new FakeEmbeddingServer(DIM);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  OpenAiEmbeddingEncoder.Builder builder() {
    return OpenAiEmbeddingEncoder.builder()
        .setBaseUrl(server.baseUrl())
        .setModel("fake-model")
        .optBackoff(INITIAL, MAX)
        .sleeper(sleeps::add);
  }

  static void assertVectors(List<String> texts, float[][] got) {
    assertEquals(texts.size(), got.length);
    for (int i = 0; i < texts.size(); i++) {
      assertArrayEquals(
          FakeEmbeddingServer.embed(texts.get(i), DIM),
          got[i],
          0f,
          "vector for '" + texts.get(i) + "'");
    }
  }

  static void assertMessage(Throwable e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), () -> "'" + p + "' not in: " + e.getMessage());
    }
  }

  @Test
  void vectorsComeBackInInputOrderThoughTheServerAnswersReversed() {
    List<String> texts = List.of("espresso bar", "ramen", "sanding roll", "", "Blue Fern Coffee");
    try (OpenAiEmbeddingEncoder enc = builder().build()) {
      assertVectors(texts, enc.encode(texts));
      assertEquals(1, server.requests().size());
      var body = server.requests().get(0).body();
      assertEquals("fake-model", body.get("model").asText());
      assertEquals(5, body.get("input").size());
      assertFalse(body.has("dimensions"));
      assertEquals(0, enc.encode(List.of()).length);
      assertEquals(1, server.requests().size(), "an empty batch sends nothing");
    }
  }

  @Test
  void textsAreSentInBatches() {
    List<String> texts = IntStream.range(0, 10).mapToObj(i -> "text number " + i).toList();
    try (OpenAiEmbeddingEncoder enc = builder().optBatchSize(4).build()) {
      assertVectors(texts, enc.encode(texts));
    }
    assertEquals(
        List.of(4, 4, 2),
        server.requests().stream().map(r -> r.body().get("input").size()).toList());
    assertEquals("text number 4", server.requests().get(1).body().get("input").get(0).asText());
  }

  @Test
  void retriesOn503WithSeededJitteredExponentialBackoff() {
    server.enqueue(Reply.of(503, "overloaded"));
    server.enqueue(Reply.of(503, "overloaded"));
    try (OpenAiEmbeddingEncoder enc = builder().optSeed(7).build()) {
      assertVectors(List.of("a", "b"), enc.encode(List.of("a", "b")));
    }
    assertEquals(3, server.requests().size());
    assertEquals(2, sleeps.size());
    // Equal jitter: retry k waits within [w/2, w] for w = INITIAL * 2^(k-1).
    assertBetween(INITIAL.dividedBy(2), INITIAL, sleeps.get(0));
    assertBetween(INITIAL, INITIAL.multipliedBy(2), sleeps.get(1));

    List<Duration> first = List.copyOf(sleeps);
    sleeps.clear();
    server.enqueue(Reply.of(503, "overloaded"));
    server.enqueue(Reply.of(503, "overloaded"));
    try (OpenAiEmbeddingEncoder enc = builder().optSeed(7).build()) {
      enc.encode(List.of("a", "b"));
    }
    assertEquals(first, sleeps, "same seed, same schedule");
  }

  static void assertBetween(Duration lo, Duration hi, Duration d) {
    assertTrue(
        d.compareTo(lo) >= 0 && d.compareTo(hi) <= 0, d + " not in [" + lo + ", " + hi + "]");
  }

  @Test
  void honoursRetryAfterOn429UpToTheCap() {
    server.enqueue(new Reply(429, "{\"error\":\"slow down\"}", Map.of("Retry-After", "2"), 0));
    server.enqueue(new Reply(429, "{\"error\":\"slow down\"}", Map.of("Retry-After", "3600"), 0));
    try (OpenAiEmbeddingEncoder enc = builder().build()) {
      assertVectors(List.of("x"), enc.encode(List.of("x")));
    }
    assertEquals(List.of(Duration.ofSeconds(2), MAX), sleeps);
    assertEquals(3, server.requests().size());
  }

  @Test
  void otherClientErrorsFailAtOnceWithTheBody() {
    server.enqueue(Reply.of(400, "{\"error\":{\"message\":\"model 'nope' not found\"}}"));
    try (OpenAiEmbeddingEncoder enc = builder().optRetries(3).build()) {
      var e = assertThrows(EncoderException.class, () -> enc.encode(List.of("x")));
      assertMessage(e, server.baseUrl() + "/embeddings", "HTTP 400", "model 'nope' not found");
    }
    assertEquals(1, server.requests().size());
    assertTrue(sleeps.isEmpty());
  }

  @Test
  void persistentServerErrorsGiveUpAfterTheRetries() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(Reply.of(500, "boom " + i));
    }
    try (OpenAiEmbeddingEncoder enc = builder().optRetries(2).build()) {
      var e = assertThrows(EncoderException.class, () -> enc.encode(List.of("x")));
      assertMessage(e, server.baseUrl() + "/embeddings", "after 3 attempts", "HTTP 500", "boom 2");
    }
    assertEquals(3, server.requests().size());
    assertEquals(2, sleeps.size());
  }

  @Test
  void endpointDownFailsClearlyAfterTheRetries() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String base = "http://127.0.0.1:" + port + "/v1";
    // The real sleeper, with a backoff too short to matter.
    try (OpenAiEmbeddingEncoder enc =
        OpenAiEmbeddingEncoder.builder()
            .setBaseUrl(base)
            .setModel("m")
            .optRetries(2)
            .optBackoff(Duration.ofMillis(1), Duration.ofMillis(2))
            .build()) {
      var e = assertThrows(EncoderException.class, () -> enc.encode(List.of("x")));
      assertMessage(e, base + "/embeddings", "after 3 attempts", "cannot connect");
    }
  }

  @Test
  void malformedJsonIsReported() {
    server.enqueue(Reply.of(200, "{\"data\": [ {\"index\": 0, \"embedding\": [0.1,"));
    server.enqueue(Reply.of(200, "{\"error\": {\"message\": \"out of memory\"}}"));
    server.enqueue(Reply.of(200, "{\"data\": [{\"index\": 0, \"embedding\": \"AAAA\"}]}"));
    try (OpenAiEmbeddingEncoder enc = builder().build()) {
      assertMessage(
          assertThrows(EncoderException.class, () -> enc.encode(List.of("x"))),
          "malformed JSON from " + server.baseUrl() + "/embeddings",
          "body starts: {\"data\"");
      assertMessage(
          assertThrows(EncoderException.class, () -> enc.encode(List.of("x"))), "out of memory");
      assertMessage(
          assertThrows(EncoderException.class, () -> enc.encode(List.of("x"))),
          "no embedding array");
    }
  }

  @Test
  void wrongNumberOfVectorsIsReported() {
    server.enqueue(Reply.of(200, "{\"data\": [{\"index\": 0, \"embedding\": [1, 2]}]}"));
    server.enqueue(
        Reply.of(
            200,
            "{\"data\": [{\"index\": 0, \"embedding\": [1, 2]}, {\"index\": 0, \"embedding\": [3, 4]}]}"));
    server.enqueue(
        Reply.of(
            200,
            "{\"data\": [{\"index\": 0, \"embedding\": [1, 2]}, {\"index\": 5, \"embedding\": [3, 4]}]}"));
    try (OpenAiEmbeddingEncoder enc = builder().build()) {
      assertMessage(
          assertThrows(EncoderException.class, () -> enc.encode(List.of("a", "b"))),
          server.baseUrl() + "/embeddings",
          "returned 1 vectors for 2 texts");
      assertMessage(
          assertThrows(EncoderException.class, () -> enc.encode(List.of("a", "b"))),
          "index 0 twice");
      assertMessage(
          assertThrows(EncoderException.class, () -> enc.encode(List.of("a", "b"))), "index 5");
    }
  }

  @Test
  void vectorsOfTheWrongDimensionAreReported() {
    try (OpenAiEmbeddingEncoder enc = builder().optDimension(DIM + 1).build()) {
      assertMessage(
          assertThrows(EncoderException.class, () -> enc.encode(List.of("a"))),
          server.baseUrl() + "/embeddings",
          "dimension " + DIM,
          "expected " + (DIM + 1));
    }
    server.enqueue(
        Reply.of(
            200,
            "{\"data\": [{\"index\": 0, \"embedding\": [1, 2]}, {\"index\": 1, \"embedding\": [3]}]}"));
    try (OpenAiEmbeddingEncoder enc = builder().build()) {
      assertMessage(
          assertThrows(EncoderException.class, () -> enc.encode(List.of("a", "b"))),
          "dimension 1 for text 1, expected 2");
    }
  }

  @Test
  void dimensionsMustAgreeAcrossBatchesAndCalls() {
    try (OpenAiEmbeddingEncoder enc = builder().optBatchSize(1).build()) {
      enc.encode(List.of("a"));
      assertEquals(DIM, enc.dimension());
      server.setDim(DIM + 3);
      assertMessage(
          assertThrows(EncoderException.class, () -> enc.encode(List.of("b", "c"))),
          "inconsistent dimensions across batches",
          "dimension " + (DIM + 3),
          "had dimension " + DIM);
    }
  }

  @Test
  void nonFiniteValuesAreReported() {
    server.enqueue(Reply.of(200, "{\"data\": [{\"index\": 0, \"embedding\": [0.5, NaN, 0.1]}]}"));
    server.enqueue(Reply.of(200, "{\"data\": [{\"index\": 0, \"embedding\": [0.5, 1e39, 0.1]}]}"));
    try (OpenAiEmbeddingEncoder enc = builder().build()) {
      assertMessage(
          assertThrows(EncoderException.class, () -> enc.encode(List.of("a"))),
          server.baseUrl() + "/embeddings",
          "non-finite value NaN at position 1");
      assertMessage(
          assertThrows(EncoderException.class, () -> enc.encode(List.of("a"))),
          "non-finite value 1.0E39");
    }
  }

  @Test
  void aSlowServerTimesOutWithoutRetrying() {
    server.enqueue(new Reply(200, "{}", Map.of(), 30_000));
    try (OpenAiEmbeddingEncoder enc =
        builder().optRequestTimeout(Duration.ofMillis(200)).optRetries(3).build()) {
      assertMessage(
          assertThrows(EncoderException.class, () -> enc.encode(List.of("a"))),
          server.baseUrl() + "/embeddings",
          "timed out",
          "200 ms");
    }
    assertEquals(1, server.requests().size());
    assertTrue(sleeps.isEmpty());
  }

  @Test
  void apiKeyFromTheNamedVariableIsSentAndNeverShown() {
    Map<String, String> env = Map.of("STREC_TEST_KEY", "sk-secret-123");
    try (OpenAiEmbeddingEncoder enc =
        builder().optApiKeyEnv("STREC_TEST_KEY").environment(env::get).build()) {
      enc.encode(List.of("a"));
      assertEquals("Bearer sk-secret-123", server.requests().get(0).authorization());
      server.enqueue(Reply.of(401, "{\"error\": \"bad key\"}"));
      var e = assertThrows(EncoderException.class, () -> enc.encode(List.of("a")));
      assertFalse(e.getMessage().contains("sk-secret"), e.getMessage());
      assertFalse(enc.toString().contains("sk-secret"), enc.toString());
    }
    try (OpenAiEmbeddingEncoder enc = builder().build()) {
      enc.encode(List.of("a"));
      assertNull(server.requests().get(2).authorization());
    }
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> builder().optApiKeyEnv("STREC_MISSING_KEY").environment(env::get).build());
    assertMessage(e, "STREC_MISSING_KEY", "not set");
  }

  @Test
  void concurrentCallsEachGetTheirOwnVectors() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (OpenAiEmbeddingEncoder enc = builder().optBatchSize(3).build()) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int call = 0; call < 10; call++) {
                    int c = call;
                    List<String> texts =
                        IntStream.range(0, 7)
                            .mapToObj(i -> "t" + thread + " c" + c + " i" + i)
                            .toList();
                    assertVectors(texts, enc.encode(texts));
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
      assertEquals(DIM, enc.dimension());
    } finally {
      pool.shutdownNow();
    }
    assertEquals(8 * 10 * 3, server.requests().size());
  }

  @Test
  void dimensionIsProbedOnceWhenNotGiven() {
    try (OpenAiEmbeddingEncoder enc = builder().build()) {
      assertEquals(DIM, enc.dimension());
      assertEquals("http:fake-model@127.0.0.1/" + DIM, enc.modelId());
      assertEquals(1, server.requests().size());
      assertEquals(
          OpenAiEmbeddingEncoder.PROBE_TEXT,
          server.requests().get(0).body().get("input").get(0).asText());
    }
    try (OpenAiEmbeddingEncoder enc = builder().optDimension(DIM).optNormalize(true).build()) {
      assertEquals("http:fake-model@127.0.0.1/" + DIM + "/l2", enc.modelId());
      assertEquals(1, server.requests().size(), "a given dimension needs no probe");
    }
  }

  @Test
  void normalisedVectorsHaveUnitLengthAndTheSameDirection() {
    List<String> texts = List.of("espresso bar", "ramen shop in midtown");
    try (OpenAiEmbeddingEncoder enc = builder().optNormalize(true).build()) {
      float[][] got = enc.encode(texts);
      for (int i = 0; i < texts.size(); i++) {
        float[] ref = FakeEmbeddingServer.embed(texts.get(i), DIM);
        double dot = 0;
        double norm = 0;
        double refNorm = 0;
        for (int j = 0; j < DIM; j++) {
          dot += got[i][j] * ref[j];
          norm += got[i][j] * got[i][j];
          refNorm += ref[j] * ref[j];
        }
        assertEquals(1.0, norm, 1e-6);
        assertEquals(1.0, dot / Math.sqrt(refNorm), 1e-6, "cosine with the raw vector");
      }
    }
  }

  @Test
  void dimensionsFieldIsSentOnlyWhenAsked() {
    try (OpenAiEmbeddingEncoder enc = builder().optDimension(DIM).optSendDimensions(true).build()) {
      enc.encode(List.of("a"));
    }
    assertEquals(DIM, server.requests().get(0).body().get("dimensions").asInt());
    assertThrows(IllegalArgumentException.class, () -> builder().optSendDimensions(true).build());
  }

  @Test
  void badSettingsAreNamed() {
    assertMessage(
        assertThrows(
            IllegalArgumentException.class,
            () -> OpenAiEmbeddingEncoder.builder().setModel("m").build()),
        "base URL is required");
    assertMessage(
        assertThrows(
            IllegalArgumentException.class,
            () -> OpenAiEmbeddingEncoder.builder().setBaseUrl("ftp://x/v1").setModel("m").build()),
        "ftp://x/v1");
    assertMessage(
        assertThrows(
            IllegalArgumentException.class,
            () -> OpenAiEmbeddingEncoder.builder().setBaseUrl("http://x/v1").build()),
        "model");
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> builder().optBatchSize(0).build()),
        "batch size");
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> builder().optRetries(-1).build()),
        "retries");
    assertMessage(
        assertThrows(
            IllegalArgumentException.class,
            () -> builder().optRequestTimeout(Duration.ZERO).build()),
        "request timeout");
    assertEquals(
        "http://x:8000/v1/embeddings",
        OpenAiEmbeddingEncoder.builder()
            .setBaseUrl("http://x:8000/v1/")
            .setModel("m")
            .build()
            .endpoint()
            .toString());
  }

  @Test
  void closedEncodersRefuseWork() {
    OpenAiEmbeddingEncoder enc = builder().build();
    enc.close();
    assertThrows(IllegalStateException.class, () -> enc.encode(List.of("a")));
    assertTrue(server.requests().isEmpty());
  }
}
