package io.strec.eval.protocol;

import io.strec.data.Dataset;
import io.strec.eval.EvalCase;
import io.strec.eval.EvalSplit;
import io.strec.model.History;
import io.strec.model.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * A validation split carved from training rows only, for choosing hyper-parameters without looking
 * at any reported case: each user's last training event (users with at least two) becomes a case
 * whose history is the user's earlier training events; models are fitted on the rest.
 */
public final class InnerValidation {
  private InnerValidation() {}

  public static EvalSplit of(Dataset train, boolean exclude) {
    return of(train, exclude, u -> true);
  }

  /** The users that have a case: those with at least two training events. */
  public static int[] eligibleUsers(Dataset train) {
    return IntStream.range(0, train.numUsers())
        .filter(u -> train.eventsOf(u).length >= 2)
        .toArray();
  }

  /**
   * The split of {@link #of(Dataset, boolean)} with cases for the users {@code users} accepts only:
   * the other users' last events stay in the fit data.
   */
  public static EvalSplit of(Dataset train, boolean exclude, IntPredicate users) {
    boolean[] held = new boolean[train.numEvents()];
    List<EvalCase> cases = new ArrayList<>();
    for (int u = 0; u < train.numUsers(); u++) {
      int[] evs = train.eventsOf(u);
      if (evs.length < 2 || !users.test(u)) {
        continue;
      }
      int target = evs[evs.length - 1];
      held[target] = true;
      int n = evs.length - 1;
      History history = History.of(train, evs, n);
      int targetItem = train.item(target);
      int[] excluded = new int[0];
      if (exclude) {
        TreeSet<Integer> ex = new TreeSet<>();
        for (int k = 0; k < n; k++) {
          int i = history.item(k);
          if (i != targetItem) {
            ex.add(i);
          }
        }
        excluded = ex.stream().mapToInt(Integer::intValue).toArray();
      }
      Query q =
          new Query(
              u,
              history,
              train.time(target),
              train.tzOffsetMinutes(target),
              history.latitude(n - 1),
              history.longitude(n - 1));
      cases.add(
          new EvalCase(
              train.users().id(u) + "/inner",
              u,
              targetItem,
              q,
              excluded,
              train.latitude(target),
              train.longitude(target)));
    }
    Dataset fit = train.filter(train.name() + " [inner fit]", e -> !held[e]);
    return new EvalSplit("inner-validation", fit, cases, Map.of("exclude_history", exclude));
  }
}
