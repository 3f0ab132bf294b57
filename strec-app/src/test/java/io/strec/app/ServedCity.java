package io.strec.app;

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
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The set-up of the tests that serve a real model: a synthetic city written in STREC's layout and
 * read back, seeded into a real SQLite store, and {@code stm} (2 epochs) trained on every event and
 * saved to {@code dir/model}. The clock stands one hour after the last event.
 */
final class ServedCity implements AutoCloseable {
  final Path dir;
  final City city;
  final Loaded loaded;
  final EventStore store;
  final ModelContext context;
  final long now;

  private ServedCity(
      Path dir, City city, Loaded loaded, EventStore store, ModelContext context, long now) {
    this.dir = dir;
    this.city = city;
    this.loaded = loaded;
    this.store = store;
    this.context = context;
    this.now = now;
  }

  static ServedCity build(Path dir, CityConfig config) throws IOException {
    City city = SyntheticCity.generate(config);
    CityWriter.write(city, dir.resolve("city"));
    Loaded loaded;
    try (RowPolicy policy = RowPolicy.fail()) {
      loaded = Loaded.read(TabularSource.ofDirectory(dir.resolve("city")), policy);
    }
    EventStore store = EventStore.open(dir.resolve("store.db"), StoreOptions.defaults());
    Seeding.seed(store, loaded, id -> city.hoursOf(id).toString());
    ModelContext context = ModelContext.defaults().withSettings("stm", "epochs=2,patience=0");
    Training.trainAndSave(
        ModelRegistry.load().get("stm"),
        context,
        Training.allEvents(loaded),
        1,
        dir.resolve("model"));
    long now = loaded.events().stream().mapToLong(RawEvent::epochSecond).max().orElseThrow() + 3600;
    return new ServedCity(dir, city, loaded, store, context, now);
  }

  Path model() {
    return dir.resolve("model");
  }

  Clock clock() {
    return Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC);
  }

  /** A recommender over the saved model and the store, with these limits and retrieval. */
  Recommender open(RetrievalSettings retrieval) throws IOException {
    return Recommender.open(
        model(),
        store,
        ModelRegistry.load(),
        context,
        new Recommender.Settings(1000, 200, 1000, 1000, clock()).withRetrieval(retrieval));
  }

  @Override
  public void close() {
    try {
      store.close();
    } finally {
      context.close();
    }
  }
}
