package io.strec.app;

import io.strec.model.ExplainableModel;
import io.strec.model.FactoredModel;
import io.strec.model.Query;
import io.strec.model.ServableModel;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Ranks the catalogue of a served model for one query, among the items a request may see. A
 * factored model ({@link FactoredModel}) is asked once for the query's scorer (batched with the
 * other waiting requests) and every visible item is scored by it in plain Java; any other model
 * scores the whole catalogue through its own {@link io.strec.model.Model#scoreAll}.
 */
final class Ranker {
  /**
   * The ranked items, best first, with their scores; with {@code explain}, each item's named terms
   * and how much each history event weighed (empty when the model does not say).
   */
  record Ranked(
      int[] items, float[] scores, List<List<Recommendation.Part>> parts, float[] events) {}

  private final ScoringQueue scoring;

  Ranker(ScoringQueue scoring) {
    this.scoring = scoring;
  }

  Ranked rank(Served s, Query q, int k, BitSet excluded, boolean explain) {
    ServableModel m = s.model();
    if (m instanceof FactoredModel) {
      return factored(s, q, k, excluded, explain);
    }
    float[] scores = new float[m.numItems()];
    ExplainableModel.Parts parts = null;
    if (explain && m instanceof ExplainableModel em) {
      parts = em.explain(q, scores);
    } else {
      scoring.score(s, q, scores);
    }
    int[] top = s.ranking().top(scores, k, excluded);
    List<List<Recommendation.Part>> named = new ArrayList<>();
    if (explain) {
      for (int i : top) {
        named.add(parts(parts, i, scores[i], m.name()));
      }
    }
    return new Ranked(
        top, scoresOf(scores, top), named, parts == null ? new float[0] : parts.eventWeights());
  }

  private Ranked factored(Served s, Query q, int k, BitSet excluded, boolean explain) {
    FactoredModel.QueryScorer scorer = scoring.scorer(s, q);
    int n = s.model().numItems();
    float[] scores = new float[n];
    for (int i = excluded.nextClearBit(0); i < n; i = excluded.nextClearBit(i + 1)) {
      scores[i] = scorer.score(i);
    }
    int[] top = s.ranking().top(scores, k, excluded);
    List<List<Recommendation.Part>> named = new ArrayList<>();
    if (explain) {
      for (int i : top) {
        FactoredModel.Terms t = scorer.terms(i);
        List<Recommendation.Part> p = new ArrayList<>(t.names().size());
        for (int j = 0; j < t.names().size(); j++) {
          p.add(new Recommendation.Part(t.names().get(j), t.values()[j]));
        }
        named.add(p);
      }
    }
    return new Ranked(
        top, scoresOf(scores, top), named, explain ? scorer.eventWeights() : new float[0]);
  }

  private static float[] scoresOf(float[] scores, int[] top) {
    float[] out = new float[top.length];
    for (int r = 0; r < top.length; r++) {
      out[r] = scores[top[r]];
    }
    return out;
  }

  private static List<Recommendation.Part> parts(
      ExplainableModel.Parts parts, int i, float score, String model) {
    if (parts == null) {
      return List.of(new Recommendation.Part(model, score));
    }
    List<Recommendation.Part> out = new ArrayList<>(parts.names().size());
    for (int t = 0; t < parts.names().size(); t++) {
      out.add(new Recommendation.Part(parts.names().get(t), parts.values()[t][i]));
    }
    return out;
  }
}
