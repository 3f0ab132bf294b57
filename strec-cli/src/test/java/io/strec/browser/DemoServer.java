package io.strec.browser;

import io.strec.app.Recommender;
import io.strec.app.Seeding;
import io.strec.app.Training;
import io.strec.app.store.EventStore;
import io.strec.app.store.StoreOptions;
import io.strec.data.Loaded;
import io.strec.data.RowPolicy;
import io.strec.data.io.TabularSource;
import io.strec.data.synth.City;
import io.strec.data.synth.CityConfig;
import io.strec.data.synth.CityWriter;
import io.strec.data.synth.SyntheticCity;
import io.strec.model.ModelContext;
import io.strec.model.ModelRegistry;
import io.strec.server.ApiKeys;
import io.strec.server.ServerSettings;
import io.strec.server.StrecServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * A small built-in city served for real, in this JVM, the way {@code strec serve} does it: the city
 * generated and read back through the importer, seeded into a SQLite store, a small {@code stm}
 * ({@link #STM}) trained and saved, then served on a free loopback port with fresh keys.
 */
final class DemoServer implements AutoCloseable {
  /** A small network, two epochs: what the demo shows is the serving path, not model quality. */
  static final String STM = "epochs=2,patience=0,dim=32,layers=1";

  final Loaded loaded;
  final EventStore store;
  final ModelContext context;
  final Recommender recommender;
  final ApiKeys keys;
  final StrecServer server;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  DemoServer(Path dir, CityConfig config) throws Exception {
    City city = SyntheticCity.generate(config);
    CityWriter.write(city, dir.resolve("city"));
    try (RowPolicy policy = RowPolicy.fail()) {
      loaded = Loaded.read(TabularSource.ofDirectory(dir.resolve("city")), policy);
    }
    store = EventStore.open(dir.resolve("store.db"), StoreOptions.defaults());
    Seeding.seed(store, loaded, id -> city.hoursOf(id).toString());
    context = ModelContext.defaults().withSettings("stm", STM);
    Path model = dir.resolve("model");
    Training.trainAndSave(
        ModelRegistry.load().get("stm"), context, Training.allEvents(loaded), 1, model);
    recommender =
        Recommender.open(
            model, store, ModelRegistry.load(), context, Recommender.Settings.defaults());
    keys = ApiKeys.random(new SecureRandom());
    server = new StrecServer(recommender, keys, ServerSettings.defaults().withPort(0)).start();
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  /** GET with the read key; fails naming the path and the answer unless it is 200. */
  String get(String pathAndQuery) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + pathAndQuery))
                .header("X-API-Key", keys.readKey())
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + pathAndQuery + " -> " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  @Override
  public void close() {
    try (store;
        context) {
      server.close();
      recommender.close();
    }
  }
}
