package io.strec.data.clean;

import io.strec.data.RawEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs cleaning steps one after another and collects their reports.
 *
 * <p>The {@link #builder()} assembles the standard sequence: deduplicate, then fill or drop missing
 * values, then k-core filtering last, because the earlier steps remove events and so change the
 * counts the k-core depends on. {@link #of(List)} runs any steps in any order.
 */
public final class Cleaner implements CleaningStep<CleaningReport> {
  private final List<CleaningStep<?>> steps;

  private Cleaner(List<? extends CleaningStep<?>> steps) {
    this.steps = List.copyOf(steps);
  }

  /** A cleaner that runs {@code steps} in the given order. */
  public static Cleaner of(List<? extends CleaningStep<?>> steps) {
    return new Cleaner(steps);
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<CleaningStep<?>> steps() {
    return steps;
  }

  @Override
  public Cleaned<CleaningReport> apply(List<RawEvent> events) {
    List<StepReport> reports = new ArrayList<>(steps.size());
    List<RawEvent> current = events;
    for (CleaningStep<?> step : steps) {
      Cleaned<?> result = step.apply(current);
      reports.add(result.report());
      current = result.events();
    }
    return new Cleaned<>(current, new CleaningReport(events.size(), reports));
  }

  /** Builds the standard sequence; every step is off until asked for. */
  public static final class Builder {
    private boolean deduplicate;
    private MissingValuePolicy missingValues;
    private KCore kCore;

    private Builder() {}

    /** Removes exact duplicates first (default: off). */
    public Builder optDeduplicate(boolean on) {
      this.deduplicate = on;
      return this;
    }

    /** Drops or fills missing values after deduplication (default: off). */
    public Builder optMissingValues(MissingValuePolicy policy) {
      this.missingValues = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Filters to the k-core last (default: off). */
    public Builder optKCore(int minUserEvents, int minItemEvents) {
      this.kCore = new KCore(minUserEvents, minItemEvents);
      return this;
    }

    public Cleaner build() {
      List<CleaningStep<?>> steps = new ArrayList<>();
      if (deduplicate) {
        steps.add(new Deduplicate());
      }
      if (missingValues != null) {
        steps.add(new MissingValues(missingValues));
      }
      if (kCore != null) {
        steps.add(kCore);
      }
      return new Cleaner(steps);
    }
  }
}
