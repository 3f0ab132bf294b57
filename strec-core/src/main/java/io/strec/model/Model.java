package io.strec.model;

/**
 * A fitted recommender: scores every catalogue item for a query. Higher scores rank first; ties are
 * broken by the evaluator, not the model. Implementations must be safe for concurrent {@link
 * #score} calls.
 */
public interface Model {
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
}
