package io.strec.data.clean;

import io.strec.data.RawEvent;
import java.util.List;
import java.util.Objects;

/**
 * The output of a cleaning step: the surviving events (an immutable list) and the report.
 *
 * @param <R> the report type
 */
public record Cleaned<R extends StepReport>(List<RawEvent> events, R report) {
  public Cleaned {
    events = List.copyOf(events);
    Objects.requireNonNull(report, "report");
    if (events.size() != report.eventsOut()) {
      throw new IllegalStateException(
          "report says " + report.eventsOut() + " events out but the list has " + events.size());
    }
  }
}
