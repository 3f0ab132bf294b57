package io.strec.data.clean;

import io.strec.data.RawEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes exact duplicates: events equal in every field except their provenance. The first
 * occurrence is kept.
 *
 * <p>Doubles are compared as {@link Double#equals} does, so two missing (NaN) values are equal,
 * while {@code 0.0} and {@code -0.0} are not.
 */
public final class Deduplicate implements CleaningStep<Deduplicate.Report> {

  /**
   * What deduplication removed.
   *
   * @param eventsIn events given
   * @param duplicatesRemoved events removed as duplicates of an earlier event
   */
  public record Report(int eventsIn, int duplicatesRemoved) implements StepReport {
    public Report {
      if (duplicatesRemoved < 0 || duplicatesRemoved > eventsIn) {
        throw new IllegalArgumentException(
            "duplicates removed " + duplicatesRemoved + " outside [0, " + eventsIn + "]");
      }
    }

    @Override
    public int eventsOut() {
      return eventsIn - duplicatesRemoved;
    }

    @Override
    public String summary() {
      return "deduplicate: "
          + eventsIn
          + " -> "
          + eventsOut()
          + " events ("
          + duplicatesRemoved
          + " exact duplicates removed)";
    }
  }

  /** Every field of {@link RawEvent} but the provenance; record equality gives NaN == NaN. */
  private record Key(
      String userId,
      String itemId,
      long epochSecond,
      int tzOffsetMinutes,
      double latitude,
      double longitude,
      String type,
      double weight,
      String split,
      String group) {
    static Key of(RawEvent e) {
      return new Key(
          e.userId(),
          e.itemId(),
          e.epochSecond(),
          e.tzOffsetMinutes(),
          e.latitude(),
          e.longitude(),
          e.type(),
          e.weight(),
          e.split(),
          e.group());
    }
  }

  @Override
  public Cleaned<Report> apply(List<RawEvent> events) {
    Set<Key> seen = new HashSet<>(events.size() * 2);
    List<RawEvent> out = new ArrayList<>(events.size());
    for (RawEvent e : events) {
      if (seen.add(Key.of(e))) {
        out.add(e);
      }
    }
    return new Cleaned<>(out, new Report(events.size(), events.size() - out.size()));
  }
}
