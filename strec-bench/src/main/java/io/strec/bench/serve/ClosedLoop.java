package io.strec.bench.serve;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop run: {@code concurrency} workers, each with its own HTTP/1.1 client, each sending
 * its next request as soon as the previous one is answered. The warm-up goes first on the same
 * workers (so their connections are open) and is not recorded; then the measured phase stops at the
 * request count or the time bound, whichever comes first.
 */
public final class ClosedLoop {
  private final Requests requests;
  private final Duration connectTimeout;
  private final PrintStream log;
  private final int progressSeconds;

  public ClosedLoop(
      Requests requests, Duration connectTimeout, PrintStream log, int progressSeconds) {
    this.requests = requests;
    this.connectTimeout = connectTimeout;
    this.log = log;
    this.progressSeconds = progressSeconds;
  }

  /** Runs {@code warmup} then {@code count} requests of {@code scenario}, each phase time-bound. */
  public RunResult run(
      Scenario scenario,
      int concurrency,
      int warmup,
      int count,
      double maxSeconds,
      SplittableRandom rnd)
      throws InterruptedException {
    List<Worker> workers = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(connectTimeout)
              .build();
      workers.add(new Worker(scenario, client, rnd.split()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      if (warmup > 0) {
        phase(pool, workers, new Phase(warmup, maxSeconds, false));
        warnAboutWarmup(scenario, concurrency, workers);
      }
      Phase measured = new Phase(count, maxSeconds, true);
      String label = scenario.label() + " c=" + concurrency;
      long t0 = System.nanoTime();
      Progress progress =
          new Progress(log, label, measured.done::get, count, measured.deadline, progressSeconds);
      try {
        phase(pool, workers, measured);
      } finally {
        progress.close();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      Outcomes all = new Outcomes();
      for (Worker w : workers) {
        all.addAll(w.outcomes);
      }
      return RunResult.of(scenario, "c=" + concurrency, all, seconds);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The warm-up is not measured, but a failure in it is not hidden either. */
  private void warnAboutWarmup(Scenario scenario, int concurrency, List<Worker> workers) {
    Outcomes all = new Outcomes();
    for (Worker w : workers) {
      all.addAll(w.warm);
    }
    if (all.ok() < all.count()) {
      log.printf(
          java.util.Locale.ROOT,
          "  %s[%s c=%d] warm-up: %d of %d requests failed: %s %s%n",
          all.fiveXx() > 0 ? "!! 5xx !! " : "",
          scenario.label(),
          concurrency,
          all.count() - all.ok(),
          all.count(),
          all.errors(),
          all.firstBodies());
    }
  }

  private static void phase(ExecutorService pool, List<Worker> workers, Phase phase)
      throws InterruptedException {
    List<Future<Void>> running = new ArrayList<>();
    for (Worker w : workers) {
      running.add(pool.submit(w.in(phase)));
    }
    for (Future<Void> f : running) {
      try {
        f.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("a load worker failed: " + e.getCause(), e.getCause());
      }
    }
  }

  /** A count and a deadline shared by the workers; tickets are claimed before each request. */
  private static final class Phase {
    final long limit;
    final long deadline;
    final boolean recorded;
    final AtomicLong issued = new AtomicLong();
    final AtomicLong done = new AtomicLong();

    Phase(long limit, double maxSeconds, boolean recorded) {
      this.limit = limit;
      this.deadline = System.nanoTime() + (long) (maxSeconds * 1e9);
      this.recorded = recorded;
    }

    boolean claim() {
      return System.nanoTime() < deadline && issued.getAndIncrement() < limit;
    }
  }

  private final class Worker {
    final Scenario scenario;
    final HttpClient client;
    final SplittableRandom rnd;
    final Outcomes outcomes = new Outcomes();
    final Outcomes warm = new Outcomes();

    Worker(Scenario scenario, HttpClient client, SplittableRandom rnd) {
      this.scenario = scenario;
      this.client = client;
      this.rnd = rnd;
    }

    Callable<Void> in(Phase phase) {
      return () -> {
        while (phase.claim()) {
          // Built before the clock starts: the request's JSON is the client's cost, not the
          // server's.
          HttpRequest req = scenario.request(requests, rnd);
          long t0 = System.nanoTime();
          int status;
          byte[] body = null;
          try {
            HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
            status = r.statusCode();
            body = r.body();
          } catch (HttpTimeoutException e) {
            status = Outcomes.TIMEOUT;
          } catch (IOException e) {
            status = Outcomes.IO_ERROR;
            body = String.valueOf(e).getBytes(java.nio.charset.StandardCharsets.UTF_8);
          }
          long elapsed = System.nanoTime() - t0;
          (phase.recorded ? outcomes : warm).record(elapsed, status, body);
          phase.done.incrementAndGet();
        }
        return null;
      };
    }
  }
}
