package io.strec.server;

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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * A small built-in city served for real: generated, written and read back through the importer,
 * seeded into a SQLite store, a model trained and saved, the server started on a free loopback
 * port.
 */
final class ServedCity implements AutoCloseable {
  final City city;
  final Loaded loaded;
  final Path dir;
  final Path modelDir;
  final EventStore store;
  final ModelContext context;
  final Recommender recommender;
  final ApiKeys keys;
  final StrecServer server;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ServedCity(Path dir, String model, ServerSettings settings) throws Exception {
    this.dir = dir;
    this.city =
        SyntheticCity.generate(CityConfig.defaults(11).withUsers(30).withPois(60).withDays(14));
    CityWriter.write(city, dir.resolve("city"));
    try (RowPolicy policy = RowPolicy.fail()) {
      this.loaded = Loaded.read(TabularSource.ofDirectory(dir.resolve("city")), policy);
    }
    this.store = EventStore.open(dir.resolve("store.db"), StoreOptions.defaults());
    Seeding.seed(store, loaded, id -> city.hoursOf(id).toString());
    this.context = ModelContext.defaults();
    this.modelDir = dir.resolve("model");
    Training.trainAndSave(
        ModelRegistry.load().get(model), context, Training.allEvents(loaded), 1, modelDir);
    this.recommender =
        Recommender.open(
            modelDir, store, ModelRegistry.load(), context, Recommender.Settings.defaults());
    this.keys = ApiKeys.random(new SecureRandom());
    this.server = new StrecServer(recommender, keys, settings.withPort(0)).start();
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  HttpResponse<String> get(String path, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).GET();
    if (key != null) {
      b.header("X-API-Key", key);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  HttpResponse<String> send(String method, String path, String key, String json) throws Exception {
    return send(method, path, key, json, null);
  }

  HttpResponse<String> send(
      String method, String path, String key, String json, String idempotencyKey) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base() + path))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
            .header("Content-Type", "application/json");
    if (key != null) {
      b.header("X-API-Key", key);
    }
    if (idempotencyKey != null) {
      b.header("Idempotency-Key", idempotencyKey);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    server.close();
    recommender.close();
    store.close();
    context.close();
  }
}
