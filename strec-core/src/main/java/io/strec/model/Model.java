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
   * Called once with every query of an evaluation before any {@link #score} call, so that a model
   * can batch expensive per-query work (such as encoding behaviour texts); a no-op by default.
   */
  default void prepare(java.util.List<Query> queries) {}

  /** Releases resources the model holds; a no-op by default. */
  @Override
  default void close() {}
}
