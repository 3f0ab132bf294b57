package io.strec.eval.protocol;

import io.strec.data.RawEvent;
import io.strec.data.Vocabulary;
import io.strec.eval.EvalCase;
import io.strec.model.History;
import io.strec.model.Query;
import java.util.List;
import java.util.TreeSet;

/** Builds {@link EvalCase}s from raw events, shared by the protocols. */
final class Cases {
  private Cases() {}

  /** A history over the catalogue; events whose item is outside it keep index -1. */
  static History history(List<RawEvent> events, Vocabulary items) {
    int n = events.size();
    int[] it = new int[n];
    long[] t = new long[n];
    int[] tz = new int[n];
    double[] la = new double[n];
    double[] lo = new double[n];
    for (int k = 0; k < n; k++) {
      RawEvent e = events.get(k);
      it[k] = items.indexOrMinusOne(e.itemId());
      t[k] = e.epochSecond();
      tz[k] = e.tzOffsetMinutes();
      la[k] = e.latitude();
      lo[k] = e.longitude();
    }
    return new History(it, t, tz, la, lo);
  }

  /**
   * A case whose query time is the target's time and whose query place is the location of the last
   * history event (never the target's own).
   *
   * @param exclude whether the history's items leave the ranking
   */
  static EvalCase of(
      String id,
      int user,
      List<RawEvent> history,
      RawEvent target,
      Vocabulary items,
      boolean exclude) {
    int t = items.indexOf(target.itemId());
    History h = history(history, items);
    double qLat = Double.NaN;
    double qLon = Double.NaN;
    if (!history.isEmpty()) {
      RawEvent last = history.get(history.size() - 1);
      qLat = last.latitude();
      qLon = last.longitude();
    }
    int[] excluded = new int[0];
    if (exclude) {
      TreeSet<Integer> ex = new TreeSet<>();
      for (int k = 0; k < h.size(); k++) {
        if (h.item(k) >= 0 && h.item(k) != t) {
          ex.add(h.item(k));
        }
      }
      excluded = ex.stream().mapToInt(Integer::intValue).toArray();
    }
    Query q = new Query(user, h, target.epochSecond(), target.tzOffsetMinutes(), qLat, qLon);
    return new EvalCase(id, user, t, q, excluded, target.latitude(), target.longitude());
  }
}
