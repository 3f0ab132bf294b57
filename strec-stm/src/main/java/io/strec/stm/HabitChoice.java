package io.strec.stm;

import io.strec.eval.EvalCase;
import io.strec.eval.EvalSplit;
import io.strec.eval.Evaluation;
import io.strec.eval.Evaluator;
import io.strec.model.Query;
import io.strec.stm.data.HourHabit;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Chooses the weight of the habit term ({@link io.strec.stm.data.HourHabit}) of a fitted model on
 * its inner validation: each weight of {@link #GRID} is scored by the mean negative log-likelihood
 * of the cases' targets under the softmax of the model's scores over the catalogue (the case's
 * excluded items left out), and the best is kept if it beats no habit term (weight 0) by more than
 * {@link TuningTrainer#BEAT_BY} standard errors of the paired per-case difference, else 0. The
 * scores are computed once; each weight's MRR and HR@1 are logged beside. The training is not
 * touched: the choice is made after the fit, on cases the fit never trained on.
 *
 * <p>Why the likelihood rather than the MRR: it is a proper scoring rule that every case informs (a
 * reciprocal rank changes only where the term moves the target past another item), so it tells
 * small weights apart where the MRR of a thousand cases cannot. Measured 2026-12-07 on NYC seed 1
 * (10-epoch fits): under the MRR's argmax and the same 2-standard-error test the weight was kept on
 * no {@code target} seed of five and on one {@code last} seed of five, while the inner validation's
 * likelihood is lowest at 1 under both query times (3.8477 against 3.8582 at 0; 4.2268 against
 * 4.2455), and at 0.5 for a fit of the training period's first 88 % (4.1863 against 4.1930), whose
 * held-out GETNext-shaped cases lose nothing at 1 (Acc@1 0.3759 against 0.3751). Weights above 2
 * lose on every one of these.
 */
final class HabitChoice {
  /** The weights tried, in logit units (a share of 1 adds the weight to the score). */
  static final float[] GRID = {0f, 0.5f, 1f, 2f, 3f, 4f, 6f};

  private static final Evaluator VALIDATION = Evaluator.builder().optSegments(false).build();

  private HabitChoice() {}

  /** Most scores held at once while the inner validation is scored: 4 M floats, 16 MB. */
  private static final int CHUNK_SCORES = 4 << 20;

  /** The weight for {@code model} (not closed, not changed) on the {@code inner} cases. */
  static float choose(StmModel model, EvalSplit inner, Consumer<String> log) {
    double[][] nll = negativeLogLikelihoods(model.withHabitWeight(0f, false), inner);
    double[] mean = new double[GRID.length];
    StringBuilder line =
        new StringBuilder("stm: habit term on the inner validation, NLL / MRR / HR@1:");
    int best = 0;
    for (int g = 0; g < GRID.length; g++) {
      for (double v : nll[g]) {
        mean[g] += v;
      }
      mean[g] /= nll[g].length;
      Evaluation e = VALIDATION.evaluate(model.withHabitWeight(GRID[g], false), inner);
      line.append(
          String.format(
              Locale.ROOT,
              " %s %.4f / %.4f / %.4f",
              GRID[g],
              mean[g],
              e.metric("MRR"),
              e.metric("HR@1")));
      if (mean[g] < mean[best]) {
        best = g;
      }
    }
    float chosen =
        best > 0 && TuningTrainer.beats(negated(nll[best]), negated(nll[0])) ? GRID[best] : 0f;
    log.accept(line + String.format(Locale.ROOT, "; weight %s chosen", chosen));
    return chosen;
  }

  /**
   * Each case's negative log-likelihood of its target under every weight of {@link #GRID}, indexed
   * [weight][case]: the softmax over the catalogue of {@code base}'s scores plus the weight times
   * the habit shares, without the case's excluded items. {@code base} must have no habit term.
   */
  static double[][] negativeLogLikelihoods(StmModel base, EvalSplit inner) {
    List<EvalCase> cases = inner.cases();
    int n = base.numItems();
    double[][] out = new double[GRID.length][cases.size()];
    int chunk = Math.max(1, CHUNK_SCORES / Math.max(1, n));
    double[] v = new double[n];
    for (int from = 0; from < cases.size(); from += chunk) {
      int to = Math.min(cases.size(), from + chunk);
      List<Query> queries = cases.subList(from, to).stream().map(EvalCase::query).toList();
      float[][] scores = new float[queries.size()][n];
      base.scoreAll(queries, scores);
      for (int q = 0; q < queries.size(); q++) {
        EvalCase c = cases.get(from + q);
        Query query = c.query();
        HourHabit.Shares shares =
            HourHabit.of(query.history(), query.epochSecond(), query.tzOffsetMinutes(), n);
        for (int g = 0; g < GRID.length; g++) {
          double max = Double.NEGATIVE_INFINITY;
          for (int i = 0; i < n; i++) {
            v[i] = scores[q][i];
            max = Math.max(max, v[i]);
          }
          for (int j = 0; j < shares.size(); j++) {
            v[shares.items()[j]] += GRID[g] * shares.shares()[j];
            max = Math.max(max, v[shares.items()[j]]);
          }
          for (int x : c.excluded()) {
            v[x] = Double.NEGATIVE_INFINITY;
          }
          double z = 0;
          for (int i = 0; i < n; i++) {
            z += Math.exp(v[i] - max);
          }
          out[g][from + q] = max + Math.log(z) - v[c.target()];
        }
      }
    }
    return out;
  }

  private static double[] negated(double[] a) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = -a[i];
    }
    return out;
  }
}
