package io.strec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.app.Seeding;
import io.strec.app.Training;
import io.strec.app.store.EventStore;
import io.strec.app.store.StoreOptions;
import io.strec.data.Loaded;
import io.strec.data.RawEvent;
import io.strec.data.RowPolicy;
import io.strec.data.io.TabularSource;
import io.strec.data.synth.City;
import io.strec.data.synth.CityConfig;
import io.strec.data.synth.CityWriter;
import io.strec.data.synth.SyntheticCity;
import io.strec.model.ModelContext;
import io.strec.model.ModelRegistry;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strec recommend --store} answers through the same code as the server. */
class RecommendThroughStoreTest {
  @Test
  void recommendReadsTheStoreAndAppliesFilters(@TempDir Path tmp) throws Exception {
    City city =
        SyntheticCity.generate(CityConfig.defaults(3).withUsers(20).withPois(50).withDays(10));
    CityWriter.write(city, tmp.resolve("city"));
    Loaded loaded;
    try (RowPolicy policy = RowPolicy.fail()) {
      loaded = Loaded.read(TabularSource.ofDirectory(tmp.resolve("city")), policy);
    }
    Path store = tmp.resolve("store.db");
    try (EventStore s = EventStore.open(store, StoreOptions.defaults());
        ModelContext context = ModelContext.defaults()) {
      Seeding.seed(s, loaded, id -> city.hoursOf(id).toString());
      Training.trainAndSave(
          ModelRegistry.load().get("geo-pop"),
          context,
          Training.allEvents(loaded),
          1,
          tmp.resolve("model"));
    }
    RawEvent last = loaded.events().get(loaded.events().size() - 1);
    String[] base = {
      "recommend",
      "--model-dir",
      tmp.resolve("model").toString(),
      "--store",
      store.toString(),
      "--user",
      last.userId(),
      "--time",
      Long.toString(last.epochSecond() + 60),
      "--lat",
      Double.toString(last.latitude()),
      "--lon",
      Double.toString(last.longitude()),
      "-k",
      "5"
    };
    CliEndToEndTest.Result r = CliEndToEndTest.run(base);
    assertEquals(0, r.code(), r.err() + r.out());
    assertTrue(r.out().contains("model geo-pop v1"), r.out());
    assertEquals(5, r.out().lines().filter(l -> l.matches("\\s+\\d+\\s+.*")).count(), r.out());
    String[] near = java.util.Arrays.copyOf(base, base.length + 2);
    near[base.length] = "--radius-km";
    near[base.length + 1] = "1.5";
    CliEndToEndTest.Result n = CliEndToEndTest.run(near);
    assertEquals(0, n.code(), n.err());
    n.out()
        .lines()
        .filter(l -> l.matches("\\s+\\d+\\s+.*"))
        .forEach(
            l -> {
              String km = l.replaceAll(".*?\\s([0-9.]+) km.*", "$1");
              assertTrue(Double.parseDouble(km) <= 1.5, l);
            });
    base[6] = "nobody";
    CliEndToEndTest.Result u = CliEndToEndTest.run(base);
    assertEquals(2, u.code(), u.out());
    assertTrue(u.err().toLowerCase(Locale.ROOT).contains("unknown user 'nobody'"), u.err());
  }
}
