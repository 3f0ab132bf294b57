package io.strec.data.synth;

import io.strec.data.Item;
import io.strec.data.Provenance;
import io.strec.data.RawEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates the built-in check-in data set: a believable city of named places in eight
 * neighbourhoods and the check-ins of its residents over a few weeks.
 *
 * <p>The data carries the three signals STREC's models are meant to find. <b>Time</b>: what people
 * do depends on the hour and the weekday (coffee before work, lunch near the office, bars on Friday
 * night, parks and museums at weekends), and only open places are visited. <b>Space</b>: places are
 * chosen with a weight that decays with distance from where the person sets out. <b>Text</b>: each
 * person has a taste over categories and visits several places of the categories they like, whose
 * descriptions share the category's words.
 *
 * <p>The output depends only on the config: places come from one random stream, each resident from
 * a stream derived from the seed and the resident's number, so residents could be generated in any
 * order or in parallel with the same result.
 */
public final class SyntheticCity {
  /** The {@link Provenance#source()} of every generated event. */
  public static final String SOURCE = "synthetic-city";

  /** The {@link RawEvent#type()} of every generated event. */
  public static final String CHECKIN = "checkin";

  private static final long PLACES_STREAM = 1;
  private static final long RESIDENTS_STREAM = 2;

  private SyntheticCity() {}

  public static City generate(CityConfig config) {
    Projection projection = new Projection(config.centerLatitude(), config.centerLongitude());
    List<Poi> pois =
        PoiGenerator.generate(
            config,
            projection,
            new SplittableRandom(Sampling.derive(config.seed(), PLACES_STREAM, 0)));
    Places places = new Places(pois);

    int width = Math.max(3, Integer.toString(config.users()).length());
    List<RawEvent> events = new ArrayList<>();
    long sequence = 0;
    for (int u = 0; u < config.users(); u++) {
      String user = String.format(java.util.Locale.ROOT, "u-%0" + width + "d", u + 1);
      SplittableRandom rng =
          new SplittableRandom(Sampling.derive(config.seed(), RESIDENTS_STREAM, u));
      List<Resident.Checkin> checkins =
          new ArrayList<>(new Resident(config, projection, places, rng).live());
      checkins.sort(Comparator.comparingLong(Resident.Checkin::epochSecond));
      for (Resident.Checkin c : checkins) {
        Item poi = pois.get(c.poi()).item();
        events.add(
            new RawEvent(
                user,
                poi.id(),
                c.epochSecond(),
                config.tzOffsetMinutes(),
                c.latitude(),
                c.longitude(),
                CHECKIN,
                Double.NaN,
                "",
                "",
                Provenance.generated(SOURCE, ++sequence)));
      }
    }

    List<Item> items = new ArrayList<>(pois.size());
    Map<String, OpeningHours> hours = new HashMap<>();
    for (Poi p : pois) {
      items.add(p.item());
      hours.put(p.item().id(), p.category().hours());
    }
    return new City(config, items, hours, events);
  }
}
