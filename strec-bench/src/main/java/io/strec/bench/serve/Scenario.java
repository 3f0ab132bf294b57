package io.strec.bench.serve;

import java.net.http.HttpRequest;
import java.util.Arrays;
import java.util.SplittableRandom;

/** One kind of request a run repeats. */
public enum Scenario {
  /** {@code GET /v1/users/{id}/recommendations?k=K}, no filters. */
  RECOMMEND("recommend", 0),
  /** The same at a random item's place: {@code radius_km=2}, one of its categories, seen items. */
  RECOMMEND_FILTERED("recommend-filtered", 0),
  /** {@code POST /v1/events} with one event. */
  INGEST_SINGLE("ingest-single", 1),
  /** {@code POST /v1/events} with 100 events. */
  INGEST_BATCH("ingest-batch", 100),
  /** {@code GET /health/live}: the HTTP stack alone, the same-run reference. */
  HEALTH_LIVE("health-live", 0);

  private final String label;
  private final int events;

  Scenario(String label, int events) {
    this.label = label;
    this.events = events;
  }

  /** The name on the command line and in reports. */
  public String label() {
    return label;
  }

  /** Events each request carries; 0 for reads. */
  public int eventsPerRequest() {
    return events;
  }

  /** The next request, its user, item and place drawn from {@code rnd}. */
  public HttpRequest request(Requests requests, SplittableRandom rnd) {
    return switch (this) {
      case RECOMMEND -> requests.recommend(rnd, false);
      case RECOMMEND_FILTERED -> requests.recommend(rnd, true);
      case INGEST_SINGLE, INGEST_BATCH -> requests.ingest(rnd, events);
      case HEALTH_LIVE -> requests.live();
    };
  }

  static Scenario named(String label) {
    for (Scenario s : values()) {
      if (s.label.equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown scenario '"
            + label
            + "'; known: "
            + Arrays.stream(values()).map(Scenario::label).toList());
  }
}
