package io.strec.data.synth;

import io.strec.data.Item;
import io.strec.data.RawEvent;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A generated city: its places and its residents' check-ins.
 *
 * @param config what generated it
 * @param pois the places, in id order
 * @param openingHours the daily opening hours of every place, by item id
 * @param events check-ins sorted by user id, then time
 */
public record City(
    CityConfig config,
    List<Item> pois,
    Map<String, OpeningHours> openingHours,
    List<RawEvent> events) {
  public City {
    Objects.requireNonNull(config, "config");
    pois = List.copyOf(pois);
    openingHours = Map.copyOf(openingHours);
    events = List.copyOf(events);
    for (Item p : pois) {
      if (!openingHours.containsKey(p.id())) {
        throw new IllegalArgumentException("no opening hours for place " + p.id());
      }
    }
    if (openingHours.size() != pois.size()) {
      throw new IllegalArgumentException(
          "opening hours for " + openingHours.size() + " places but " + pois.size() + " places");
    }
  }

  /** The opening hours of place {@code itemId}; fails for an unknown id. */
  public OpeningHours hoursOf(String itemId) {
    OpeningHours h = openingHours.get(itemId);
    if (h == null) {
      throw new IllegalArgumentException("unknown place: " + itemId);
    }
    return h;
  }
}
