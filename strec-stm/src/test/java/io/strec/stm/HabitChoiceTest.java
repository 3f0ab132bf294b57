package io.strec.stm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.strec.eval.EvalCase;
import io.strec.eval.EvalSplit;
import io.strec.model.ModelContext;
import io.strec.stm.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The habit choice's likelihoods against the model's own scores with the habit term at each weight
 * (a separate path: the term added by {@link StmModel#score}, the softmax taken here in double),
 * and the choice itself.
 */
class HabitChoiceTest {
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

  @Test
  void likelihoodsMatchTheScoresWithTheTerm() {
    // Fifteen cases, each with the first three items other than its target excluded.
    List<EvalCase> cases = new ArrayList<>();
    for (EvalCase c : CITY.cases().subList(0, 15)) {
      int[] excluded =
          java.util.stream.IntStream.range(0, 4).filter(i -> i != c.target()).limit(3).toArray();
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
    double[][] nll = HabitChoice.negativeLogLikelihoods(model.withHabitWeight(0f), split);
    for (int g = 0; g < HabitChoice.GRID.length; g++) {
      StmModel m = model.withHabitWeight(HabitChoice.GRID[g]);
      for (int k = 0; k < cases.size(); k++) {
        EvalCase c = cases.get(k);
        float[] s = new float[m.numItems()];
        m.score(c.query(), s);
        List<Integer> excluded = new ArrayList<>();
        for (int x : c.excluded()) {
          excluded.add(x);
        }
        assertEquals(3, excluded.size());
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < s.length; i++) {
          if (!excluded.contains(i)) {
            max = Math.max(max, s[i]);
          }
        }
        double z = 0;
        for (int i = 0; i < s.length; i++) {
          if (!excluded.contains(i)) {
            z += Math.exp(s[i] - max);
          }
        }
        double want = max + Math.log(z) - s[c.target()];
        assertEquals(want, nll[g][k], 1e-4, "weight " + HabitChoice.GRID[g] + " case " + k);
      }
    }
  }
}
