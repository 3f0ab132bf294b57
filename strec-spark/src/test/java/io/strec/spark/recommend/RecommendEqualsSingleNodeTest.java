package io.strec.spark.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.app.Filters;
import io.strec.app.RecommendRequest;
import io.strec.app.Recommendation;
import io.strec.app.Recommendations;
import io.strec.app.Recommender;
import io.strec.app.Seeding;
import io.strec.app.Training;
import io.strec.app.store.EventStore;
import io.strec.app.store.StoreOptions;
import io.strec.data.Item;
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
import io.strec.spark.LocalSpark;
import io.strec.spark.ingest.SourceRef;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every user's top K from {@code strec-spark recommend} on {@code local[2]} equals what the
 * single-node service ({@link Recommender}, the code behind {@code strec recommend --store})
 * answers that user over a store seeded with the same data: same items in the same order, same
 * scores. The models are trained on a catalogue that lacks a few of the data's places (scored as
 * cold-start items on both sides) and holds one place the data lacks (never recommended).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecommendEqualsSingleNodeTest {
  private static final int K = 10;

  Path tmp;
  Loaded loaded;
  EventStore store;
  ModelContext context;
  Set<String> lateItems;
  long time;

  @BeforeAll
  void data(@TempDir Path dir) throws Exception {
    tmp = dir;
    City city =
        SyntheticCity.generate(CityConfig.defaults(31).withUsers(24).withPois(60).withDays(14));
    CityWriter.write(city, tmp.resolve("city"));
    try (RowPolicy policy = RowPolicy.fail()) {
      loaded = Loaded.read(TabularSource.ofDirectory(tmp.resolve("city")), policy);
    }
    store = EventStore.open(tmp.resolve("store.db"), StoreOptions.defaults());
    Seeding.seed(store, loaded, id -> "");
    context = ModelContext.defaults().withSettings("stm", "epochs=1,dim=16,patience=0");
    time = loaded.events().stream().mapToLong(RawEvent::epochSecond).max().orElseThrow() - 3600;
  }

  @AfterAll
  void close() {
    if (store != null) {
      store.close();
    }
    if (context != null) {
      context.close();
    }
  }

  /**
   * What the models are trained on: the data without its last three places (never visited before
   * the model was made), plus a place the data does not hold.
   */
  private Loaded trainingData() {
    List<Item> items = new ArrayList<>(loaded.items().values());
    lateItems = new LinkedHashSet<>();
    for (Item it : items.subList(items.size() - 3, items.size())) {
      lateItems.add(it.id());
    }
    Map<String, Item> kept = new LinkedHashMap<>();
    for (Item it : items) {
      if (!lateItems.contains(it.id())) {
        kept.put(it.id(), it);
      }
    }
    kept.put(
        "p-ghost", new Item("p-ghost", "Ghost Cafe", List.of("Cafe"), "", "Gone.", 40.73, -73.99));
    List<RawEvent> events =
        loaded.events().stream().filter(e -> !lateItems.contains(e.itemId())).toList();
    return new Loaded(loaded.source(), events, kept, loaded.stats());
  }

  @ParameterizedTest
  @ValueSource(strings = {"markov", "stm"})
  void everyUsersTopKIsTheSingleNodeAnswer(String model) throws Exception {
    Path dir = tmp.resolve("model-" + model);
    Training.trainAndSave(
        ModelRegistry.load().get(model), context, Training.allEvents(trainingData()), 7, dir);

    String out = tmp.resolve("top-" + model).toUri().toString();
    RecommendJob.Result result;
    StringWriter printed = new StringWriter();
    try (RowPolicy policy = RowPolicy.fail()) {
      result =
          RecommendJob.run(
              LocalSpark.get(),
              new RecommendJob.Options(
                  SourceRef.of("strec:" + tmp.resolve("city")),
                  dir,
                  OptionalLong.of(time),
                  OptionalInt.empty(),
                  K,
                  RecommendJob.DEFAULT_HISTORY,
                  5,
                  "minilm-q",
                  out,
                  "parquet",
                  3),
              policy,
              new PrintWriter(printed, true));
    }
    assertTrue(
        printed.toString().contains("3 items added, 1 never recommended"), printed.toString());
    Map<String, List<Row>> byUser = new LinkedHashMap<>();
    for (Row r : LocalSpark.get().read().parquet(out).orderBy("user_id", "rank").collectAsList()) {
      byUser.computeIfAbsent(r.getString(0), u -> new ArrayList<>()).add(r);
    }
    Set<String> users = new LinkedHashSet<>();
    loaded.events().forEach(e -> users.add(e.userId()));
    assertEquals(users, byUser.keySet());
    assertEquals(users.size(), result.users());

    try (Recommender rec =
        Recommender.open(
            dir,
            store,
            ModelRegistry.load(),
            context,
            new Recommender.Settings(
                1000, RecommendJob.DEFAULT_HISTORY, 1000, 1000, Clock.systemUTC()))) {
      for (String user : users) {
        Recommendations single =
            rec.recommend(
                new RecommendRequest(
                    user,
                    OptionalLong.of(time),
                    OptionalInt.empty(),
                    OptionalDouble.empty(),
                    OptionalDouble.empty(),
                    K,
                    Filters.none(),
                    false));
        List<Row> spark = byUser.get(user);
        assertEquals(single.items().size(), spark.size(), model + " " + user);
        for (int r = 0; r < spark.size(); r++) {
          Recommendation s = single.items().get(r);
          Row p = spark.get(r);
          assertEquals(r + 1, p.getInt(1));
          assertEquals(s.item(), p.getString(2), model + " " + user + " rank " + (r + 1));
          assertEquals(s.score(), p.getFloat(3), 1e-5 * Math.max(1, Math.abs(s.score())));
          assertTrue(!s.item().equals("p-ghost"), "an item the data lacks is recommended");
        }
      }
    }
  }
}
