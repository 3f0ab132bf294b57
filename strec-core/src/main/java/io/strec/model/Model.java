package io.strec.model;

/**
 * A fitted recommender: scores every catalogue item for a query. Higher scores rank first; ties are
 * broken by the evaluator, not the model. Implementations must be safe for concurrent {@link
 * #score} calls. Models that hold native resources (an encoder, an engine) release them in {@link
 * #close()}; the others need not override it.
 */
public interface Model extends AutoCloseable {
  /** The model's name as used on the command line, e.g. {@code pop}. */
  String name();

  /** Number of catalogue items; {@link #score} fills that many scores. */
  int numItems();

  /**
   * Writes a finite score for every item into {@code scores[0..numItems)}.
   *
   * @param scores an array of at least {@link #numItems()} entries, overwritten entirely
   */
  void score(Query query, float[] scores);

  /**
   * Scores several queries at once, {@code scores[i]} as {@link #score} would fill it for {@code
   * queries.get(i)} (equal up to float rounding); models with a per-call cost override it to share
   * that cost. By default one call per query.
   */
  default void scoreAll(java.util.List<Query> queries, float[][] scores) {
    if (scores.length < queries.size()) {
      throw new IllegalArgumentException(
          scores.length + " score rows for " + queries.size() + " queries");
    }
    for (int i = 0; i < queries.size(); i++) {
      score(queries.get(i), scores[i]);
    }
  }

  /**
   * Called once with every query of an evaluation before any {@link #score} call, so that a model
   * can batch expensive per-query work (such as encoding behaviour texts); a no-op by default.
   */
  default void prepare(java.util.List<Query> queries) {}

  /** Releases resources the model holds; a no-op by default. */
  @Override
  default void close() {}
}
