package io.strec.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.app.store.EventStore;
import io.strec.app.store.StoredItem;
import io.strec.data.Item;
import io.strec.data.Loaded;
import io.strec.data.RawEvent;
import io.strec.data.synth.City;
import io.strec.data.synth.CityConfig;
import io.strec.model.ModelContext;
import io.strec.util.Geo;
import io.strec.util.SuppressForbidden;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application layer over the real spatio-temporal model: a small city seeded into a real SQLite
 * store, {@code stm} trained and saved, then served. New events move the next answer without
 * retraining; explanations add up; a new item is rankable at once; swapping the model under load
 * fails no request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecommenderStmTest {
  Path dir;
  City city;
  Loaded loaded;
  EventStore store;
  ModelContext context;
  Recommender rec;
  long now;

  ServedCity served;

  @BeforeAll
  void serve(@TempDir Path tmp) throws Exception {
    served = ServedCity.build(tmp, CityConfig.defaults(5).withUsers(40).withPois(60).withDays(21));
    dir = served.dir;
    city = served.city;
    loaded = served.loaded;
    store = served.store;
    context = served.context;
    now = served.now;
    rec = served.open(RetrievalSettings.defaults());
  }

  @AfterAll
  void close() {
    try {
      if (rec != null) {
        rec.close();
      }
    } finally {
      served.close();
    }
  }

  private RecommendRequest ask(String user, int k, boolean explain) {
    return new RecommendRequest(
        user,
        OptionalLong.empty(),
        OptionalInt.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        k,
        Filters.none(),
        explain);
  }

  private static List<String> ids(Recommendations r) {
    return r.items().stream().map(Recommendation::item).toList();
  }

  @Test
  void theSavedModelHoldsNoUserRecord() throws Exception {
    List<String> users = loaded.events().stream().map(RawEvent::userId).distinct().toList();
    try (var files = java.nio.file.Files.list(dir.resolve("model"))) {
      for (Path f : files.toList()) {
        String content =
            new String(
                java.nio.file.Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String u : users) {
          assertFalse(content.contains(u), f.getFileName() + " names user " + u);
        }
      }
    }
    // The served answers still come from the users' stored histories.
    assertEquals(10, rec.recommend(ask(users.get(0), 10, false)).items().size());
    assertTrue(rec.recommend(ask(users.get(0), 10, false)).historyLength() > 0);
  }

  @Test
  @SuppressForbidden(reason = "prints the measured lag and distances to the build log")
  void newEventsAtAnotherPlaceAndTimeMoveTheNextAnswer() {
    String user = loaded.events().get(0).userId();
    Recommendations before = rec.recommend(ask(user, 10, false));
    // The places farthest from where the user was last.
    List<Item> far = new ArrayList<>(loaded.items().values());
    far.sort(
        Comparator.comparingDouble(
            (Item i) ->
                -Geo.haversineKm(
                    before.latitude(), before.longitude(), i.latitude(), i.longitude())));
    List<EventInput> events = new ArrayList<>();
    for (int j = 0; j < 3; j++) {
      Item it = far.get(j);
      events.add(
          new EventInput(
              Optional.of("rt-" + j),
              user,
              it.id(),
              OptionalLong.of(now - 600 + j * 60L),
              OptionalInt.of(-300),
              OptionalDouble.of(it.latitude()),
              OptionalDouble.of(it.longitude()),
              Optional.of("checkin"),
              OptionalDouble.empty()));
    }
    IngestReceipt receipt = rec.ingest(events, Optional.empty());
    assertEquals(3, receipt.stored());
    assertTrue(receipt.visibleNanos() > 0);
    Recommendations after = rec.recommend(ask(user, 10, false));
    assertEquals(before.historyLength() + 3, after.historyLength());
    assertEquals(
        far.get(2).latitude(), after.latitude(), 1e-9, "the query place is the new last place");
    assertNotEquals(
        ids(before), ids(after), "new events must change the answer without retraining");
    double meanBefore = meanKm(before, after.latitude(), after.longitude());
    double meanAfter = meanKm(after, after.latitude(), after.longitude());
    assertTrue(
        meanAfter < meanBefore,
        "after moving, the list should lie nearer the new place: "
            + meanAfter
            + " vs "
            + meanBefore);
    System.out.printf(
        java.util.Locale.ROOT,
        "event-to-visible lag: %.2f ms; mean distance of the top 10 to the new place %.2f -> %.2f km%n",
        receipt.visibleNanos() / 1e6,
        meanBefore,
        meanAfter);
  }

  private static double meanKm(Recommendations r, double lat, double lon) {
    return r.items().stream()
        .mapToDouble(i -> Geo.haversineKm(lat, lon, i.latitude(), i.longitude()))
        .average()
        .orElseThrow();
  }

  @Test
  void explanationsAddUpToTheScoreAndWeighPastEvents() {
    String user = loaded.events().get(loaded.events().size() - 1).userId();
    Recommendations plain = rec.recommend(ask(user, 5, false));
    Recommendations explained = rec.recommend(ask(user, 5, true));
    assertEquals(ids(plain), ids(explained));
    for (Recommendation r : explained.items()) {
      Recommendation.Explained e = r.explanation().orElseThrow();
      assertEquals(6, e.parts().size());
      double sum = e.parts().stream().mapToDouble(Recommendation.Part::value).sum();
      assertEquals(r.score(), sum, 1e-3 + 1e-4 * Math.abs(r.score()), e.toString());
      assertFalse(e.events().isEmpty());
      double total = 0;
      for (Recommendation.Weighed w : e.events()) {
        assertTrue(w.weight() > 0 && w.weight() <= 1, w.toString());
        total += w.weight();
      }
      assertTrue(total <= 1 + 1e-4, "attention weights sum to at most 1: " + total);
    }
  }

  @Test
  void aNewItemIsScoredFromItsTextAtOnce() {
    RawEvent last = loaded.events().get(1);
    Item like = loaded.items().get(last.itemId());
    StoredItem added =
        rec.putItem(
            new StoredItem(
                "brand-new",
                like.title() + " II",
                like.categories(),
                like.brand(),
                like.description(),
                like.latitude() + 1e-4,
                like.longitude() + 1e-4,
                "00:00-24:00",
                false,
                OptionalLong.empty(),
                0));
    assertEquals(1, added.version());
    Recommendations near =
        rec.recommend(
            new RecommendRequest(
                last.userId(),
                OptionalLong.empty(),
                OptionalInt.empty(),
                OptionalDouble.of(like.latitude()),
                OptionalDouble.of(like.longitude()),
                50,
                new Filters(
                    OptionalDouble.of(0.5), List.of(), OptionalLong.empty(), List.of(), true),
                true));
    assertTrue(ids(near).contains("brand-new"), ids(near).toString());
    assertEquals(loaded.items().size() + 1, rec.model().items());
  }

  @Test
  void swappingTheModelUnderLoadFailsNoRequest() throws Exception {
    String user = loaded.events().get(2).userId();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger served = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> load = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      load.add(
          pool.submit(
              () -> {
                while (!stop.get()) {
                  assertEquals(10, rec.recommend(ask(user, 10, true)).items().size());
                  served.incrementAndGet();
                }
                return null;
              }));
    }
    long v0 = rec.model().version();
    for (int s = 0; s < 4; s++) {
      rec.swapModel(dir.resolve("model"));
    }
    stop.set(true);
    for (Future<?> f : load) {
      f.get();
    }
    pool.shutdown();
    assertEquals(v0 + 4, rec.model().version());
    assertTrue(served.get() > 0);
  }
}
