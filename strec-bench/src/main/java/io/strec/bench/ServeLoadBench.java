package io.strec.bench;

import io.strec.bench.serve.ClosedLoop;
import io.strec.bench.serve.LoadOptions;
import io.strec.bench.serve.Report;
import io.strec.bench.serve.Requests;
import io.strec.bench.serve.RunResult;
import io.strec.bench.serve.Scenario;
import io.strec.bench.serve.Soak;
import io.strec.bench.serve.Targets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Load on a running {@code strec serve} over loopback HTTP: closed-loop runs of each scenario at
 * each concurrency, bounded by a request count and a time, or an open-loop soak at a constant rate
 * that watches the server's resident memory. Users and items come from the server's store file, so
 * every request names something the server knows.
 *
 * <p>The reference, measured in the same run against the same server, is {@code GET /health/live}
 * at concurrency 1: the HTTP stack, keep-alive connection and routing without any recommender work.
 * The last column of every table is a run's median over that one. It is measured first (warmed with
 * at least 2000 requests, as the client JVM is still cold then) and again last; when the two
 * medians differ by more than a quarter, a line says the ratios are rough.
 *
 * <p>Latencies are kept one by one in nanoseconds and percentiles are exact (nearest rank). A
 * latency covers sending the request and reading the whole answer; building the request (the JSON
 * of 100 events) is not in it. Non-2xx answers are counted by status and included in the latencies.
 *
 * <p>Exits 1 when any request was answered with a 5xx, so a script can stop on it.
 *
 * <pre>
 * java -cp "strec-bench/target/strec-bench-0.1.0-SNAPSHOT.jar:strec-bench/target/lib/*" \
 *   io.strec.bench.ServeLoadBench --url http://127.0.0.1:8080 --keys DIR/keys.properties \
 *   --store DIR/store.db --scenario recommend,recommend-filtered,ingest-single,ingest-batch \
 *   --concurrency 1,8,32 --requests 2000 --max-seconds 60 --warmup 200 --json load.json
 * # soak: 90% recommend, 10% ingest-single at a constant rate, RSS every 10 s
 * java -cp ... io.strec.bench.ServeLoadBench --url ... --keys ... --store ... \
 *   --soak-seconds 600 --rate 50 --server-pid PID
 * </pre>
 */
public final class ServeLoadBench {
  /** Warm-up requests of the first reference run at least. */
  private static final int REFERENCE_WARMUP = 2000;

  private ServeLoadBench() {}

  public static void main(String[] args) throws Exception {
    LoadOptions o;
    try {
      o = LoadOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    System.exit(run(o) ? 0 : 1);
  }

  /** Returns false when any request got a 5xx. */
  static boolean run(LoadOptions o) throws Exception {
    Targets targets = Targets.read(o.store());
    List<Scenario> scenarios =
        o.soak() ? List.of(Scenario.RECOMMEND, Scenario.INGEST_SINGLE) : o.scenarios();
    scenarios.forEach(targets::check);
    Duration timeout = Duration.ofSeconds(o.timeoutSeconds());
    checkReady(o.url(), timeout);
    Requests requests =
        new Requests(
            o.url(),
            Requests.Keys.fromFile(o.keys()),
            targets,
            o.k(),
            timeout,
            "bench-" + Long.toString(System.currentTimeMillis(), 36) + "-");
    System.out.printf(
        Locale.ROOT,
        "ServeLoadBench: %s, store %s: %d users with events, %d items (%d with a place and a"
            + " category); seed %d, k=%d%n",
        o.url(),
        o.store(),
        targets.users().size(),
        targets.items().size(),
        targets.located().size(),
        o.seed(),
        o.k());
    System.out.printf(
        Locale.ROOT,
        "per run: %d warm-up requests (not measured), then up to %d requests or %.0f s%n%n",
        o.warmup(),
        o.requests(),
        o.maxSeconds());
    SplittableRandom rnd = new SplittableRandom(o.seed());
    ClosedLoop loop = new ClosedLoop(requests, timeout, System.err, o.progressSeconds());
    Report report = new Report(System.out, System.err);
    report.header();
    // The reference runs first, in a client JVM that is still cold: it gets a longer warm-up, or
    // its median is the client's JIT compiler more than the server's HTTP stack.
    RunResult live =
        loop.run(
            Scenario.HEALTH_LIVE,
            1,
            Math.max(o.warmup(), REFERENCE_WARMUP),
            o.requests(),
            o.maxSeconds(),
            rnd.split());
    report.row(live, live);
    List<RunResult> runs = new ArrayList<>();
    Optional<Soak.Result> soak = Optional.empty();
    if (o.soak()) {
      Soak.Result s =
          new Soak(requests, timeout, System.out)
              .run(o.soakSeconds(), o.rate(), o.serverPid(), rnd.split());
      soak = Optional.of(s);
      runs.addAll(s.runs());
    } else {
      for (Scenario scenario : o.scenarios()) {
        for (int c : o.concurrency()) {
          RunResult r =
              loop.run(scenario, c, o.warmup(), o.requests(), o.maxSeconds(), rnd.split());
          runs.add(r);
          report.row(r, live);
        }
      }
    }
    // Measured again at the end: if the two medians differ much, the machine was busy with
    // something else or the warm-up was too short, and every ratio is that much less sure.
    RunResult liveEnd =
        loop.run(Scenario.HEALTH_LIVE, 1, 0, o.requests(), o.maxSeconds(), rnd.split())
            .relabelled("health-live (end)");
    List<RunResult> all = new ArrayList<>();
    all.add(live);
    all.addAll(runs);
    all.add(liveEnd);
    report.table(
        o.soak()
            ? "all runs (soak latencies from each request's scheduled start):"
            : "all runs (the reference first and last):",
        all,
        live);
    soak.ifPresent(report::soakSummary);
    printRatios(live, liveEnd, runs);
    if (o.json().isPresent()) {
      Report.writeJson(o.json().get(), o, List.of(live, liveEnd), runs, soak);
      System.out.println("JSON written to " + o.json().get());
    }
    return all.stream().allMatch(r -> r.fiveXx() == 0);
  }

  private static void printRatios(RunResult live, RunResult liveEnd, List<RunResult> runs) {
    System.out.printf(
        Locale.ROOT,
        "%nsame-run reference: GET /health/live c=1 p50 %.3f ms (at the end: %.3f ms)%n",
        live.latency().p50(),
        liveEnd.latency().p50());
    double drift = liveEnd.latency().p50() / live.latency().p50();
    if (drift < 0.8 || drift > 1.25) {
      System.out.printf(
          Locale.ROOT,
          "  the reference moved %.0f%% during the run: the machine is noisy or --warmup is too"
              + " short (the client JVM warms up too); read the ratios as rough%n",
          100 * (drift - 1));
    }
    for (RunResult r : runs) {
      if (r.scenario().startsWith("recommend")) {
        System.out.printf(
            Locale.ROOT,
            "  %s %s: p50 %.3f ms = %.1fx the reference%n",
            r.scenario(),
            r.load(),
            r.latency().p50(),
            r.latency().p50() / live.latency().p50());
      }
    }
  }

  /** Fails fast, naming the URL and the answer, when the server is not up and ready. */
  private static void checkReady(URI base, Duration timeout)
      throws IOException, InterruptedException {
    URI ready = URI.create(base + "/health/ready");
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .build();
    HttpResponse<String> r;
    try {
      r =
          client.send(
              HttpRequest.newBuilder(ready).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IOException("no server answering at " + ready + ": " + e, e);
    }
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "the server at " + ready + " is not ready: " + r.statusCode() + " " + r.body());
    }
  }
}
