package io.strec.bench.serve;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop soak: requests leave at a constant rate whether or not earlier ones were answered
 * (90% recommend, 10% ingest-single), and every 10 s a line gives the time, the requests answered,
 * the 5xx so far and the server's resident memory. A latency runs from the request's scheduled
 * start, not its actual send, so a stalled client or server cannot hide its own delay.
 */
public final class Soak {
  /** At most this many requests wait for an answer; the rest are dropped and counted. */
  static final int MAX_OUTSTANDING = 10_000;

  private static final int SAMPLE_SECONDS = 10;
  private static final int CLIENTS = 4;

  /** One sample; {@code rssKib} is empty without a server pid. */
  public record Sample(double seconds, long requests, long fiveXx, OptionalLong rssKib) {}

  /**
   * What a soak measured, and what its client failed to send on time.
   *
   * @param dropped requests never sent because {@link #MAX_OUTSTANDING} were waiting
   * @param maxSendLagMs the longest a request left after its scheduled start: when large, the
   *     client (not the server) could not keep the rate, and latencies include its delay
   */
  public record Result(
      int seconds,
      double rate,
      List<Sample> samples,
      List<RunResult> runs,
      long dropped,
      double maxSendLagMs) {
    public Result {
      samples = List.copyOf(samples);
      runs = List.copyOf(runs);
    }

    public long fiveXx() {
      return runs.stream().mapToLong(RunResult::fiveXx).sum();
    }
  }

  private final Requests requests;
  private final Duration timeout;
  private final PrintStream out;

  public Soak(Requests requests, Duration timeout, PrintStream out) {
    this.requests = requests;
    this.timeout = timeout;
    this.out = out;
  }

  public Result run(int seconds, double rate, OptionalLong serverPid, SplittableRandom rnd)
      throws InterruptedException {
    HttpClient[] clients = new HttpClient[CLIENTS];
    for (int c = 0; c < CLIENTS; c++) {
      clients[c] =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(timeout)
              .build();
    }
    Outcomes reads = new Outcomes();
    Outcomes writes = new Outcomes();
    AtomicLong inFlight = new AtomicLong();
    long dropped = 0;
    long maxLag = 0;
    List<Sample> samples = new ArrayList<>();
    out.printf(
        Locale.ROOT,
        "%nsoak: %d s at %.1f req/s (90%% recommend, 10%% ingest-single), server pid %s%n%n",
        seconds,
        rate,
        serverPid.isPresent() ? Long.toString(serverPid.getAsLong()) : "not given (no RSS)");
    out.println("| t (s) | answered | 5xx | RSS (MiB) | ETA (s) |");
    out.println("|---:|---:|---:|---:|---:|");
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    Runnable sample =
        () -> {
          Sample s =
              new Sample(
                  (System.nanoTime() - start) / 1e9,
                  reads.count() + writes.count(),
                  reads.fiveXx() + writes.fiveXx(),
                  serverPid.isPresent() ? Rss.kib(serverPid.getAsLong()) : OptionalLong.empty());
          synchronized (samples) {
            samples.add(s);
          }
          out.printf(
              Locale.ROOT,
              "| %.0f | %d | %s | %s | %.0f |%n",
              s.seconds(),
              s.requests(),
              s.fiveXx() > 0 ? "**" + s.fiveXx() + "**" : "0",
              mib(s.rssKib()),
              Math.max(0, (end - System.nanoTime()) / 1e9));
        };
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    ScheduledFuture<?> sampling =
        sampler.scheduleAtFixedRate(sample, 0, SAMPLE_SECONDS, TimeUnit.SECONDS);
    try {
      for (long i = 0; ; i++) {
        long intended = start + (long) (i * 1e9 / rate);
        if (intended >= end) {
          break;
        }
        sleepUntil(intended);
        maxLag = Math.max(maxLag, System.nanoTime() - intended);
        boolean read = rnd.nextInt(10) != 0;
        if (inFlight.get() >= MAX_OUTSTANDING) {
          dropped++;
          continue;
        }
        HttpRequest req =
            (read ? Scenario.RECOMMEND : Scenario.INGEST_SINGLE).request(requests, rnd);
        Outcomes into = read ? reads : writes;
        inFlight.incrementAndGet();
        send(clients[(int) (i % CLIENTS)], req, intended, into, inFlight);
      }
      // The last requests get their answers (or time out) before the final sample.
      long drainUntil = System.nanoTime() + timeout.toNanos() + 1_000_000_000L;
      while (inFlight.get() > 0 && System.nanoTime() < drainUntil) {
        Thread.sleep(10);
      }
      if (sampling.isDone()) {
        // A periodic task ends only by failing: say why rather than print a table that stopped.
        try {
          sampling.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("the soak's sampler failed", e.getCause());
        }
      }
    } finally {
      sampler.shutdownNow();
      sampler.awaitTermination(5, TimeUnit.SECONDS);
    }
    sample.run();
    double wall = (System.nanoTime() - start) / 1e9;
    String load = String.format(Locale.ROOT, "%.0f/s open", rate);
    List<RunResult> runs =
        List.of(
            RunResult.of(Scenario.RECOMMEND, load, reads, wall),
            RunResult.of(Scenario.INGEST_SINGLE, load, writes, wall));
    return new Result(seconds, rate, samples, runs, dropped, maxLag / 1e6);
  }

  /**
   * Sends {@code req} without waiting; the answer, timeout or I/O error is recorded in {@code into}
   * when it comes, with its latency from {@code intended}.
   */
  // Fire and forget: the callback records every outcome itself, so the future holds nothing more.
  @SuppressWarnings("FutureReturnValueIgnored")
  private static void send(
      HttpClient client, HttpRequest req, long intended, Outcomes into, AtomicLong inFlight) {
    client
        .sendAsync(req, HttpResponse.BodyHandlers.ofByteArray())
        .whenComplete(
            (r, e) -> {
              long latency = System.nanoTime() - intended;
              if (r != null) {
                into.record(latency, r.statusCode(), r.body());
              } else {
                Throwable cause = e instanceof CompletionException ? e.getCause() : e;
                into.record(
                    latency,
                    cause instanceof HttpTimeoutException ? Outcomes.TIMEOUT : Outcomes.IO_ERROR,
                    String.valueOf(cause).getBytes(StandardCharsets.UTF_8));
              }
              inFlight.decrementAndGet();
            });
  }

  static String mib(OptionalLong kib) {
    return kib.isPresent() ? String.format(Locale.ROOT, "%.1f", kib.getAsLong() / 1024.0) : "-";
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long wait;
    while ((wait = nanoTime - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
  }
}
