package io.strec.cli;

import io.strec.app.Recommender;
import io.strec.app.RetrievalSettings;
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
import io.strec.model.artifact.ModelProvenance;
import io.strec.server.ApiKeys;
import io.strec.server.ServerSettings;
import io.strec.server.StrecServer;
import io.strec.util.BadInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strec serve}: the HTTP API over a model directory and a SQLite store. With no arguments it
 * serves the built-in city, training the model first if there is none.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve recommendations over HTTP: a model directory plus a durable SQLite store of events and items.",
      "With no arguments: the built-in city in strec-out/serve (generated, stored and trained on first use),",
      "on 127.0.0.1:8080, with API keys written to strec-out/serve/keys.properties.",
      "An empty store is seeded from --dataset (any importer, same validation and reject file as 'import');",
      "a missing model directory is trained on every stored event of that dataset.",
      "Examples:",
      "  strec serve",
      "  strec serve --model-dir models/nyc --store nyc.db --dataset foursquare:CHECKINS --port 9000"
    })
final class ServeCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin DataOptions data;

  @Mixin EncoderOptions encoder;

  @Option(
      names = "--dir",
      defaultValue = "strec-out/serve",
      paramLabel = "DIR",
      description =
          "Where the defaults live: city/, model/, store.db, keys.properties (default ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--model-dir",
      paramLabel = "DIR",
      description = "Model directory (default DIR/model).")
  Path modelDir;

  @Option(
      names = "--store",
      paramLabel = "FILE",
      description = "SQLite store (default DIR/store.db).")
  Path storeFile;

  @Option(
      names = "--model",
      defaultValue = "stm",
      paramLabel = "NAME",
      description =
          "Model family to train when the model directory does not exist (default ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--seed",
      defaultValue = "1",
      paramLabel = "S",
      description = "Training seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--city-seed",
      defaultValue = "7",
      paramLabel = "S",
      description =
          "Seed of the built-in city when no --dataset is given (default ${DEFAULT-VALUE}).")
  long citySeed;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default ${DEFAULT-VALUE}, loopback only).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Port (default ${DEFAULT-VALUE}; 0 for any free port).")
  int port;

  @Option(
      names = "--keys",
      paramLabel = "FILE",
      description =
          "API keys file (read=, write=, admin=). Default: STREC_READ_KEY/STREC_WRITE_KEY/STREC_ADMIN_KEY, else DIR/keys.properties (created with random keys).")
  Path keysFile;

  @Option(
      names = "--synchronous",
      defaultValue = "full",
      paramLabel = "full|normal",
      description =
          "SQLite synchronous mode: full (default; an acknowledged event survives power loss) or normal.")
  String synchronous;

  @Option(
      names = "--coarsen",
      defaultValue = "0",
      paramLabel = "DEGREES",
      description =
          "Round stored event locations to a grid of this many degrees (privacy; default 0: exact). 0.01 is about 1 km.")
  double coarsen;

  @Option(
      names = "--max-in-flight",
      defaultValue = "64",
      paramLabel = "N",
      description = "Requests handled at once; more get 429 (default ${DEFAULT-VALUE}).")
  int maxInFlight;

  @Option(
      names = "--max-body",
      defaultValue = "1048576",
      paramLabel = "BYTES",
      description = "Largest request body (default ${DEFAULT-VALUE}).")
  long maxBody;

  @Option(
      names = "--epochs",
      defaultValue = "8",
      paramLabel = "N",
      description = "Epochs when training stm for the built-in city (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--op-threads",
      defaultValue = "1",
      paramLabel = "N",
      description =
          "Threads one tensor operation may use while serving (default ${DEFAULT-VALUE}: requests run"
              + " side by side, each on its own thread; training before serving uses every core).")
  int opThreads;

  @Option(
      names = "--candidates",
      defaultValue = "200",
      paramLabel = "N",
      description =
          "Items each approximate (HNSW) search of a large catalogue's two-stage retrieval returns"
              + " (default ${DEFAULT-VALUE}); more raise its recall, at some latency.")
  int candidates;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (candidates < 1) {
      throw new BadInputException("--candidates must be at least 1, not " + candidates);
    }
    Path models = modelDir != null ? modelDir : dir.resolve("model");
    Path storePath = storeFile != null ? storeFile : dir.resolve("store.db");
    StoreOptions.Synchronous sync =
        switch (synchronous) {
          case "full" -> StoreOptions.Synchronous.FULL;
          case "normal" -> StoreOptions.Synchronous.NORMAL;
          default ->
              throw new BadInputException(
                  "--synchronous must be full or normal, not '" + synchronous + "'");
        };
    StoreOptions options =
        BadInputException.parse(
            "--coarsen", Double.toString(coarsen), c -> new StoreOptions(sync, coarsen));
    if (opThreads < 1) {
      throw new BadInputException("--op-threads must be >= 1, got " + opThreads);
    }
    ServerSettings settings;
    try {
      settings = new ServerSettings(host, port, maxInFlight, maxBody);
    } catch (IllegalArgumentException e) {
      // The settings name the field and value: port, maxInFlight, maxBodyBytes.
      throw new BadInputException(e.getMessage(), e);
    }
    ApiKeys keys = keys(out);
    if (!data.given()
        && model.equals("stm")
        && encoder.modelConfig.stream().noneMatch(c -> c.startsWith("stm:"))) {
      encoder.modelConfig.add(0, "stm:epochs=" + epochs);
    }
    ModelContext context = encoder.context(out);
    EventStore store = EventStore.open(storePath, options);
    Recommender rec = null;
    StrecServer server = null;
    try {
      prepare(out, store, models, context);
      rec = open(models, store, context);
      server = new StrecServer(rec, keys, settings).start();
      printBanner(out, rec, store, server.port(), keys);
      CountDownLatch stop = new CountDownLatch(1);
      StrecServer s = server;
      Recommender r = rec;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    s.close();
                    r.close();
                    store.close();
                    context.close();
                    stop.countDown();
                  },
                  "strec-shutdown"));
      stop.await();
      return Main.OK;
    } catch (Exception | Error e) {
      if (server != null) {
        server.close();
      }
      if (rec != null) {
        rec.close();
      }
      store.close();
      context.close();
      throw e;
    }
  }

  /**
   * Opens the recommender on a thread of its own while this (main) thread loads the tensor engine
   * and sets its op threads (seconds, which then pass while the model's files are read and
   * checked); the model waits for the setting before its first use of the engine.
   */
  private Recommender open(Path models, EventStore store, ModelContext context)
      throws IOException, InterruptedException {
    io.strec.stm.Devices.holdUntilOpThreadsSet();
    CompletableFuture<Recommender> opening =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Recommender.open(
                    models,
                    store,
                    ModelRegistry.load(),
                    context,
                    Recommender.Settings.defaults()
                        .withRetrieval(RetrievalSettings.defaults().withCandidates(candidates)));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            task -> {
              Thread t = new Thread(task, "strec-open");
              t.setDaemon(true);
              t.start();
            });
    try {
      io.strec.stm.Devices.setOpThreads(opThreads);
    } catch (RuntimeException | Error e) {
      io.strec.stm.Devices.releaseOpThreadsHold();
      try {
        opening.join().close();
      } catch (CompletionException other) {
        e.addSuppressed(other.getCause());
      }
      throw e;
    }
    try {
      return opening.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("opening the recommender failed", cause);
    }
  }

  /** Seeds an empty store and trains a missing model. */
  private void prepare(PrintWriter out, EventStore store, Path models, ModelContext context)
      throws Exception {
    boolean needStore = store.eventCount() == 0 && store.items().isEmpty();
    boolean needModel = !Files.exists(models);
    if (!needStore && !needModel) {
      return;
    }
    Loaded loaded;
    Function<String, String> hours;
    if (data.given()) {
      try (RowPolicy policy = data.policy()) {
        loaded = data.load(out, policy);
        DataOptions.printCounts(out, policy);
      }
      hours = openingHours(data.spec());
    } else {
      City city = SyntheticCity.generate(CityConfig.defaults(citySeed));
      Path cityDir = dir.resolve("city");
      CityWriter.write(city, cityDir);
      try (RowPolicy policy = RowPolicy.fail()) {
        loaded = Loaded.read(TabularSource.ofDirectory(cityDir), policy);
      }
      hours = id -> city.hoursOf(id).toString();
      out.printf(
          Locale.ROOT,
          "built-in city (seed %d): %d places, %d check-ins -> %s%n",
          citySeed,
          loaded.items().size(),
          loaded.events().size(),
          cityDir);
    }
    if (needStore) {
      Seeding.Seeded s = Seeding.seed(store, loaded, hours);
      out.printf(
          Locale.ROOT,
          "store %s seeded: %d items, %d events%n",
          store.file(),
          s.items(),
          s.events());
    }
    if (needModel) {
      out.printf(
          Locale.ROOT,
          "training %s on every event (model directory %s does not exist yet)...%n",
          model,
          models);
      long t0 = System.nanoTime();
      ModelProvenance p =
          Training.trainAndSave(
              ModelRegistry.load().get(model), context, Training.allEvents(loaded), seed, models);
      out.printf(
          Locale.ROOT,
          "trained %s in %.1f s (%s); written to %s%n",
          p.model(),
          (System.nanoTime() - t0) / 1e9,
          p.config(),
          models);
    }
  }

  /**
   * The opening hours of a {@code strec:DIR} data set (the {@code opening_hours} field of its
   * items.jsonl, as the built-in city writes it); none for other formats.
   */
  private static Function<String, String> openingHours(io.strec.data.io.DatasetSpec spec)
      throws java.io.IOException {
    Path items = spec.location().resolve("items.jsonl");
    if (spec.kind() != io.strec.data.io.DatasetKind.STREC || !Files.isRegularFile(items)) {
      return id -> "";
    }
    java.util.Map<String, String> byId = new java.util.HashMap<>();
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    try (java.io.BufferedReader r =
        Files.newBufferedReader(items, java.nio.charset.StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        com.fasterxml.jackson.databind.JsonNode o = json.readTree(line);
        if (o.hasNonNull("id") && o.hasNonNull("opening_hours")) {
          byId.put(o.get("id").asText(), o.get("opening_hours").asText());
        }
      }
    }
    return id -> byId.getOrDefault(id, "");
  }

  private ApiKeys keys(PrintWriter out) throws java.io.IOException {
    if (keysFile != null) {
      return ApiKeys.fromFile(keysFile);
    }
    Optional<ApiKeys> env = ApiKeys.fromEnvironment(System.getenv());
    if (env.isPresent()) {
      return env.get();
    }
    Path f = dir.resolve("keys.properties");
    if (Files.exists(f)) {
      return ApiKeys.fromFile(f);
    }
    ApiKeys k = ApiKeys.random(new SecureRandom());
    k.writeTo(f);
    out.println("new API keys written to " + f + " (owner-readable only)");
    return k;
  }

  private void printBanner(
      PrintWriter out, Recommender rec, EventStore store, int boundPort, ApiKeys keys) {
    String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + boundPort;
    String user = store.anyUser().orElse("USER");
    out.printf(
        Locale.ROOT,
        "strec serve: model %s v%d (%d items) over %s (%d events), listening on %s%n",
        rec.model().name(),
        rec.model().version(),
        rec.model().items(),
        store.file(),
        store.eventCount(),
        base);
    out.println(
        "API: "
            + base
            + "/openapi.json   health: "
            + base
            + "/health/ready   metrics: "
            + base
            + "/metrics");
    // The read key goes in the fragment: the browser keeps it and never sends it to the server.
    out.println(
        "demo: "
            + base
            + "/#key="
            + keys.readKey()
            + "   (check-ins from the page need the write key: paste it there)");
    out.println("try:");
    out.println(
        "  curl -s -H 'X-API-Key: "
            + keys.readKey()
            + "' '"
            + base
            + "/v1/users/"
            + user
            + "/recommendations?k=5&explain=true'");
    store
        .firstPlacedItem()
        .ifPresent(
            i -> {
              out.println(
                  "  curl -s -X POST -H 'X-API-Key: "
                      + keys.writeKey()
                      + "' -H 'Content-Type: application/json' \\");
              out.printf(
                  Locale.ROOT,
                  "       -d '{\"events\":[{\"user\":\"%s\",\"item\":\"%s\",\"lat\":%s,\"lon\":%s,\"type\":\"checkin\"}]}' %s/v1/events%n",
                  user,
                  i.id(),
                  i.latitude(),
                  i.longitude(),
                  base);
            });
    out.println("stop with Ctrl-C");
  }
}
