package io.strec.data.clean;

import io.strec.data.RawEvent;
import java.util.List;

/**
 * One cleaning step over raw events.
 *
 * @param <R> the step's report type
 */
public interface CleaningStep<R extends StepReport> {
  /**
   * Cleans {@code events} and reports what changed. The input list is not modified; the output
   * keeps the input order of the events that survive.
   */
  Cleaned<R> apply(List<RawEvent> events);
}
