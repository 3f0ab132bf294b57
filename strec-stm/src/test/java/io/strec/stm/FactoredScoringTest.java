package io.strec.stm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.eval.EvalCase;
import io.strec.eval.EvalSplit;
import io.strec.eval.Evaluator;
import io.strec.eval.ReciprocalRank;
import io.strec.model.FactoredModel;
import io.strec.model.ModelContext;
import io.strec.model.Query;
import io.strec.stm.testing.Fixtures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plain-Java score of {@link FactoredScoring} against the network's own forward pass over the
 * whole catalogue, on a small synthetic city with every term switched on (text neighbours, repeat,
 * transitions, distance), for queries with and without a place.
 */
class FactoredScoringTest {
  private static final EvalSplit CITY = Fixtures.smallCity(7, 40, 120, 20);

  private static ModelContext context;
  private static StmModel model;

  @BeforeAll
  static void fit() {
    context = new ModelContext("minilm-q", Optional.empty(), l -> {});
    model =
        new StmTrainer("stm", Fixtures.tiny(2), ContextVectors.of(context), TrainOptions.quiet())
            .fit(CITY.train(), 3);
  }

  @AfterAll
  static void close() {
    try {
      model.close();
    } finally {
      context.close();
    }
  }

  private static List<Query> queries(boolean withPlace) {
    List<Query> out = new ArrayList<>();
    for (EvalCase c : CITY.cases().subList(0, 12)) {
      Query q = c.query();
      out.add(
          withPlace
              ? q
              : new Query(
                  q.user(),
                  q.history(),
                  q.epochSecond(),
                  q.tzOffsetMinutes(),
                  Double.NaN,
                  Double.NaN));
    }
    return out;
  }

  @Test
  void javaScoresEqualTheForwardPass() {
    for (boolean withPlace : new boolean[] {true, false}) {
      List<Query> qs = queries(withPlace);
      List<FactoredModel.QueryScorer> scorers = model.scorers(qs);
      float[] full = new float[model.numItems()];
      for (int q = 0; q < qs.size(); q++) {
        model.score(qs.get(q), full);
        FactoredModel.QueryScorer s = scorers.get(q);
        for (int i = 0; i < full.length; i++) {
          float tol = 1e-4f * Math.max(1f, Math.abs(full[i]));
          assertEquals(full[i], s.score(i), tol, "query " + q + " item " + i);
        }
        assertEquals(withPlace, s.place().isPresent(), "a place exactly when the query has one");
      }
    }
  }

  @Test
  void termsAddUpAndMatchTheExplanation() {
    Query q = queries(true).get(3);
    FactoredModel.QueryScorer s = model.scorers(List.of(q)).get(0);
    float[] scores = new float[model.numItems()];
    io.strec.model.ExplainableModel.Parts parts = model.explain(q, scores);
    assertEquals(
        List.of("interest", "prior", "distance", "repeat", "transition", "similar"), parts.names());
    int checkedSparse = 0;
    for (int i = 0; i < scores.length; i++) {
      FactoredModel.Terms t = s.terms(i);
      float sum = 0;
      for (int j = 0; j < t.values().length; j++) {
        sum += t.values()[j];
        assertEquals(parts.values()[j][i], t.values()[j], 1e-4f, t.names().get(j) + " of " + i);
      }
      assertEquals(s.score(i), sum, 1e-4f);
      if (t.values()[3] != 0 || t.values()[4] != 0 || t.values()[5] != 0) {
        checkedSparse++;
        int item = i;
        assertTrue(
            Arrays.stream(s.boosted()).anyMatch(b -> b == item),
            "item " + i + " has a sparse term, so it is boosted");
      }
    }
    assertTrue(checkedSparse > 0, "the query has repeat, transition or neighbour terms");
    float[] weights = s.eventWeights();
    assertEquals(parts.eventWeights().length, weights.length);
    for (int e = 0; e < weights.length; e++) {
      assertEquals(parts.eventWeights()[e], weights[e], 1e-5f, "weight of event " + e);
    }
  }

  /**
   * With a habit term, the plain-Java scorer still gives the forward pass's score, its terms add up
   * to it with the habit last, every item with a habit share is a candidate, and the explanation's
   * parts name the same terms.
   */
  @Test
  void theHabitTermIsScoredExplainedAndBoosted() {
    StmModel habit = model.withHabitWeight(2.5f);
    List<Query> qs = queries(true);
    List<FactoredModel.QueryScorer> scorers = habit.scorers(qs);
    int withShare = 0;
    for (int q = 0; q < qs.size(); q++) {
      float[] full = new float[habit.numItems()];
      io.strec.model.ExplainableModel.Parts parts = habit.explain(qs.get(q), full);
      assertEquals("habit", parts.names().get(parts.names().size() - 1));
      float[] plain = new float[model.numItems()];
      model.score(qs.get(q), plain);
      FactoredModel.QueryScorer s = scorers.get(q);
      List<Integer> boosted = Arrays.stream(s.boosted()).boxed().toList();
      float[][] values = parts.values();
      for (int i = 0; i < full.length; i++) {
        float tol = 1e-4f * Math.max(1f, Math.abs(full[i]));
        assertEquals(full[i], s.score(i), tol, "query " + q + " item " + i);
        FactoredModel.Terms t = s.terms(i);
        assertEquals(parts.names(), t.names());
        float h = t.values()[t.values().length - 1];
        assertEquals(values[values.length - 1][i], h, 1e-6f, "habit of item " + i);
        assertEquals(plain[i] + h, full[i], tol, "the habit term is added to the network's score");
        if (h != 0f) {
          withShare++;
          assertTrue(boosted.contains(i), "item " + i + " has a habit share, so it is boosted");
        }
      }
    }
    assertTrue(withShare > 0, "some items have a habit share");
  }

  /**
   * The habit choice's likelihoods and ranks, from one scoring, against a separate path: the
   * model's own scores with the term at each weight ({@link StmModel#score}), the softmax taken
   * here in double and the ranks an evaluation gives, on fifteen cases with three items each
   * excluded, under the point kernel and a gap kernel ({@link io.strec.stm.data.HourHabit.Kernel}):
   * the choice scores with the model's own kernel.
   */
  @Test
  void theHabitChoiceScoresEachWeightAsTheModelWithIt() {
    List<EvalCase> cases = new ArrayList<>();
    for (EvalCase c : CITY.cases().subList(0, 15)) {
      int[] excluded = IntStream.range(0, 4).filter(i -> i != c.target()).limit(3).toArray();
      cases.add(
          new EvalCase(
              c.id(),
              c.user(),
              c.target(),
              c.query(),
              excluded,
              c.targetLatitude(),
              c.targetLongitude()));
    }
    EvalSplit split = new EvalSplit(CITY.protocol(), CITY.train(), cases, CITY.settings());
    double[] counts = new double[io.strec.stm.data.HourHabit.Kernel.GAPS];
    counts[0] = 3;
    counts[2] = 1;
    counts[23] = 1;
    double[][] pointNll = null;
    for (io.strec.stm.data.HourHabit.Kernel kernel :
        List.of(
            io.strec.stm.data.HourHabit.Kernel.POINT,
            io.strec.stm.data.HourHabit.Kernel.afterGaps(counts))) {
      HabitChoice.Scored got = HabitChoice.score(model.withHabit(0f, kernel), split);
      checkHabitChoice(got, kernel, split, cases);
      if (pointNll == null) {
        pointNll = got.nll();
      } else {
        assertFalse(
            Arrays.deepEquals(pointNll, got.nll()), "the gap kernel gives other likelihoods");
      }
    }
  }

  private void checkHabitChoice(
      HabitChoice.Scored got,
      io.strec.stm.data.HourHabit.Kernel kernel,
      EvalSplit split,
      List<EvalCase> cases) {
    Evaluator evaluator = Evaluator.builder().optSegments(false).build();
    for (int g = 0; g < HabitChoice.GRID.length; g++) {
      StmModel m = model.withHabit(HabitChoice.GRID[g], kernel);
      double[] rr = evaluator.evaluate(m, split).perCase(ReciprocalRank.MRR);
      for (int k = 0; k < cases.size(); k++) {
        EvalCase c = cases.get(k);
        float[] s = new float[m.numItems()];
        m.score(c.query(), s);
        List<Integer> excluded = Arrays.stream(c.excluded()).boxed().toList();
        double max = Double.NEGATIVE_INFINITY;
        double z = 0;
        for (int i = 0; i < s.length; i++) {
          if (!excluded.contains(i)) {
            max = Math.max(max, s[i]);
          }
        }
        for (int i = 0; i < s.length; i++) {
          if (!excluded.contains(i)) {
            z += Math.exp(s[i] - max);
          }
        }
        String what =
            "weight " + HabitChoice.GRID[g] + " case " + k + " kernel '" + kernel.format() + "'";
        assertEquals(max + Math.log(z) - s[c.target()], got.nll()[g][k], 1e-4, what);
        assertEquals(rr[k], 1.0 / got.ranks()[g][k], 1e-12, what);
      }
    }
  }

  @Test
  void itemFactorsGiveInterestPlusPrior() {
    Query q = queries(true).get(0);
    FactoredModel.QueryScorer s = model.scorers(List.of(q)).get(0);
    FactoredModel.ItemFactors f = model.itemFactors();
    assertEquals(model.numItems(), f.size());
    float[] u = s.user();
    for (int i = 0; i < f.size(); i++) {
      FactoredModel.Terms t = s.terms(i);
      assertEquals(t.values()[0] + t.values()[1], f.dotPlusBias(u, i), 1e-5f);
    }
  }

  @Test
  void thePlaceBoundHoldsForEveryItem() {
    for (Query q : queries(true)) {
      FactoredModel.QueryScorer s = model.scorers(List.of(q)).get(0);
      FactoredModel.Place p = s.place().orElseThrow();
      double[] lat = model.state().lat();
      double[] lon = model.state().lon();
      for (int i = 0; i < model.numItems(); i++) {
        double km = io.strec.util.Geo.haversineKm(p.latitude(), p.longitude(), lat[i], lon[i]);
        float distance = s.terms(i).values()[2];
        for (double r : new double[] {0, km / 2, km}) {
          assertTrue(
              distance <= p.maxTermBeyond(r) + 1e-4,
              "item " + i + " at " + km + " km: term " + distance + " above the bound at " + r);
        }
      }
    }
  }
}
