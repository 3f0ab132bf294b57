package io.strec.model;

import java.util.List;
import java.util.Objects;

/**
 * A model that can say what its scores are made of: each item's score split into named terms that
 * add up to it, and how much each history event weighed in the query.
 */
public interface ExplainableModel extends Model {
  /**
   * Scores every item exactly as {@link #score} does and splits the scores into terms.
   *
   * @param scores filled as by {@link #score}
   */
  Parts explain(Query query, float[] scores);

  /**
   * The terms of every item's score and the weights of the history events.
   *
   * @param names the terms, e.g. {@code interest}, {@code distance}
   * @param values {@code values[t][i]}: term t of item i; over t they add up to item i's score
   *     (within float rounding)
   * @param eventWeights one weight per event of the query's history, in history order, in [0, 1]; 0
   *     for events the model did not look at
   */
  record Parts(List<String> names, float[][] values, float[] eventWeights) {
    public Parts {
      names = List.copyOf(names);
      Objects.requireNonNull(values, "values");
      Objects.requireNonNull(eventWeights, "eventWeights");
      if (values.length != names.size()) {
        throw new IllegalArgumentException(
            values.length + " term arrays for " + names.size() + " term names");
      }
    }
  }
}
