package io.strec.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.strec.app.IngestReceipt;
import io.strec.app.Recommender;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What {@code /metrics} reports: latency per route (histograms, so p50/p90/p99 can be read), events
 * ingested, duplicated and rejected, the lag from an event's arrival to its visibility in
 * recommendations, requests refused for capacity, and the served model's version and size.
 */
final class ServerMetrics {
  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
  private final Counter ingested;
  private final Counter duplicates;
  private final Counter rejected;
  private final Counter busy;
  private final Counter swaps;
  private final Timer lag;

  ServerMetrics(MeterRegistry registry, Recommender rec) {
    this.registry = registry;
    this.ingested =
        Counter.builder("strec.events.ingested").description("events stored").register(registry);
    this.duplicates =
        Counter.builder("strec.events.duplicate")
            .description("events not stored again: same event_id and content, or a replayed batch")
            .register(registry);
    this.rejected =
        Counter.builder("strec.events.rejected")
            .description("events in batches refused as a whole")
            .register(registry);
    this.busy =
        Counter.builder("strec.requests.refused")
            .description("requests refused with 429 because the server was at capacity")
            .register(registry);
    this.swaps = Counter.builder("strec.model.swaps").description("model swaps").register(registry);
    this.lag =
        Timer.builder("strec.events.visible.lag")
            .description(
                "from the arrival of a batch to its events being visible to recommendations")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(100_000))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
    Gauge.builder("strec.model.version", rec, r -> r.model().version())
        .description("version of the served model (grows with each swap or catalogue change)")
        .register(registry);
    Gauge.builder("strec.model.items", rec, r -> r.model().items())
        .description("items in the served catalogue")
        .register(registry);
    Gauge.builder("strec.retrieval.recall", rec, r -> r.retrievalRecall().meanAt10())
        .description(
            "two-stage retrieval: mean share of the exact top k found, over sampled live queries"
                + " (NaN until a two-stage query was sampled)")
        .tag("k", "10")
        .register(registry);
    Gauge.builder("strec.retrieval.recall", rec, r -> r.retrievalRecall().meanAt100())
        .description(
            "two-stage retrieval: mean share of the exact top k found, over sampled live queries"
                + " (NaN until a two-stage query was sampled)")
        .tag("k", "100")
        .register(registry);
    Gauge.builder("strec.retrieval.recall.samples", rec, r -> r.retrievalRecall().samples())
        .description("live two-stage queries whose recall was measured")
        .register(registry);
  }

  void request(String method, String route, int status, long nanos) {
    String key = method + " " + route + " " + status;
    timers
        .computeIfAbsent(
            key,
            k ->
                Timer.builder("strec.http.requests")
                    .description("HTTP requests by route pattern and status")
                    .tag("method", method)
                    .tag("route", route)
                    .tag("status", Integer.toString(status))
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(50_000))
                    .maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void eventsIngested(IngestReceipt r) {
    ingested.increment(r.stored());
    duplicates.increment(r.replayed() ? r.stored() + r.duplicates() : r.duplicates());
    if (!r.replayed()) {
      lag.record(r.visibleNanos(), TimeUnit.NANOSECONDS);
    }
  }

  void eventsRejected(int n) {
    rejected.increment(n);
  }

  void rejectedBusy() {
    busy.increment();
  }

  void modelSwapped() {
    swaps.increment();
  }
}
