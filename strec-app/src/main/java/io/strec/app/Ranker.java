package io.strec.app;

import io.strec.model.ExplainableModel;
import io.strec.model.FactoredModel;
import io.strec.model.Query;
import io.strec.model.ServableModel;
import io.strec.util.Geo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Ranks the catalogue of a served model for one query, among the items a request may see.
 *
 * <ul>
 *   <li>A factored model ({@link FactoredModel}) is asked once for the query's scorer (batched with
 *       the other waiting requests). With an item index, the catalogue is searched in two stages
 *       ({@link TwoStage}); without one, every visible item is scored by the scorer in plain Java.
 *   <li>Any other model scores the whole catalogue through its own {@link
 *       io.strec.model.Model#scoreAll}.
 * </ul>
 */
final class Ranker {
  /**
   * The ranked items, best first, with their scores; with {@code explain}, each item's named terms
   * and how much each history event weighed (empty when the model does not say).
   */
  record Ranked(
      int[] items, float[] scores, List<List<Recommendation.Part>> parts, float[] events) {}

  /**
   * What a request may see: its filters, the current time (for expiry) and the items the user has
   * (left out unless the filters include them).
   */
  record Visibility(Filters filters, long now, Set<String> seen) {}

  private final ScoringQueue scoring;
  private final TwoStage twoStage;
  private final RecallProbe probe;

  Ranker(ScoringQueue scoring, RetrievalSettings settings) {
    this.scoring = scoring;
    this.twoStage = new TwoStage(settings);
    this.probe = new RecallProbe(settings.recallEvery(), twoStage);
  }

  /** The measured recall of the candidate stage so far. */
  RetrievalRecall recall() {
    return probe.snapshot();
  }

  Ranked rank(Served s, Query q, int k, Visibility v, boolean explain) {
    ServableModel m = s.model();
    if (m instanceof FactoredModel) {
      FactoredModel.QueryScorer scorer = scoring.scorer(s, q);
      if (s.index().isPresent()) {
        return twoStage(s, q, k, v, explain, scorer);
      }
      return exact(s, k, excluded(s.catalogue(), q, v), explain, scorer);
    }
    BitSet excluded = excluded(s.catalogue(), q, v);
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

  /** Every item the request may not see: {@link Catalogue#excluded} plus the seen ones. */
  static BitSet excluded(Catalogue c, Query q, Visibility v) {
    BitSet out =
        c.excluded(
            v.filters(),
            v.now(),
            q.epochSecond(),
            q.tzOffsetMinutes(),
            q.latitude(),
            q.longitude());
    addSeen(c, v, out);
    return out;
  }

  private static void addSeen(Catalogue c, Visibility v, BitSet out) {
    if (v.filters().includeSeen()) {
      return;
    }
    for (String id : v.seen()) {
      int i = c.index(id);
      if (i >= 0) {
        out.set(i);
      }
    }
  }

  /** Every visible item scored exactly; the reference the two-stage path is measured against. */
  static int[] exactTop(
      Served s, FactoredModel.QueryScorer scorer, BitSet excluded, int k, float[] scores) {
    int n = s.model().numItems();
    for (int i = excluded.nextClearBit(0); i < n; i = excluded.nextClearBit(i + 1)) {
      scores[i] = scorer.score(i);
    }
    return s.ranking().top(scores, k, excluded);
  }

  private Ranked exact(
      Served s, int k, BitSet excluded, boolean explain, FactoredModel.QueryScorer scorer) {
    float[] scores = new float[s.model().numItems()];
    int[] top = exactTop(s, scorer, excluded, k, scores);
    return factoredResult(top, scoresOf(scores, top), explain, scorer);
  }

  private Ranked twoStage(
      Served s, Query q, int k, Visibility v, boolean explain, FactoredModel.QueryScorer scorer) {
    Catalogue c = s.catalogue();
    Filters f = v.filters();
    BitSet hidden = c.hiddenAt(f, v.now(), q.epochSecond());
    addSeen(c, v, hidden);
    Optional<org.apache.lucene.search.Query> filter = luceneFilter(q, f);
    Optional<Geo.Disc> disc = disc(q, f);
    ItemIndex index = s.index().orElseThrow();
    TwoStage.Result r;
    try {
      r = twoStage.search(index, c, s.ranking(), scorer, filter, disc, hidden, k);
    } catch (IOException e) {
      throw new UncheckedIOException("the item index cannot be searched", e);
    }
    if ("two-stage".equals(r.path())) {
      probe.maybeSample(s, q, v, scorer, filter, disc, hidden);
    }
    return factoredResult(r.items(), r.scores(), explain, scorer);
  }

  /** The request's radius filter, tested exactly on what the index finds in its box. */
  static Optional<Geo.Disc> disc(Query q, Filters f) {
    return f.radiusKm().isPresent()
        ? Optional.of(new Geo.Disc(q.latitude(), q.longitude(), f.radiusKm().getAsDouble()))
        : Optional.empty();
  }

  /** The hard filters the item index answers (place, category, opening hours). */
  static Optional<org.apache.lucene.search.Query> luceneFilter(Query q, Filters f) {
    int minute =
        f.openAt().isPresent() ? Hours.minuteOfDay(f.openAt().getAsLong(), q.tzOffsetMinutes()) : 0;
    return ItemIndex.filter(f, q.latitude(), q.longitude(), minute);
  }

  private static Ranked factoredResult(
      int[] top, float[] scores, boolean explain, FactoredModel.QueryScorer scorer) {
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
    return new Ranked(top, scores, named, explain ? scorer.eventWeights() : new float[0]);
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

  /** Stops the recall probe's worker. */
  void close() {
    probe.close();
  }
}
