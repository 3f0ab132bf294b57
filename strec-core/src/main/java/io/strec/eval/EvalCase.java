package io.strec.eval;

import io.strec.model.Query;
import java.util.Objects;

/**
 * One evaluation case: the query a model sees and the answer it is judged on.
 *
 * @param id a stable label, e.g. the trajectory id or {@code user/valid}
 * @param user user index in the training vocabulary (-1 if unknown)
 * @param target catalogue index of the true next item
 * @param query what the model is given (history, time, place), never the target's own location
 * @param excluded sorted catalogue indices removed from the ranking (never the target)
 * @param targetLatitude where the target event happened, for distance segments only; NaN if unknown
 * @param targetLongitude see {@code targetLatitude}
 */
public record EvalCase(
    String id,
    int user,
    int target,
    Query query,
    int[] excluded,
    double targetLatitude,
    double targetLongitude) {
  public EvalCase {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(excluded, "excluded");
    for (int k = 0; k < excluded.length; k++) {
      if (excluded[k] == target) {
        throw new IllegalArgumentException("case " + id + ": the target may not be excluded");
      }
      if (k > 0 && excluded[k] <= excluded[k - 1]) {
        throw new IllegalArgumentException(
            "case " + id + ": excluded items must be sorted and distinct");
      }
    }
  }
}
