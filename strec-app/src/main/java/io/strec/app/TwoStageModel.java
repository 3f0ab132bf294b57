package io.strec.app;

import io.strec.app.store.StoredItem;
import io.strec.data.Vocabulary;
import io.strec.eval.Ranking;
import io.strec.model.FactoredModel;
import io.strec.model.Query;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * A factored model seen through two-stage retrieval, for evaluation: {@link #score} gives the exact
 * score to the items two-stage retrieval ranks in its top {@code depth} and {@code
 * -Float.MAX_VALUE} to every other item (so an item the candidate stage missed ranks after all
 * found ones, as it would never be served), with no hard filter. Each query also counts how much of
 * the exact top 10 and top 100 the two-stage lists hold ({@link #recall}). The index lives in
 * memory; closing this closes it, not the wrapped model, which stays its owner's.
 */
public final class TwoStageModel implements io.strec.model.Model {
  private final FactoredModel model;
  private final Catalogue catalogue;
  private final Ranking ranking;
  private final ItemIndex index;
  private final TwoStage twoStage;
  private final int depth;
  private long queries; // guarded by this
  private double at10; // guarded by this
  private double at100; // guarded by this
  private long scored; // guarded by this

  private TwoStageModel(
      FactoredModel model, Catalogue catalogue, ItemIndex index, RetrievalSettings s, int depth) {
    this.model = model;
    this.catalogue = catalogue;
    this.ranking = new Ranking(catalogue.ids());
    this.index = index;
    this.twoStage = new TwoStage(s);
    this.depth = depth;
  }

  /**
   * Indexes {@code model}'s catalogue ({@code ids} in model order, {@code items} their metadata)
   * and wraps it.
   *
   * @param depth how many items the two-stage list holds per query (at least 100)
   */
  public static TwoStageModel of(
      FactoredModel model,
      Vocabulary ids,
      List<StoredItem> items,
      RetrievalSettings settings,
      int depth)
      throws IOException {
    if (depth < 100) {
      throw new IllegalArgumentException("depth must be at least 100, got " + depth);
    }
    Catalogue c = Catalogue.of(ids, items);
    ItemIndex index = ItemIndex.inMemory("evaluation", c, model.itemFactors());
    return new TwoStageModel(model, c, index, settings.withExactBelow(0), depth);
  }

  @Override
  public String name() {
    return model.name() + "+two-stage";
  }

  @Override
  public int numItems() {
    return model.numItems();
  }

  @Override
  public void score(Query query, float[] scores) {
    FactoredModel.QueryScorer scorer = model.scorers(List.of(query)).get(0);
    int n = numItems();
    BitSet none = new BitSet(n);
    TwoStage.Result r;
    try {
      r =
          twoStage.search(
              index, catalogue, ranking, scorer, Optional.empty(), Optional.empty(), none, depth);
    } catch (IOException e) {
      throw new UncheckedIOException("the item index cannot be searched", e);
    }
    java.util.Arrays.fill(scores, 0, n, -Float.MAX_VALUE);
    for (int j = 0; j < r.items().length; j++) {
      scores[r.items()[j]] = r.scores()[j];
    }
    float[] exact = new float[n];
    for (int i = 0; i < n; i++) {
      exact[i] = scorer.score(i);
    }
    int[] top = ranking.top(exact, 100, none);
    double r10 = RecallProbe.recall(r.items(), top, 10);
    double r100 = RecallProbe.recall(r.items(), top, 100);
    synchronized (this) {
      queries++;
      at10 += r10;
      at100 += r100;
      scored += r.scored();
    }
  }

  /** Mean recall@10 and @100 of the two-stage lists against exact scoring so far. */
  public synchronized RetrievalRecall recall() {
    return new RetrievalRecall(
        queries,
        0,
        queries == 0 ? Double.NaN : at10 / queries,
        queries == 0 ? Double.NaN : at100 / queries);
  }

  /** Mean number of items scored exactly per query so far. */
  public synchronized double meanScored() {
    return queries == 0 ? Double.NaN : scored / (double) queries;
  }

  @Override
  public void close() {
    index.close();
  }
}
