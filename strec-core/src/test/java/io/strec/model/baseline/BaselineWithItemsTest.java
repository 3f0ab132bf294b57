package io.strec.model.baseline;

import static io.strec.model.baseline.Fixtures.NAN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.strec.data.Dataset;
import io.strec.data.Item;
import io.strec.model.History;
import io.strec.model.Query;
import io.strec.model.ServableModel;
import io.strec.model.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Cold-start items: {@link ServableModel#withItems} on every baseline. */
class BaselineWithItemsTest {
  private static final Dataset TRAIN = Fixtures.random(42, 30, 80, 1_500);
  private static final List<Item> ADDED = Fixtures.newItems("new", 9, 6);

  /** One degree along a meridian: R * pi / 180 with R = 6371 km. */
  private static final double DEG = 6371.0 * Math.PI / 180;

  private static List<Query> queries(long seed, int items, int count) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<Query> out = new ArrayList<>();
    for (int q = 0; q < count; q++) {
      out.add(Fixtures.randomQuery(rng, items));
    }
    return out;
  }

  @Test
  void oldItemsKeepTheirScoresAndTheOriginalIsUnchanged() {
    List<Query> queries = queries(3, TRAIN.numItems(), 200);
    int n = TRAIN.numItems();
    for (Trainer t : Fixtures.allCandidates()) {
      ServableModel m = Fixtures.fit(t, TRAIN);
      List<float[]> before = queries.stream().map(q -> Fixtures.score(m, q)).toList();
      ServableModel grown = m.withItems(ADDED);
      assertEquals(n + ADDED.size(), grown.numItems(), t.describe());
      assertEquals(n, m.numItems(), t.describe());
      for (int k = 0; k < queries.size(); k++) {
        float[] s = Fixtures.score(grown, queries.get(k));
        assertArrayEquals(before.get(k), Arrays.copyOf(s, n), t.describe());
        assertArrayEquals(before.get(k), Fixtures.score(m, queries.get(k)), t.describe());
      }
      assertEquals(n + ADDED.size() + 1, grown.withItems(ADDED.subList(0, 1)).numItems());
    }
  }

  /**
   * A grown model scores as the same setting fitted on the same events over the longer catalogue
   * (the new items with their metadata and no events), for histories that visit the new items too.
   * Markov and item-kNN know nothing of what follows or resembles a new item, so they skip history
   * events on it as unknown ones, where the refitted model uses them.
   */
  @Test
  void grownModelScoresLikeARefitOnTheWiderCatalogue() {
    Dataset wide = Fixtures.widened(TRAIN, ADDED);
    int n = TRAIN.numItems();
    List<Query> queries = queries(4, wide.numItems(), 300);
    for (Trainer t : Fixtures.allCandidates()) {
      ServableModel grown = Fixtures.fit(t, TRAIN).withItems(ADDED);
      ServableModel refit = Fixtures.fit(t, wide);
      boolean skipsNewItems =
          grown.name().equals(MarkovFactory.NAME) || grown.name().equals(ItemKnnFactory.NAME);
      for (Query q : queries) {
        Query asRefit = skipsNewItems ? Fixtures.unknownFrom(q, n) : q;
        assertArrayEquals(
            Fixtures.score(refit, asRefit), Fixtures.score(grown, q), t.describe() + " " + q);
      }
    }
  }

  private static Query at(double lat, double lon) {
    return new Query(0, History.empty(), 10, 0, lat, lon);
  }

  /**
   * a at 0N and b at 1N on the prime meridian, each visited twice; both users move 1 degree, so the
   * scale is 1 degree. New: c at 2N (located), d without a location.
   */
  @Test
  void geoPopNewItemsScoreByDistanceAlone() {
    Dataset d =
        Fixtures.builder(2, "a", "b")
            .add(0, 0, 1, 0, 0, 0, 1f)
            .add(0, 1, 2, 0, 1, 0, 1f)
            .add(1, 1, 1, 0, 1, 0, 1f)
            .add(1, 0, 2, 0, 0, 0, 1f)
            .build();
    Item c = new Item("c", "", List.of(), "", "", 2, 0);
    ServableModel m = new GeoPopTrainer(0.5).fit(d, 0).withItems(List.of(c, Item.bare("d")));
    assertEquals(4, m.numItems());
    // At 0N: a 0 degrees away, b 1, c 2; d has no place. s = 1 degree.
    float[] expected = {
      (float) (0.5 * Math.log(3)), (float) (0.5 * Math.log(3) - 1), -2f, 0f,
    };
    assertArrayEquals(expected, Fixtures.score(m, at(0, 0)), 1e-6f);
    assertEquals(DEG, GeoPopModel.fitScaleKm(d), 1e-9);
    // At 3N: c is 1 degree away.
    assertEquals(-1f, Fixtures.score(m, at(3, 0))[2], 1e-6f);
    // Without a place: log(1 + 0) = 0 for both new items.
    assertArrayEquals(
        new float[] {(float) Math.log(3), (float) Math.log(3), 0f, 0f},
        Fixtures.score(m, at(NAN, NAN)),
        1e-6f);
  }

  /** Counts a 2, b 1; new c. Visits to c decay like any other; its popularity term is 0. */
  @Test
  void personalCountsVisitsToNewItems() {
    Dataset d =
        Fixtures.builder(1, "a", "b")
            .add(0, 0, 1, 0, NAN, NAN, 1f)
            .add(0, 0, 2, 0, NAN, NAN, 1f)
            .add(0, 1, 3, 0, NAN, NAN, 1f)
            .build();
    ServableModel m = new PersonalTrainer(3_600, 0.01).fit(d, 0).withItems(List.of(Item.bare("c")));
    // c two hours and one hour ago, a 1.5 hours ago.
    History h = Fixtures.history(new int[] {2, 0, 2}, new long[] {0, 1_800, 3_600});
    float[] expected = {
      (float) (Math.exp(-1.5) + 0.01), 0.005f, (float) (Math.exp(-2) + Math.exp(-1)),
    };
    assertArrayEquals(expected, Fixtures.score(m, Fixtures.query(h, 7_200)), 1e-6f);
    assertArrayEquals(new float[] {0.01f, 0.005f, 0f}, Fixtures.score(m, Fixtures.query()), 1e-7f);
  }

  @Test
  void markovSkipsANewLastItem() {
    ServableModel m = new MarkovTrainer(1).fit(MarkovTest.data(), 0).withItems(ADDED);
    int fresh = 4;
    // Last known item a: ((0, 2, 1, 0) + 1 * (0.4, 0.4, 0.2, 0)) / (3 + 1); new items 0.
    float[] expected = new float[4 + ADDED.size()];
    expected[0] = 0.4f / 4;
    expected[1] = 2.4f / 4;
    expected[2] = 1.2f / 4;
    assertArrayEquals(expected, Fixtures.score(m, Fixtures.query(2, 0, fresh)), 1e-6f);
    // Only new items: popularity share.
    expected = new float[4 + ADDED.size()];
    expected[0] = 0.4f;
    expected[1] = 0.4f;
    expected[2] = 0.2f;
    assertArrayEquals(expected, Fixtures.score(m, Fixtures.query(fresh, fresh + 1)), 1e-6f);
  }

  @Test
  void popAndTimePopScoreNewItemsZero() {
    for (Trainer t : List.<Trainer>of(new PopTrainer(), new TimePopTrainer(2, 1))) {
      ServableModel m = Fixtures.fit(t, TRAIN).withItems(ADDED);
      for (Query q : queries(6, m.numItems(), 50)) {
        float[] s = Fixtures.score(m, q);
        assertArrayEquals(
            new float[ADDED.size()], Arrays.copyOfRange(s, TRAIN.numItems(), s.length), 0f);
      }
    }
  }
}
