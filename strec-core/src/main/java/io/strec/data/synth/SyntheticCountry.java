package io.strec.data.synth;

import io.strec.data.Item;
import io.strec.data.RawEvent;
import io.strec.util.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A whole country of synthetic cities, for catalogues of 10^5 to 10^7 places: each city is a {@link
 * SyntheticCity} (places with categories, names, descriptions and opening hours in neighbourhoods;
 * residents with routines by hour and weekday) centred at its own place in a country about 780 km
 * by 870 km, with its own residents. Ids carry the city ({@code c0007-poi- 00042}, {@code
 * c0007-u-013}).
 *
 * <p>The files are written city by city, so memory does not grow with the catalogue, in STREC's own
 * layout ({@code events.csv}, {@code items.jsonl}, {@code README.md}; read back with {@code
 * strec:DIR}). The output depends only on the config; nothing of it is ever committed.
 */
public final class SyntheticCountry {
  private static final double MIN_LAT = 43.0;
  private static final double MAX_LAT = 50.0;
  private static final double MIN_LON = -4.0;
  private static final double MAX_LON = 8.0;
  private static final double MIN_SEPARATION_KM = 20;
  private static final long CENTRES_STREAM = 3;
  private static final long CITIES_STREAM = 4;

  private SyntheticCountry() {}

  /**
   * What to generate.
   *
   * @param items places in the whole country
   * @param citySize places per city (the last city takes the rest, at least one per category)
   * @param itemsPerUser places per resident: sets how many people live in each city
   * @param days days of check-ins
   */
  public record Config(long seed, int items, int citySize, double itemsPerUser, int days) {
    public Config {
      int minPois = Category.values().length;
      if (items < minPois) {
        throw new IllegalArgumentException(
            "items must be at least " + minPois + " (one per category): " + items);
      }
      if (citySize < minPois) {
        throw new IllegalArgumentException(
            "citySize must be at least " + minPois + ": " + citySize);
      }
      if (!(itemsPerUser >= 1) || Double.isInfinite(itemsPerUser)) {
        throw new IllegalArgumentException("itemsPerUser must be >= 1: " + itemsPerUser);
      }
      if (days < 1 || days > 3660) {
        throw new IllegalArgumentException("days outside [1, 3660]: " + days);
      }
    }

    /** Cities of 20,000 places, one resident per 25 places, four weeks. */
    public static Config defaults(long seed, int items) {
      return new Config(seed, items, 20_000, 25, 28);
    }

    /** Number of cities. */
    public int cities() {
      return Math.max(1, items / citySize);
    }
  }

  /** What was written. */
  public record Summary(int cities, long items, long users, long events) {}

  /**
   * Writes the country into {@code dir} (created; existing files of the same names replaced only
   * once all are written). {@code log} gets a line per city with the rate and time left.
   */
  public static Summary write(Config config, Path dir, Consumer<String> log) throws IOException {
    int cities = config.cities();
    double[][] centres = centres(config.seed(), cities);
    long nItems = 0;
    long nUsers = 0;
    long nEvents = 0;
    long start = System.nanoTime();
    try (AtomicFiles.Batch batch = new AtomicFiles.Batch()) {
      try (BufferedWriter ev =
              Files.newBufferedWriter(
                  batch.temp(dir.resolve(CityWriter.EVENTS_FILE)), StandardCharsets.UTF_8);
          BufferedWriter it =
              Files.newBufferedWriter(
                  batch.temp(dir.resolve(CityWriter.ITEMS_FILE)), StandardCharsets.UTF_8)) {
        ev.write(CityWriter.EVENTS_HEADER);
        ev.write('\n');
        for (int c = 0; c < cities; c++) {
          int pois = c < cities - 1 ? config.citySize() : config.items() - c * config.citySize();
          int users = Math.max(1, (int) Math.round(pois / config.itemsPerUser()));
          CityConfig cc =
              CityConfig.defaults(Sampling.derive(config.seed(), CITIES_STREAM, c))
                  .withPois(pois)
                  .withUsers(users)
                  .withDays(config.days())
                  .withCenter(centres[c][0], centres[c][1]);
          City city = SyntheticCity.generate(cc);
          String prefix = String.format(Locale.ROOT, "c%04d-", c + 1);
          for (Item item : city.pois()) {
            Item renamed =
                new Item(
                    prefix + item.id(),
                    item.title(),
                    item.categories(),
                    item.brand(),
                    item.description(),
                    item.latitude(),
                    item.longitude());
            it.write(CityWriter.itemJson(renamed, city.hoursOf(item.id())));
            it.write('\n');
          }
          writeEvents(city.events(), prefix, ev);
          nItems += city.pois().size();
          nUsers += users;
          nEvents += city.events().size();
          double s = (System.nanoTime() - start) / 1e9;
          log.accept(
              String.format(
                  Locale.ROOT,
                  "city %d of %d: %,d places, %,d check-ins so far (%.0f places/s, %.0f s left)",
                  c + 1,
                  cities,
                  nItems,
                  nEvents,
                  nItems / s,
                  (config.items() - nItems) / Math.max(1e-9, nItems / s)));
        }
      }
      // Both writers are closed, so flushed, before the files are moved into place.
      Summary summary = new Summary(cities, nItems, nUsers, nEvents);
      Files.writeString(
          batch.temp(dir.resolve(CityWriter.README_FILE)),
          readme(config, summary),
          StandardCharsets.UTF_8);
      batch.commit();
      return summary;
    }
  }

  private static void writeEvents(List<RawEvent> events, String prefix, BufferedWriter w)
      throws IOException {
    StringBuilder line = new StringBuilder(128);
    for (RawEvent e : events) {
      line.setLength(0);
      line.append(CityWriter.csv(prefix + e.userId()))
          .append(',')
          .append(CityWriter.csv(prefix + e.itemId()))
          .append(',')
          .append(Instant.ofEpochSecond(e.epochSecond()))
          .append(',')
          .append(e.tzOffsetMinutes())
          .append(',');
      CityWriter.degrees(e.latitude(), line);
      line.append(',');
      CityWriter.degrees(e.longitude(), line);
      line.append(',').append(CityWriter.csv(e.type())).append(",\n");
      w.append(line);
    }
  }

  /**
   * City centres, uniform over the country and at least {@value #MIN_SEPARATION_KM} km apart
   * (closer draws are redrawn; after many failures the separation is relaxed for the rest).
   */
  static double[][] centres(long seed, int cities) {
    SplittableRandom rnd = new SplittableRandom(Sampling.derive(seed, CENTRES_STREAM, 0));
    List<double[]> out = new ArrayList<>();
    double separation = MIN_SEPARATION_KM;
    int misses = 0;
    while (out.size() < cities) {
      double lat = MIN_LAT + rnd.nextDouble() * (MAX_LAT - MIN_LAT);
      double lon = MIN_LON + rnd.nextDouble() * (MAX_LON - MIN_LON);
      boolean clear = true;
      for (double[] c : out) {
        if (io.strec.util.Geo.haversineKm(lat, lon, c[0], c[1]) < separation) {
          clear = false;
          break;
        }
      }
      if (clear) {
        out.add(new double[] {lat, lon});
        misses = 0;
      } else if (++misses > 1000) {
        separation /= 2;
        misses = 0;
      }
    }
    return out.toArray(new double[0][]);
  }

  private static String readme(Config config, Summary s) {
    return "# STREC synthetic country\n\n"
        + "Made-up places and check-ins in "
        + s.cities()
        + " synthetic cities spread over a country about 780 km by 870 km, generated by\n"
        + "`io.strec.data.synth.SyntheticCountry`. Nothing here describes real people or venues.\n\n"
        + "- config: `"
        + config
        + "`\n- places: "
        + s.items()
        + ", residents: "
        + s.users()
        + ", check-ins: "
        + s.events()
        + "\n\nFiles as for the synthetic city: `events.csv` ("
        + CityWriter.EVENTS_HEADER
        + ") and `items.jsonl`.\nThe same config always produces the same files.\n";
  }
}
