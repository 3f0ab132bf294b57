package io.strec.app;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Hard filters of a recommendation request; all given filters must hold (they combine with AND; the
 * categories among themselves with OR). Applied before ranking, so a filtered item never shows.
 *
 * @param radiusKm only items within this distance of the query place (items without a place are
 *     dropped)
 * @param categories only items in at least one of these categories; empty for any
 * @param openAt only items whose opening hours include this instant, in the query's local time
 *     (items with unknown hours are dropped)
 * @param exclude item ids never to return (unknown ids are ignored)
 * @param includeSeen whether items the user already interacted with may be returned
 */
public record Filters(
    OptionalDouble radiusKm,
    List<String> categories,
    OptionalLong openAt,
    List<String> exclude,
    boolean includeSeen) {
  public Filters {
    categories = List.copyOf(categories);
    exclude = List.copyOf(exclude);
    if (radiusKm.isPresent()) {
      double r = radiusKm.getAsDouble();
      if (!(r > 0) || Double.isInfinite(r) || r > 20_050) {
        throw AppException.invalid("radius_km", "radius_km must be in (0, 20050] km, got " + r);
      }
    }
  }

  /** No filter but the default: seen items are excluded. */
  public static Filters none() {
    return new Filters(OptionalDouble.empty(), List.of(), OptionalLong.empty(), List.of(), false);
  }
}
