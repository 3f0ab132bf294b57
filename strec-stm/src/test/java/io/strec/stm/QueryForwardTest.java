package io.strec.stm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.strec.eval.EvalCase;
import io.strec.eval.EvalSplit;
import io.strec.model.FactoredModel;
import io.strec.model.ModelContext;
import io.strec.model.Query;
import io.strec.stm.nn.QueryForward;
import io.strec.stm.nn.SlotTerm;
import io.strec.stm.testing.Fixtures;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The query terms of {@link QueryForward} (plain Java) against the engine's {@link
 * io.strec.stm.nn.Network#queryTerms}, element by element, on two small fitted models: one with
 * every input (behaviour text, so {@code userDim > 0}; text neighbours; width 16, 2 heads, windows
 * of 12) and one without text (no neighbour term, no behaviour text; width 32, 4 heads, windows of
 * 20). The queries have full windows and histories of one or a few events, with and without a
 * place, one at a time and in padded batches. The largest difference measured over all terms and
 * scores was 1.2e-6 (absolute; the scores are of order 1 to 10); the tolerance is 1e-4 absolute
 * plus 1e-4 relative.
 */
class QueryForwardTest {
  private static final EvalSplit CITY = Fixtures.smallCity(11, 20, 60, 20);
  private static final float ATOL = 1e-4f;
  private static final float RTOL = 1e-4f;

  private static ModelContext context;
  private static StmModel full;
  private static StmModel plain;

  @BeforeAll
  static void fit() {
    context = new ModelContext("minilm-q", Optional.empty(), l -> {});
    full =
        new StmTrainer("stm", Fixtures.tiny(1), ContextVectors.of(context), TrainOptions.quiet())
            .fit(CITY.train(), 3);
    StmConfig noText =
        Fixtures.tiny(1).toBuilder()
            .optDim(32)
            .optHeads(4)
            .optMaxLen(20)
            .optAblations(EnumSet.of(Ablation.TEXT, Ablation.USERTEXT))
            .build();
    plain =
        new StmTrainer("stm", noText, ContextVectors.of(context), TrainOptions.quiet())
            .fit(CITY.train(), 5);
  }

  @AfterAll
  static void close() {
    try {
      full.close();
      plain.close();
    } finally {
      context.close();
    }
  }

  /** Each case's query as it is, without its place, and cut to its last 1 and 3 events. */
  private static List<Query> queries() {
    List<Query> out = new ArrayList<>();
    for (EvalCase c : CITY.cases().subList(0, 8)) {
      Query q = c.query();
      out.add(q);
      out.add(
          new Query(
              q.user(), q.history(), q.epochSecond(), q.tzOffsetMinutes(), Double.NaN, Double.NaN));
      for (int n : new int[] {1, 3}) {
        out.add(
            new Query(
                q.user(),
                q.history().last(n),
                q.epochSecond(),
                q.tzOffsetMinutes(),
                q.latitude(),
                q.longitude()));
      }
    }
    return out;
  }

  @Test
  void javaTermsEqualTheEnginesOneQueryAtATime() {
    for (StmModel model : List.of(full, plain)) {
      int maxLen = model.state().config().maxLen();
      boolean sawFull = false;
      boolean sawOne = false;
      for (Query q : queries()) {
        assertSameTerms(model.engineTerms(List.of(q)), model.javaTerms(List.of(q)));
        sawFull |= q.history().size() >= maxLen;
        sawOne |= q.history().size() == 1;
      }
      assertTrue(sawFull && sawOne, "full windows and one-event histories are both tested");
    }
  }

  @Test
  void javaTermsEqualTheEnginesInPaddedBatches() {
    for (StmModel model : List.of(full, plain)) {
      List<Query> qs = queries();
      assertSameTerms(model.engineTerms(qs), model.javaTerms(qs));
    }
  }

  @Test
  void theTermsPresentAreThoseOfTheModel() {
    List<Query> one = List.of(queries().get(0));
    int hidden = Fixtures.tiny(1).repeatHidden();
    assertEquals(
        List.of(SlotTerm.REPEAT.withHidden(hidden), SlotTerm.TRANSITION, SlotTerm.SIMILAR),
        full.network().slotTerms(),
        "text neighbours");
    assertEquals(3, full.javaTerms(one).slotValues().size());
    assertEquals(384, full.network().userDim());
    assertEquals(
        List.of(SlotTerm.REPEAT.withHidden(hidden), SlotTerm.TRANSITION),
        plain.network().slotTerms(),
        "no text, no neighbour term");
    assertEquals(2, plain.javaTerms(one).slotValues().size());
    assertEquals(0, plain.network().userDim());
  }

  /** Scorers built on the Java terms rank and score as the engine's forward pass over all items. */
  @Test
  void scorersGiveTheEnginesTopTenAndScores() {
    for (StmModel model : List.of(full, plain)) {
      for (Query q : queries()) {
        FactoredModel.QueryScorer s = model.scorers(List.of(q)).get(0);
        float[] engine = new float[model.numItems()];
        model.score(q, engine);
        float[] java = new float[engine.length];
        for (int i = 0; i < java.length; i++) {
          java[i] = s.score(i);
          assertClose(engine[i], java[i], "score of item " + i);
        }
        int[] topEngine = top(engine, 10);
        int[] topJava = top(java, 10);
        for (int r = 0; r < 10; r++) {
          // Equal ranks up to ties within the tolerance.
          if (topEngine[r] != topJava[r]) {
            assertClose(engine[topEngine[r]], engine[topJava[r]], "tie at rank " + r);
          }
        }
      }
    }
  }

  private static int[] top(float[] s, int k) {
    return IntStream.range(0, s.length)
        .boxed()
        .sorted((a, b) -> Float.compare(s[b], s[a]))
        .limit(k)
        .mapToInt(Integer::intValue)
        .toArray();
  }

  private static void assertSameTerms(QueryForward.Terms engine, QueryForward.Terms java) {
    assertSame(engine.user(), java.user(), "user");
    assertSame(engine.distCoef(), java.distCoef(), "distCoef");
    assertEquals(engine.slotValues().size(), java.slotValues().size(), "slot terms");
    for (int g = 0; g < engine.slotValues().size(); g++) {
      assertSame(engine.slotValues().get(g), java.slotValues().get(g), "slot term " + g);
    }
    assertSame(engine.attention(), java.attention(), "attention");
  }

  private static void assertSame(float[] engine, float[] java, String what) {
    if (engine == null || java == null) {
      assertEquals(engine == null, java == null, what + " present in one only");
      return;
    }
    assertEquals(engine.length, java.length, what + " length");
    for (int i = 0; i < engine.length; i++) {
      assertClose(engine[i], java[i], what + "[" + i + "]");
    }
  }

  private static void assertClose(float expected, float actual, String what) {
    if (!(Math.abs(expected - actual) <= ATOL + RTOL * Math.abs(expected))) {
      fail(what + ": engine " + expected + ", Java " + actual);
    }
  }
}
