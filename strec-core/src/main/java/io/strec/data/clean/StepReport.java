package io.strec.data.clean;

/**
 * What a cleaning step did, as counts. Every implementation is an immutable record whose counts add
 * up: {@code eventsIn - eventsOut} events were removed, each for a reason the report names.
 */
public interface StepReport {
  /** Number of events the step was given. */
  int eventsIn();

  /** Number of events the step returned. */
  int eventsOut();

  default int removed() {
    return eventsIn() - eventsOut();
  }

  /** A human-readable account: one line for a single step, one line per step for a sequence. */
  String summary();
}
