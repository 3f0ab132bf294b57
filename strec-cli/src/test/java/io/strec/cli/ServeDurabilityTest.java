package io.strec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strec.app.store.EventStore;
import io.strec.app.store.StoreOptions;
import io.strec.cli.IngestLedger.Batch;
import io.strec.cli.IngestLedger.Event;
import io.strec.cli.IngestLedger.Row;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * {@code kill -9} against {@code strec serve} while clients ingest: the server runs as a child
 * process, is killed with SIGKILL at random moments under load {@value #KILLS} times and restarted
 * on the same directory. After every kill the SQLite file is read (with no server running) and must
 * hold every acknowledged event exactly once, as sent; a batch whose request failed is stored whole
 * or not at all, and when retried after the restart with the same Idempotency-Key and body it is
 * acknowledged, replayed exactly when it had been stored, and never stored twice.
 *
 * <p>One seeded RNG drives the batches and the kill delays; timing still varies from run to run.
 */
@Timeout(value = 170, unit = TimeUnit.SECONDS)
class ServeDurabilityTest {
  private static final long SEED = 0x5EED_D0B1EL;
  private static final int KILLS = 20;
  private static final int CLIENTS = 4;
  private static final int MAX_BATCH = 50;
  private static final int REPLAYS_PER_RESTART = 3;
  private static final String WRITE_KEY = "durability-write-key-0002";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private final IngestLedger ledger = new IngestLedger();
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private final AtomicInteger retryAttempts = new AtomicInteger();
  private final AtomicInteger retriedAcknowledged = new AtomicInteger();
  private final AtomicInteger retriedReplayed = new AtomicInteger();
  private int replayChecks;
  private long eventsChecked;
  private long seedRows = -1;
  private ServeProcess server;
  private ExecutorService clients;

  /** One server lifetime: where it listens, whether it is being killed, acknowledgements. */
  private record Run(
      HttpClient http, URI base, List<Item> items, AtomicBoolean killed, AtomicInteger acks) {}

  private record Item(String id, double lat, double lon) {}

  @AfterEach
  void stop() throws InterruptedException {
    if (clients != null) {
      clients.shutdownNow();
      clients.awaitTermination(30, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everyAcknowledgedEventSurvivesKillNineExactlyOnce() throws Exception {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    assumeTrue(
        os.contains("linux") || os.contains("mac") || os.contains("bsd") || os.contains("sunos"),
        "needs a Unix-like OS, where Process.destroyForcibly() is kill -9 (SIGKILL); os.name is "
            + os);
    long t0 = System.nanoTime();
    SplittableRandom rng = new SplittableRandom(SEED);
    Path dir = tmp.resolve("serve");
    Path db = dir.resolve("store.db");
    Path keys = tmp.resolve("keys.properties");
    Files.writeString(
        keys,
        "read=durability-read-key-0001\nwrite="
            + WRITE_KEY
            + "\nadmin=durability-admin-key-0003\n");
    clients = Executors.newFixedThreadPool(CLIENTS);
    List<Long> restartMillis = new ArrayList<>();
    List<Item> items = List.of();
    for (int kill = 1; kill <= KILLS; kill++) {
      Run run = start(dir, keys, restartMillis, items);
      items = run.items();
      replayAcknowledged(run, rng);
      loadAndKill(run, rng, kill);
      verify(db, "after kill " + kill);
    }
    Run last = start(dir, keys, restartMillis, items);
    retryUnknown(last);
    replayAcknowledged(last, rng);
    server.killNine();
    verify(db, "after the last restart");
    verifyThroughEventStore(db);

    System.out.printf(
        Locale.ROOT,
        "ServeDurabilityTest (seed %d, %d clients): %d kills under load; %d batches acknowledged"
            + " (%d events); %d retries of unknown batches, %d acknowledged, %d of them replayed"
            + " (stored before the kill, answer lost); %d acknowledged batches replayed;"
            + " %d events checked in %d store checks (the last store holds %d + %d seeded);"
            + " restart to ready mean %.0f ms"
            + " (min %d, max %d); %.1f s in all%n",
        SEED,
        CLIENTS,
        KILLS,
        ledger.acknowledgedCount(),
        ledger.acknowledgedEvents(),
        retryAttempts.get(),
        retriedAcknowledged.get(),
        retriedReplayed.get(),
        replayChecks,
        eventsChecked,
        KILLS + 2,
        ledger.acknowledgedEvents(),
        seedRows,
        restartMillis.stream().mapToLong(Long::longValue).average().orElse(0),
        restartMillis.stream().mapToLong(Long::longValue).min().orElse(0),
        restartMillis.stream().mapToLong(Long::longValue).max().orElse(0),
        (System.nanoTime() - t0) / 1e9);
    assertTrue(ledger.acknowledgedCount() > 0, "no batch was acknowledged");
  }

  /** Starts the server and waits until it is ready; the first start also seeds and trains. */
  private Run start(Path dir, Path keys, List<Long> restartMillis, List<Item> known)
      throws Exception {
    long t = System.nanoTime();
    server = ServeProcess.start(dir, keys);
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    URI base = server.awaitReady(http, READY_TIMEOUT);
    List<Item> items = known;
    if (items.isEmpty()) {
      items = readItems(dir.resolve("city").resolve("items.jsonl"));
    } else {
      restartMillis.add((System.nanoTime() - t) / 1_000_000);
    }
    return new Run(http, base, items, new AtomicBoolean(), new AtomicInteger());
  }

  /**
   * Clients send batches as fast as they can, unknown batches first; once load flows the server is
   * killed after a random 50 to 600 ms.
   */
  private void loadAndKill(Run run, SplittableRandom rng, int kill) throws Exception {
    List<Batch> unknown = ledger.unknownBatches();
    unknown.sort(Comparator.comparing(Batch::key));
    ConcurrentLinkedQueue<Batch> retries = new ConcurrentLinkedQueue<>(unknown);
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      SplittableRandom clientRng = rng.split();
      String prefix = "k" + kill + "c" + c;
      running.add(clients.submit(() -> client(run, retries, clientRng, prefix)));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (run.acks().get() == 0 && failures.isEmpty()) {
      if (System.nanoTime() > deadline) {
        fail("no batch acknowledged within 30 s of ready:\n" + server.output());
      }
      Thread.sleep(5);
    }
    Thread.sleep(50 + rng.nextInt(551));
    run.killed().set(true);
    server.killNine();
    for (Future<?> f : running) {
      f.get(60, TimeUnit.SECONDS);
    }
    assertNoFailures("load before kill " + kill);
  }

  private Void client(
      Run run, ConcurrentLinkedQueue<Batch> retries, SplittableRandom rng, String prefix)
      throws InterruptedException {
    long now = Instant.now().getEpochSecond();
    int n = 0;
    while (!run.killed().get()) {
      Batch retry = retries.poll();
      Batch batch = retry != null ? retry : newBatch(rng, prefix + "b" + n++, run.items(), now);
      boolean storedBefore = retry != null && ledger.foundStored(batch);
      if (retry != null) {
        retryAttempts.incrementAndGet();
      }
      HttpResponse<String> answer;
      try {
        answer = post(run, batch);
      } catch (IOException e) {
        ledger.unknown(batch);
        if (!run.killed().get()) {
          failures.add("batch " + batch.key() + " failed while the server was up: " + e);
        }
        continue;
      }
      if (accept(batch, answer, storedBefore)) {
        run.acks().incrementAndGet();
        if (retry != null) {
          retriedAcknowledged.incrementAndGet();
          if (storedBefore) {
            retriedReplayed.incrementAndGet();
          }
        }
      }
    }
    return null;
  }

  /**
   * Checks an answer: 200 with every event stored and no duplicate, replayed exactly when the batch
   * was stored before. Records it as acknowledged, or a failure.
   */
  private boolean accept(Batch batch, HttpResponse<String> answer, boolean storedBefore) {
    String why = null;
    if (answer.statusCode() != 200) {
      why = "HTTP " + answer.statusCode();
    } else {
      try {
        JsonNode r = JSON.readTree(answer.body());
        boolean replayed = r.path("replayed").asBoolean();
        if (r.path("stored").asInt(-1) != batch.events().size()
            || r.path("duplicates").asInt(-1) != 0
            || replayed != storedBefore) {
          why =
              "expected stored="
                  + batch.events().size()
                  + ", duplicates=0, replayed="
                  + storedBefore;
        }
      } catch (IOException e) {
        why = "unreadable answer: " + e;
      }
    }
    if (why != null) {
      failures.add("batch " + batch.key() + ": " + why + "; got " + answer.body());
      return false;
    }
    ledger.acknowledged(batch);
    return true;
  }

  /** Resends every unknown batch once, with no kill: each must now be acknowledged. */
  private void retryUnknown(Run run) throws Exception {
    List<Batch> unknown = ledger.unknownBatches();
    unknown.sort(Comparator.comparing(Batch::key));
    for (Batch b : unknown) {
      retryAttempts.incrementAndGet();
      boolean storedBefore = ledger.foundStored(b);
      if (accept(b, post(run, b), storedBefore)) {
        retriedAcknowledged.incrementAndGet();
        if (storedBefore) {
          retriedReplayed.incrementAndGet();
        }
      }
    }
    assertNoFailures("retrying unknown batches after the last restart");
    assertEquals(List.of(), ledger.unknownBatches(), "batches still unknown");
  }

  /** Resends a few acknowledged batches: the restarted server must replay, not store them. */
  private void replayAcknowledged(Run run, SplittableRandom rng) throws Exception {
    List<Batch> acked = ledger.acknowledgedBatches();
    acked.sort(Comparator.comparing(Batch::key));
    for (int i = 0; i < REPLAYS_PER_RESTART && !acked.isEmpty(); i++) {
      Batch b = acked.get(rng.nextInt(acked.size()));
      HttpResponse<String> answer = post(run, b);
      JsonNode r = JSON.readTree(answer.body());
      assertEquals(200, answer.statusCode(), answer.body());
      assertTrue(r.path("replayed").asBoolean(), "batch " + b.key() + ": " + answer.body());
      assertEquals(b.events().size(), r.path("stored").asInt(), answer.body());
      replayChecks++;
    }
  }

  private static HttpResponse<String> post(Run run, Batch batch)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(run.base().resolve("/v1/events"))
            .timeout(Duration.ofSeconds(20))
            .header("X-API-Key", WRITE_KEY)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", batch.key())
            .POST(HttpRequest.BodyPublishers.ofByteArray(batch.body()))
            .build();
    return run.http().send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** 1 to {@value #MAX_BATCH} check-ins of random users at random known places. */
  private static Batch newBatch(SplittableRandom rng, String key, List<Item> items, long now) {
    int size = 1 + rng.nextInt(MAX_BATCH);
    List<Event> events = new ArrayList<>(size);
    ObjectNode body = JSON.createObjectNode();
    ArrayNode array = body.putArray("events");
    for (int i = 0; i < size; i++) {
      Item item = items.get(rng.nextInt(items.size()));
      Event e =
          new Event(
              key + "e" + i,
              "dur-u" + rng.nextInt(200),
              item.id(),
              now - rng.nextLong(30L * 86_400),
              item.lat() + rng.nextDouble(-0.002, 0.002),
              item.lon() + rng.nextDouble(-0.002, 0.002));
      events.add(e);
      array
          .addObject()
          .put("event_id", e.eventId())
          .put("user", e.user())
          .put("item", e.item())
          .put("time", e.time())
          .put("lat", e.lat())
          .put("lon", e.lon())
          .put("type", "checkin");
    }
    try {
      return new Batch(key, JSON.writeValueAsBytes(body), List.copyOf(events));
    } catch (IOException e) {
      throw new IllegalStateException("writing batch " + key, e);
    }
  }

  private static List<Item> readItems(Path jsonl) throws IOException {
    List<Item> items = new ArrayList<>();
    for (String line : Files.readAllLines(jsonl)) {
      JsonNode n = JSON.readTree(line);
      if (n.hasNonNull("latitude") && n.hasNonNull("longitude")) {
        items.add(
            new Item(
                n.get("item_id").asText(),
                n.get("latitude").asDouble(),
                n.get("longitude").asDouble()));
      }
    }
    assertTrue(items.size() > 10, "too few items with a location in " + jsonl);
    return items;
  }

  /**
   * Reads the store file with a read-only connection while no server runs (SQLite recovers the WAL
   * on opening, as a restart does, but a read-only connection leaves it for the server) and checks
   * it against the ledger.
   */
  private void verify(Path db, String when) throws SQLException {
    assertTrue(!server.isAlive(), "the server must be down while the store is read");
    SQLiteConfig readOnly = new SQLiteConfig();
    readOnly.setReadOnly(true);
    Map<String, Integer> counts = new HashMap<>();
    Map<String, Row> rows = new HashMap<>();
    long anonymous;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db, readOnly.toProperties());
        Statement st = c.createStatement()) {
      try (ResultSet r = st.executeQuery("PRAGMA quick_check")) {
        r.next();
        assertEquals("ok", r.getString(1), "quick_check " + when);
      }
      try (ResultSet r =
          st.executeQuery(
              "SELECT event_id, COUNT(*) FROM events WHERE event_id IS NOT NULL GROUP BY event_id")) {
        while (r.next()) {
          counts.put(r.getString(1), r.getInt(2));
        }
      }
      try (ResultSet r =
          st.executeQuery(
              "SELECT event_id, user_id, item_id, epoch_second, tz_offset_minutes, latitude,"
                  + " longitude, type, weight FROM events WHERE event_id IS NOT NULL")) {
        while (r.next()) {
          rows.put(
              r.getString(1),
              new Row(
                  r.getString(2),
                  r.getString(3),
                  r.getLong(4),
                  r.getInt(5),
                  r.getDouble(6),
                  r.getDouble(7),
                  r.getString(8),
                  r.getDouble(9)));
        }
      }
      try (ResultSet r = st.executeQuery("SELECT COUNT(*) FROM events WHERE event_id IS NULL")) {
        r.next();
        anonymous = r.getLong(1);
      }
    }
    if (seedRows < 0) {
      seedRows = anonymous;
    }
    assertEquals(seedRows, anonymous, "seeded events " + when);
    report(ledger.check(counts, rows), when);
  }

  /** The same check through the product's own reader, after the last kill. */
  private void verifyThroughEventStore(Path db) {
    Map<String, Integer> counts = new HashMap<>();
    Map<String, Row> rows = new HashMap<>();
    try (EventStore store = EventStore.open(db, StoreOptions.defaults())) {
      assertEquals(
          seedRows + ledger.acknowledgedEvents(), store.eventCount(), "events in the store");
      store.forEachEvent(
          e ->
              e.eventId()
                  .ifPresent(
                      id -> {
                        counts.merge(id, 1, Integer::sum);
                        rows.put(
                            id,
                            new Row(
                                e.user(),
                                e.item(),
                                e.epochSecond(),
                                e.tzOffsetMinutes(),
                                e.latitude(),
                                e.longitude(),
                                e.type(),
                                e.weight()));
                      }));
    }
    report(ledger.check(counts, rows), "through EventStore after the last kill");
  }

  private void report(IngestLedger.Check check, String when) {
    eventsChecked += check.eventsCompared();
    if (!check.problems().isEmpty()) {
      fail(
          check.problems().size()
              + " problems "
              + when
              + ", first ones:\n"
              + String.join(
                  "\n", check.problems().subList(0, Math.min(20, check.problems().size())))
              + "\nserver output:\n"
              + server.output());
    }
  }

  private void assertNoFailures(String when) {
    if (!failures.isEmpty()) {
      List<String> first = failures.stream().limit(20).toList();
      fail(
          failures.size()
              + " failures in "
              + when
              + ":\n"
              + String.join("\n", first)
              + "\nserver output:\n"
              + server.output());
    }
  }
}
