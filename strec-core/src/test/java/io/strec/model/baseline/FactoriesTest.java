package io.strec.model.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.Dataset;
import io.strec.model.Model;
import io.strec.model.ModelFactory;
import io.strec.model.ModelRegistry;
import io.strec.model.Query;
import io.strec.model.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class FactoriesTest {
  private static final Map<String, Class<? extends ModelFactory>> BASELINES =
      Map.of(
          "pop", PopFactory.class,
          "time-pop", TimePopFactory.class,
          "geo-pop", GeoPopFactory.class,
          "personal", PersonalFactory.class,
          "markov", MarkovFactory.class,
          "itemknn", ItemKnnFactory.class);

  private static List<ModelFactory> factories() {
    return List.of(
        new PopFactory(),
        new TimePopFactory(),
        new GeoPopFactory(),
        new PersonalFactory(),
        new MarkovFactory(),
        new ItemKnnFactory());
  }

  @Test
  void serviceLoaderFindsAllSixByName() {
    ModelRegistry registry = ModelRegistry.load();
    for (var e : BASELINES.entrySet()) {
      assertTrue(
          registry.names().contains(e.getKey()),
          "missing " + e.getKey() + " in " + registry.names());
      assertInstanceOf(e.getValue(), registry.get(e.getKey()));
      assertEquals(e.getKey(), registry.get(e.getKey()).name());
    }
  }

  @Test
  void candidatesAreSmallNonEmptyAndDistinctlyDescribed() {
    for (ModelFactory f : factories()) {
      List<Trainer> cs = f.candidates();
      assertFalse(cs.isEmpty(), f.name());
      assertTrue(cs.size() <= 8, f.name() + " has " + cs.size() + " candidates");
      Set<String> seen = new HashSet<>();
      for (Trainer t : cs) {
        assertTrue(t.describe().startsWith(f.name()), t.describe());
        assertTrue(seen.add(t.describe()), "duplicate " + t.describe());
      }
      assertFalse(f.description().isBlank());
    }
  }

  /**
   * Every candidate on random data: full, finite, deterministic, and the same when scored
   * concurrently.
   */
  @Test
  void everyCandidateScoresFinitelyDeterministicallyAndThreadSafely() throws Exception {
    Dataset train = Fixtures.random(42, 30, 80, 1_500);
    SplittableRandom rng = new SplittableRandom(5);
    List<Query> queries = new ArrayList<>();
    for (int q = 0; q < 60; q++) {
      queries.add(Fixtures.randomQuery(rng, train.numItems()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (ModelFactory f : factories()) {
        for (Trainer t : f.candidates()) {
          Model m = t.fit(train, 1);
          Model again = t.fit(train, 2);
          assertEquals(f.name(), m.name());
          assertEquals(train.numItems(), m.numItems());
          List<float[]> sequential = new ArrayList<>();
          for (Query q : queries) {
            float[] s = new float[m.numItems()];
            Arrays.fill(s, Float.NaN);
            m.score(q, s);
            for (float v : s) {
              assertTrue(Float.isFinite(v), t.describe() + " gave " + v);
            }
            assertArrayEquals(
                s, Fixtures.score(again, q), 0f, t.describe() + " is not deterministic");
            sequential.add(s);
          }
          List<Future<float[]>> parallel = new ArrayList<>();
          for (Query q : queries) {
            parallel.add(pool.submit(() -> Fixtures.score(m, q)));
          }
          for (int k = 0; k < queries.size(); k++) {
            assertArrayEquals(sequential.get(k), parallel.get(k).get(), 0f, t.describe());
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
