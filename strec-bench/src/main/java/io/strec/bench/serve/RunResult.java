package io.strec.bench.serve;

import java.util.Map;

/**
 * One measured run, warm-up excluded.
 *
 * @param load how it was driven: {@code c=8} (closed loop, 8 workers) or {@code 50/s} (open loop)
 * @param requests requests answered or failed; latencies cover all of them, failures included
 * @param errors non-2xx answers and requests with no answer, by status
 * @param firstBodies the start of the first body of each failing status
 * @param seconds wall time of the run
 */
public record RunResult(
    String scenario,
    String load,
    long requests,
    long ok,
    long fiveXx,
    Map<String, Long> errors,
    Map<String, String> firstBodies,
    double seconds,
    int eventsPerRequest,
    Latencies latency) {

  public RunResult {
    errors = Map.copyOf(errors);
    firstBodies = Map.copyOf(firstBodies);
  }

  static RunResult of(Scenario scenario, String load, Outcomes o, double seconds) {
    return new RunResult(
        scenario.label(),
        load,
        o.count(),
        o.ok(),
        o.fiveXx(),
        o.errors(),
        o.firstBodies(),
        seconds,
        scenario.eventsPerRequest(),
        Latencies.of(o.sorted()));
  }

  /** The same result under another scenario name. */
  public RunResult relabelled(String name) {
    return new RunResult(
        name, load, requests, ok, fiveXx, errors, firstBodies, seconds, eventsPerRequest, latency);
  }

  public double requestsPerSecond() {
    return requests / seconds;
  }

  /** Events the server accepted (2xx answers only) per second; 0 for reads. */
  public double eventsPerSecond() {
    return ok * (double) eventsPerRequest / seconds;
  }
}
