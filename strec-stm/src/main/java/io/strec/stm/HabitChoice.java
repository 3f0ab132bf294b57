package io.strec.stm;

import io.strec.eval.EvalCase;
import io.strec.eval.EvalSplit;
import io.strec.eval.Evaluator;
import io.strec.eval.Ranking;
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
 * cases are scored once; each weight's MRR and HR@1, from the same scores, are logged beside. The
 * training is not touched: the choice is made after the fit, on cases the fit never trained on.
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

  private HabitChoice() {}

  /**
   * What each weight of {@link #GRID} gives each case, indexed [weight][case]: the negative
   * log-likelihood of its target under the softmax over the catalogue (its excluded items left
   * out), and its rank as an evaluation ranks it ({@link Ranking}).
   */
  record Scored(double[][] nll, int[][] ranks) {}

  /** The weight for {@code model} (not closed, not changed) on the {@code inner} cases. */
  static float choose(StmModel model, EvalSplit inner, Consumer<String> log) {
    Scored sc = score(model.withHabitWeight(0f, false), inner);
    int cases = inner.cases().size();
    double[] mean = new double[GRID.length];
    StringBuilder line =
        new StringBuilder("stm: habit term on the inner validation, NLL / MRR / HR@1:");
    int best = 0;
    for (int g = 0; g < GRID.length; g++) {
      double rr = 0;
      int hits = 0;
      for (int c = 0; c < cases; c++) {
        mean[g] += sc.nll()[g][c];
        rr += 1.0 / sc.ranks()[g][c];
        hits += sc.ranks()[g][c] == 1 ? 1 : 0;
      }
      mean[g] /= cases;
      line.append(
          String.format(
              Locale.ROOT,
              " %s %.4f / %.4f / %.4f",
              GRID[g],
              mean[g],
              rr / cases,
              (double) hits / cases));
      if (mean[g] < mean[best]) {
        best = g;
      }
    }
    float chosen =
        best > 0 && TuningTrainer.beats(negated(sc.nll()[best]), negated(sc.nll()[0]))
            ? GRID[best]
            : 0f;
    log.accept(line + String.format(Locale.ROOT, "; weight %s chosen", chosen));
    return chosen;
  }

  /**
   * Every weight's likelihoods and ranks of the {@code inner} cases, from one scoring of them by
   * {@code base}, which must have no habit term: a weight's score of an item is {@code base}'s plus
   * the weight times the item's habit share, in float as {@link StmModel#score} adds it.
   */
  static Scored score(StmModel base, EvalSplit inner) {
    List<EvalCase> cases = inner.cases();
    int n = base.numItems();
    Ranking ranking = new Ranking(inner.train().items());
    double[][] nll = new double[GRID.length][cases.size()];
    int[][] ranks = new int[GRID.length][cases.size()];
    // The evaluation's chunks: the network holds several (cases x items) matrices while it scores
    // a chunk, and chunks of 4 M scores (829 NYC cases) lifted a NYC fit's peak resident memory
    // from 1.66 GB to 2.82 GB (3 epochs, seed 1, measured 2026-12-07).
    int chunk = Evaluator.chunkSize(n);
    float[] v = new float[n];
    boolean[] out = new boolean[n];
    for (int from = 0; from < cases.size(); from += chunk) {
      int to = Math.min(cases.size(), from + chunk);
      List<Query> queries = cases.subList(from, to).stream().map(EvalCase::query).toList();
      float[][] scores = new float[queries.size()][n];
      base.scoreAll(queries, scores);
      for (int q = 0; q < queries.size(); q++) {
        EvalCase c = cases.get(from + q);
        Query query = c.query();
        HourHabit.Shares shares = base.habitShares(query);
        for (int x : c.excluded()) {
          out[x] = true;
        }
        for (int g = 0; g < GRID.length; g++) {
          System.arraycopy(scores[q], 0, v, 0, n);
          for (int j = 0; j < shares.size(); j++) {
            v[shares.items()[j]] += GRID[g] * shares.shares()[j];
          }
          ranks[g][from + q] = ranking.rank(v, c.target(), c.excluded());
          nll[g][from + q] = negativeLogLikelihood(v, c.target(), out);
        }
        for (int x : c.excluded()) {
          out[x] = false;
        }
      }
    }
    return new Scored(nll, ranks);
  }

  /** {@code -log softmax(v)[target]} over the items not {@code out}, in double. */
  private static double negativeLogLikelihood(float[] v, int target, boolean[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < v.length; i++) {
      if (!out[i]) {
        max = Math.max(max, v[i]);
      }
    }
    double z = 0;
    for (int i = 0; i < v.length; i++) {
      if (!out[i]) {
        z += Math.exp(v[i] - max);
      }
    }
    return max + Math.log(z) - v[target];
  }

  private static double[] negated(double[] a) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = -a[i];
    }
    return out;
  }
}
