package io.strec.stm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.strec.data.Dataset;
import io.strec.data.Item;
import io.strec.model.History;
import io.strec.model.ModelContext;
import io.strec.model.ModelRegistry;
import io.strec.model.Query;
import io.strec.model.artifact.ModelDirectory;
import io.strec.model.artifact.ModelProvenance;
import io.strec.stm.artifact.ModelArtifact;
import io.strec.stm.data.ItemText;
import io.strec.stm.data.NeighbourRows;
import io.strec.stm.data.NeighbourSpace;
import io.strec.stm.data.TextNeighbours;
import io.strec.stm.testing.Fixtures;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cold start for items ({@link StmModel#withItems}) on the real default encoder: the old items
 * score as before, a new item is encoded as the catalogue was and scored through the text alone,
 * and the grown model saves and loads like any other.
 */
class ColdStartTest {
  /**
   * Places i0..i5 are visited in cycles; i6 ("place 6", cat0) is in the catalogue, never visited.
   */
  private static final Dataset DATA = Fixtures.cycles(4, 6, 12, 1);

  private static final int OLD = 7;

  /** The text twin of i6 (same title and categories), at i6's place. */
  private static final Item TWIN =
      new Item("n0", "place 6", List.of("cat0"), "", "", 40.7, -74.0 + 0.01 * 6);

  /** An item far from every other: its place must not move the distance term of the old ones. */
  private static final Item FAR =
      new Item("n1", "harbour bridge lookout", List.of("cat1"), "", "", -33.85, 151.21);

  /** An item without a place. */
  private static final Item NOWHERE =
      new Item("n2", "mobile stall", List.of(), "", "", Double.NaN, Double.NaN);

  private static ModelContext context;
  private static StmModel model;

  @BeforeAll
  static void fit() {
    context = new ModelContext("minilm-q", Optional.empty(), l -> {});
    model =
        new StmTrainer("stm", Fixtures.tiny(3), ContextVectors.of(context), TrainOptions.quiet())
            .fit(DATA, 3);
  }

  @AfterAll
  static void close() {
    try {
      model.close();
    } finally {
      context.close();
    }
  }

  private static Query query(int user, int events) {
    int[] evs = DATA.eventsOf(user);
    History h = History.of(DATA, evs, events);
    int last = evs[events - 1];
    return new Query(
        user, h, DATA.time(last) + 1800, -300, DATA.latitude(last), DATA.longitude(last));
  }

  @Test
  void aNetworkFrozenForServingScoresAsTheUnfrozenOneDoes() {
    StmState st = model.state();
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
      UserText text = model.userText().orElse(null);
      io.strec.stm.nn.Network fresh = StmModel.network(st, m, text);
      fresh.params().load(model.network().params().values());
      assertTrue(model.network().frozen());
      assertTrue(!fresh.frozen());
      io.strec.stm.data.BatchBuilder builder = st.batchBuilder();
      for (int user = 0; user < DATA.numUsers(); user++) {
        Query q = query(user, DATA.eventsOf(user).length);
        List<io.strec.stm.data.Window> windows =
            List.of(
                io.strec.stm.data.Window.query(
                    q.history(),
                    st.config().maxLen(),
                    q.epochSecond(),
                    q.tzOffsetMinutes(),
                    q.latitude(),
                    q.longitude()));
        io.strec.stm.data.Batch bt =
            builder.build(windows, text == null ? null : text.vectors(windows, line -> {}, false));
        try (ai.djl.ndarray.NDManager a = m.newSubManager();
            ai.djl.ndarray.NDManager b = m.newSubManager()) {
          float[] unfrozen = fresh.forward(a, bt).logits().toFloatArray();
          float[] frozen = model.network().forward(b, bt).logits().toFloatArray();
          assertArrayEquals(unfrozen, frozen, 1e-5f);
        }
      }
    }
  }

  @Test
  void scoringQueriesTogetherGivesWhatScoringEachAloneGives() {
    // Windows of different lengths, with and without a place, so the batch pads and masks.
    List<Query> queries = new java.util.ArrayList<>();
    for (int user = 0; user < DATA.numUsers(); user++) {
      for (int events : new int[] {1, 2, 5, DATA.eventsOf(user).length}) {
        Query q = query(user, events);
        queries.add(q);
        queries.add(new Query(q.user(), q.history(), q.epochSecond(), 60, Double.NaN, Double.NaN));
      }
    }
    float[][] together = new float[queries.size()][model.numItems()];
    model.scoreAll(queries, together);
    for (int i = 0; i < queries.size(); i++) {
      float[] alone = scores(model, queries.get(i));
      for (int j = 0; j < alone.length; j++) {
        assertEquals(alone[j], together[i][j], 1e-4 + 1e-5 * Math.abs(alone[j]), "query " + i);
      }
    }
  }

  private static float[] scores(StmModel m, Query q) {
    float[] s = new float[m.numItems()];
    m.score(q, s);
    return s;
  }

  private static Map<String, Explanation.Scored> parts(StmModel m, Query q) {
    Map<String, Explanation.Scored> out = new HashMap<>();
    for (Explanation.Scored s : m.explain(q, m.numItems()).top()) {
      out.put(s.item(), s);
    }
    return out;
  }

  @Test
  void oldItemsScoreAsBeforeAndNewOnesAreRanked() {
    try (StmModel grown = model.withItems(List.of(TWIN, FAR, NOWHERE))) {
      assertEquals(OLD, model.numItems(), "the model grown from is unchanged");
      assertEquals(OLD + 3, grown.numItems());
      assertEquals(List.of("n0", "n1", "n2"), grown.state().items().ids().subList(OLD, OLD + 3));
      assertEquals(model.state().grid(), grown.state().grid());
      for (int u = 0; u < 4; u++) {
        Query q = query(u, 6 + u);
        float[] before = scores(model, q);
        float[] after = scores(grown, q);
        for (int i = 0; i < OLD; i++) {
          assertEquals(before[i], after[i], 1e-5 * Math.max(1, Math.abs(before[i])), "item " + i);
        }
        for (int i = OLD; i < OLD + 3; i++) {
          assertTrue(Float.isFinite(after[i]), "new item " + i + " scores " + after[i]);
        }
      }
      assertEquals("3", grown.state().provenance().get("items_added"));
    }
    // Closing the grown model leaves the old one working: they share nothing native.
    assertTrue(Float.isFinite(scores(model, query(0, 8))[0]));
  }

  /**
   * A grown model computes only the added items' vectors: the old items keep theirs bit for bit,
   * and the added ones are what freezing the whole grown network computes.
   */
  @Test
  void growingComputesOnlyTheAddedItemsVectors() {
    try (StmModel grown = model.withItems(List.of(TWIN, FAR, NOWHERE))) {
      float[] before = model.servingVectors().orElseThrow();
      float[] after = grown.servingVectors().orElseThrow();
      int d = before.length / OLD;
      assertEquals((OLD + 3) * d, after.length);
      assertArrayEquals(before, java.util.Arrays.copyOf(after, before.length), 0f);
      float[] kept = after.clone();
      grown.network().thaw();
      grown.network().freeze();
      float[] whole = grown.servingVectors().orElseThrow();
      for (int k = 0; k < whole.length; k++) {
        assertEquals(whole[k], kept[k], 1e-5f * Math.max(1f, Math.abs(whole[k])), "float " + k);
      }
    }
  }

  /**
   * The twin of i6 gets i6's frozen vector exactly and, i6 having never been seen (so its ID part
   * is gated off), i6's interest term; its bias is the mean bias of the unseen items, here i6's. A
   * twin of a seen item gets that item's text but not its ID part, so their interest differs.
   */
  @Test
  void aTextTwinScoresThroughTheTextAlone() {
    Item seenTwin = new Item("n3", "place 2", List.of("cat2"), "", "", 40.7, -74.0 + 0.01 * 2);
    try (StmModel grown = model.withItems(List.of(TWIN, seenTwin))) {
      assertEquals(0, model.state().counts()[6]);
      assertArrayEquals(model.state().text().row(6), grown.state().text().row(OLD), 0f);
      assertArrayEquals(model.state().text().row(2), grown.state().text().row(OLD + 1), 0f);
      float[] bias = model.network().params().get("id.bias").toFloatArray();
      float[] grownBias = grown.network().params().get("id.bias").toFloatArray();
      assertEquals(bias[6], grownBias[OLD], 0f);
      assertEquals(ColdStart.unseenBias(bias, model.state().counts()), grownBias[OLD + 1], 0f);
      float[] emb = grown.network().params().get("id.emb").toFloatArray();
      int d = model.state().config().dim();
      for (int k = OLD * d; k < emb.length; k++) {
        assertEquals(0f, emb[k], "ID embedding entry " + k + " of a new item");
      }
      for (int u = 0; u < 4; u++) {
        Map<String, Explanation.Scored> p = parts(grown, query(u, 6 + u));
        Explanation.Scored twin = p.get("n0");
        Explanation.Scored i6 = p.get("i6");
        assertEquals(i6.part("interest"), twin.part("interest"), 1e-5, "interest, user " + u);
        assertEquals(i6.part("prior"), twin.part("prior"), 1e-6, "prior, user " + u);
        assertEquals(i6.part("distance"), twin.part("distance"), 1e-5, "distance, user " + u);
        assertEquals(0f, twin.part("repeat"));
        assertEquals(0f, twin.part("transition"));
        assertNotEquals(p.get("i2").part("interest"), p.get("n3").part("interest"), "user " + u);
      }
    }
  }

  /**
   * The fitted lists were sought among the whitened vectors (the default {@code
   * neighbourText=whitened}), and an added item's list is sought in the same space: the whitening
   * fitted again to the fitted items' text (not the added items'), applied to every vector.
   */
  @Test
  void addedItemsNeighboursAreSoughtInTheFittedSpace() {
    StmConfig c = model.state().config();
    assertEquals(StmConfig.TextInput.WHITENED, c.neighbourText());
    try (StmModel grown = model.withItems(List.of(TWIN, FAR, NOWHERE));
        NDManager m = NDManager.newBaseManager()) {
      ItemText text = grown.state().text();
      UnaryOperator<float[]> space = NeighbourSpace.whitened(text, OLD);
      float[][] fittedRows = model.state().text().all();
      TextNeighbours fitted =
          TextNeighbours.of(NeighbourSpace.map(fittedRows, space), c.textNeighbours(), m);
      TextNeighbours unit = TextNeighbours.of(fittedRows, c.textNeighbours(), m);
      boolean differ = false;
      for (int i = 0; i < OLD; i++) {
        int[] got = model.state().neighbours().neighbours(i);
        assertArrayEquals(fitted.neighbours(i), got, "fitted item " + i);
        differ |= !Arrays.equals(unit.neighbours(i), got);
      }
      assertTrue(differ, "the whitened lists must differ from the unit vectors' somewhere");
      TextNeighbours all =
          TextNeighbours.of(NeighbourSpace.map(text.all(), space), c.textNeighbours(), m);
      for (int i = OLD; i < text.size(); i++) {
        assertArrayEquals(
            all.neighbours(i), grown.state().neighbours().neighbours(i), "added item " + i);
      }
    }
  }

  /**
   * A grown model keeps the catalogue's rows in the lists' space for the next addition, and an item
   * added in a later call gets the list it gets when the same items are added at once (a list is
   * sought among the items there are when its item is added; the earlier lists stay as they were).
   */
  @Test
  void itemsAddedInTurnGetTheListsOfItemsAddedAtOnce() {
    try (StmModel two = model.withItems(List.of(TWIN, FAR));
        StmModel three = model.withItems(List.of(TWIN, FAR, NOWHERE));
        StmModel first = model.withItems(List.of(TWIN));
        StmModel second = first.withItems(List.of(FAR));
        StmModel third = second.withItems(List.of(NOWHERE))) {
      NeighbourRows kept =
          third.neighbourRows(
              () -> {
                throw new AssertionError("a grown model keeps its rows");
              });
      assertEquals(OLD + 3, kept.size());
      assertTrue(kept.kept());
      TextNeighbours got = third.state().neighbours();
      for (int i = 0; i < OLD; i++) {
        assertArrayEquals(model.state().neighbours().neighbours(i), got.neighbours(i), "item " + i);
      }
      assertArrayEquals(two.state().neighbours().neighbours(OLD + 1), got.neighbours(OLD + 1));
      assertArrayEquals(three.state().neighbours().neighbours(OLD + 2), got.neighbours(OLD + 2));
      // To float rounding: one query row or three go through the engine's product another way.
      assertArrayEquals(three.state().neighbours().cosines(OLD + 2), got.cosines(OLD + 2), 1e-6f);
    }
  }

  @Test
  void historiesWithNewItemsAreScoredAndExplained() {
    try (StmModel grown = model.withItems(List.of(TWIN, FAR, NOWHERE))) {
      History h = query(0, 6).history();
      int n = h.size();
      int[] items = new int[n + 2];
      long[] times = new long[n + 2];
      int[] tz = new int[n + 2];
      double[] lat = new double[n + 2];
      double[] lon = new double[n + 2];
      for (int k = 0; k < n; k++) {
        items[k] = h.item(k);
        times[k] = h.time(k);
        tz[k] = h.tzOffsetMinutes(k);
        lat[k] = h.latitude(k);
        lon[k] = h.longitude(k);
      }
      items[n] = OLD + 2;
      items[n + 1] = OLD;
      for (int k = n; k < n + 2; k++) {
        times[k] = times[k - 1] + 3600;
        tz[k] = -300;
        lat[k] = Double.NaN;
        lon[k] = Double.NaN;
      }
      Query q =
          new Query(
              0, new History(items, times, tz, lat, lon), times[n + 1] + 600, -300, 40.7, -74);
      grown.prepare(List.of(q));
      for (float v : scores(grown, q)) {
        assertTrue(Float.isFinite(v), "score " + v);
      }
      Map<String, Explanation.Scored> p = parts(grown, q);
      assertTrue(
          p.get("n0").part("repeat") != 0f, "the repeat term reaches a new item in the history");
      // The last item is the twin of i6: its nearest item by text is i6, whose text it has.
      assertEquals(6, grown.state().neighbours().neighbours(OLD)[0]);
      assertTrue(p.get("i6").part("similar") != 0f, "the text-neighbour term reaches i6");
    }
  }

  @Test
  void aGrownModelSavesAndLoads(@TempDir Path dir) throws Exception {
    try (StmModel grown = model.withItems(List.of(TWIN, FAR))) {
      ModelProvenance provenance = ModelArtifact.provenanceOf(grown);
      assertEquals("2", provenance.training().get("items_added"));
      ModelDirectory.write(dir, grown, grown.state().items(), provenance);
      try (ModelDirectory.Opened opened = ModelDirectory.open(dir, ModelRegistry.load(), context)) {
        StmModel back = (StmModel) opened.model();
        assertEquals(grown.state().items().ids(), opened.items().ids());
        assertEquals(grown.state().grid(), back.state().grid());
        for (int u = 0; u < 4; u++) {
          Query q = query(u, 6 + u);
          assertArrayEquals(scores(grown, q), scores(back, q), 0f, "user " + u);
        }
        // A loaded model grows too, encoding in the context it was loaded in.
        try (StmModel again = back.withItems(List.of(NOWHERE))) {
          assertEquals(OLD + 3, again.numItems());
          assertEquals("3", again.state().provenance().get("items_added"));
          assertTrue(Float.isFinite(scores(again, query(1, 7))[OLD + 2]));
        }
      }
    }
  }

  @Test
  void withoutTextNewItemsAreScoredByTheRest() {
    StmConfig c = Fixtures.tiny(2).withAblations(EnumSet.of(Ablation.TEXT));
    try (StmModel m =
            new StmTrainer("stm-notext", c, ItemVectors.none(), TrainOptions.quiet()).fit(DATA, 1);
        StmModel grown = m.withItems(List.of(TWIN, FAR))) {
      Query q = query(2, 8);
      float[] before = scores(m, q);
      float[] after = scores(grown, q);
      for (int i = 0; i < OLD; i++) {
        assertEquals(before[i], after[i], 1e-5 * Math.max(1, Math.abs(before[i])), "item " + i);
      }
      assertTrue(Float.isFinite(after[OLD]) && Float.isFinite(after[OLD + 1]));
    }
  }

  @Test
  void refusesWhatItCannotEncodeOrIndex() {
    StmConfig c = Fixtures.tiny(1);
    try (StmModel fixed =
        new StmTrainer(
                "stm",
                c,
                ItemVectors.fixed(Fixtures.vectors(DATA.numItems(), 5, 1), "test-vectors"),
                TrainOptions.quiet())
            .fit(DATA, 1)) {
      var e = assertThrows(IllegalStateException.class, () -> fixed.withItems(List.of(TWIN)));
      assertTrue(e.getMessage().contains("'test-vectors'"), e.getMessage());
    }
    var dup =
        assertThrows(
            IllegalArgumentException.class, () -> model.withItems(List.of(Item.bare("i3"))));
    assertTrue(dup.getMessage().contains("'i3'"), dup.getMessage());
    assertThrows(IllegalArgumentException.class, () -> model.withItems(List.of(TWIN, TWIN)));
  }

  /** Vectors post-processed by a transform the model does not keep cannot be matched: refused. */
  @Test
  void refusesVectorsPostProcessedWithoutTheTransform(@TempDir Path dir) throws Exception {
    ModelProvenance p = ModelArtifact.provenanceOf(model);
    ModelProvenance whitened =
        new ModelProvenance(
            p.model(),
            p.config(),
            p.data(),
            p.dataHash(),
            p.events(),
            p.encoder(),
            "whiten",
            p.seed(),
            p.codeVersion(),
            p.gitCommit(),
            p.device(),
            p.created(),
            p.training());
    ModelDirectory.write(dir, model, model.state().items(), whitened);
    try (ModelDirectory.Opened opened = ModelDirectory.open(dir, ModelRegistry.load(), context)) {
      var e =
          assertThrows(IllegalStateException.class, () -> opened.model().withItems(List.of(TWIN)));
      assertTrue(e.getMessage().contains("'whiten'"), e.getMessage());
    }
  }
}
