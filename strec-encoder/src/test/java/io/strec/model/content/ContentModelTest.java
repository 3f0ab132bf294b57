package io.strec.model.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.Dataset;
import io.strec.data.Item;
import io.strec.data.Vocabulary;
import io.strec.eval.Ranking;
import io.strec.model.History;
import io.strec.model.Model;
import io.strec.model.ModelContext;
import io.strec.model.ModelRegistry;
import io.strec.model.Query;
import io.strec.model.content.ContentTrainer.Interest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The content model on the real default encoder: semantics, cold items, cold users, persistence.
 */
class ContentModelTest {
  static final List<Item> ITEMS =
      List.of(
          new Item(
              "1",
              "Espresso bar",
              List.of("Coffee"),
              "",
              "Strong espresso and cappuccino",
              Double.NaN,
              Double.NaN),
          new Item(
              "2",
              "Football stadium",
              List.of("Sports"),
              "",
              "Home of the city football club",
              Double.NaN,
              Double.NaN),
          new Item(
              "3",
              "Coffee roastery",
              List.of("Coffee"),
              "",
              "Freshly roasted coffee beans and pour-over",
              Double.NaN,
              Double.NaN),
          new Item(
              "4",
              "Basketball arena",
              List.of("Sports"),
              "",
              "Indoor arena for basketball games",
              Double.NaN,
              Double.NaN),
          new Item(
              "5",
              "Tea house",
              List.of("Tea"),
              "",
              "Green tea and oolong",
              Double.NaN,
              Double.NaN));

  static ModelContext context;

  @BeforeAll
  static void open() {
    context = new ModelContext("minilm-q", Optional.empty(), line -> {});
  }

  @AfterAll
  static void close() {
    context.close();
  }

  /** Users a and b; item 3 (the roastery) never occurs in training: a cold item. */
  static Dataset train() {
    Dataset.Builder b =
        Dataset.builder(
                "t",
                Vocabulary.of(List.of("a", "b", "c")),
                Vocabulary.of(List.of("1", "2", "3", "4", "5")))
            .items(ITEMS);
    b.add(0, 0, 100, 0, Double.NaN, Double.NaN, Float.NaN);
    b.add(1, 1, 100, 0, Double.NaN, Double.NaN, Float.NaN);
    b.add(1, 3, 200, 0, Double.NaN, Double.NaN, Float.NaN);
    b.add(2, 1, 100, 0, Double.NaN, Double.NaN, Float.NaN);
    b.add(2, 4, 300, 0, Double.NaN, Double.NaN, Float.NaN);
    return b.build();
  }

  static Query query(int user, int... items) {
    long[] t = new long[items.length];
    for (int k = 0; k < t.length; k++) {
      t[k] = 100L * (k + 1);
    }
    return new Query(
        user,
        new History(
            items, t, new int[items.length], new double[items.length], new double[items.length]),
        1000,
        0,
        Double.NaN,
        Double.NaN);
  }

  static int[] top(Model m, Query q, int k) {
    float[] s = new float[m.numItems()];
    m.score(q, s);
    return new Ranking(Vocabulary.of(List.of("1", "2", "3", "4", "5"))).top(s, k, new int[0]);
  }

  @Test
  void aColdItemIsRecommendedFromItsTextAlone() {
    Dataset train = train();
    assertEquals(0, train.itemCounts()[2], "the roastery has no training event");
    try (Model m = new ContentTrainer(Interest.ITEMS, 0.8, 0.0, 0.0, context).fit(train, 1)) {
      // A coffee drinker (history: espresso bar, three times) gets the roastery first among the
      // rest.
      float[] s = new float[5];
      m.score(query(0, 0, 0, 0), s);
      assertTrue(
          s[2] > s[1] && s[2] > s[3] && s[2] > s[4],
          "roastery beats stadium, arena, tea: " + java.util.Arrays.toString(s));
      // A sports fan gets the arena before the coffee places.
      m.score(query(2, 1, 1, 1), s);
      assertTrue(s[3] > s[0] && s[3] > s[2], java.util.Arrays.toString(s));
    }
  }

  @Test
  void behaviourTextInterestAgreesWithItemInterest() {
    try (Model m = new ContentTrainer(Interest.TEXT, 0.8, 0.0, 0.0, context).fit(train(), 1)) {
      float[] s = new float[5];
      m.score(query(0, 0, 2, 0), s);
      assertTrue(s[0] > s[1] && s[2] > s[3], java.util.Arrays.toString(s));
    }
  }

  @Test
  void aUserWithoutHistoryGetsPopularItems() {
    try (Model m = new ContentTrainer(Interest.BOTH, 0.8, 0.0, 0.5, context).fit(train(), 1)) {
      // counts: item 2 (football) 2, items 1, 4, 5 one each, item 3 none
      assertEquals(1, top(m, query(-1), 1)[0], "the most popular item for a cold user");
    }
  }

  @Test
  void scoresAreDeterministicAndStoredEmbeddingsAreReused(@TempDir Path dir) {
    float[] first = new float[5];
    float[] second = new float[5];
    try (ModelContext c1 = new ModelContext("minilm-q", Optional.of(dir), line -> {});
        Model m = new ContentTrainer(Interest.ITEMS, 0.8, 0.05, 0.5, c1).fit(train(), 1)) {
      m.score(query(0, 0, 1), first);
    }
    try (ModelContext c2 = new ModelContext("minilm-q", Optional.of(dir), line -> {});
        Model m = new ContentTrainer(Interest.ITEMS, 0.8, 0.05, 0.5, c2).fit(train(), 1)) {
      m.score(query(0, 0, 1), second);
    }
    assertArrayEquals(first, second, 0f);
  }

  @Test
  void postProcessingFittedOnTheCatalogue() {
    for (String post : List.of("standardize", "pca:3", "pca-whiten:2", "whiten")) {
      try (ModelContext c = new ModelContext("minilm-q", Optional.empty(), post, line -> {});
          Model m = new ContentTrainer(Interest.BOTH, 0.8, 0.0, 0.0, c).fit(train(), 1)) {
        float[] s = new float[5];
        m.score(query(0, 0, 0), s);
        for (float x : s) {
          assertTrue(Float.isFinite(x), post + ": " + java.util.Arrays.toString(s));
        }
        assertTrue(
            s[0] > s[1],
            post
                + ": the history's own item stays above the stadium "
                + java.util.Arrays.toString(s));
      }
    }
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> PostProcessing.parse("pca:0"));
    assertTrue(e.getMessage().contains("pca:K"), e.getMessage());
    assertEquals(new PostProcessing("pca", 64), PostProcessing.parse("pca:64"));
  }

  @Test
  void registeredByName() {
    var f = ModelRegistry.load().get("content");
    assertEquals(9, f.candidates(context).size());
    assertEquals(9, f.candidates(context).stream().map(t -> t.describe()).distinct().count());
  }
}
