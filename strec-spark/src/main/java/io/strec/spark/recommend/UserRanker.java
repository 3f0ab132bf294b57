package io.strec.spark.recommend;

import io.strec.model.FactoredModel;
import io.strec.model.History;
import io.strec.model.Model;
import io.strec.model.Query;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.OptionalInt;

/**
 * Ranks the catalogue for users as the single-node service ({@code io.strec.app.Recommender})
 * answers {@code recommend} for a user with stored events and no filters:
 *
 * <ul>
 *   <li>the history is the user's last {@code historyLimit} events (by time, then storage order) up
 *       to and including the query time;
 *   <li>the query place is the place of the last of those recent events that has one, the query's
 *       local-time offset is the given one or else that of the user's last recent event;
 *   <li>every item the user has an event on is excluded, as are items the data does not hold;
 *   <li>a factored model scores each candidate from its per-query scorer, any other model scores
 *       the catalogue; ties are broken by item id ({@link io.strec.eval.Ranking}).
 * </ul>
 *
 * Users are scored in batches, so a model pays its per-call cost once per batch.
 */
final class UserRanker {
  /** One recommended item. */
  record Ranked(String user, int rank, String item, float score) {}

  private final ServedModel served;
  private final long time;
  private final OptionalInt tz;
  private final int k;
  private final int historyLimit;

  UserRanker(ServedModel served, long time, OptionalInt tz, int k, int historyLimit) {
    if (k < 1 || historyLimit < 1) {
      throw new IllegalArgumentException(
          "k and the history limit must be >= 1, got " + k + " and " + historyLimit);
    }
    this.served = served;
    this.time = time;
    this.tz = tz;
    this.k = k;
    this.historyLimit = historyLimit;
  }

  List<Ranked> rank(List<UserEvents> users) {
    List<Query> queries = new ArrayList<>(users.size());
    List<BitSet> excluded = new ArrayList<>(users.size());
    for (UserEvents u : users) {
      queries.add(query(u));
      excluded.add(excluded(u));
    }
    Model m = served.model();
    int n = m.numItems();
    float[][] scores = new float[users.size()][];
    if (m instanceof FactoredModel f) {
      List<FactoredModel.QueryScorer> scorers = f.scorers(queries);
      for (int q = 0; q < users.size(); q++) {
        float[] s = new float[n];
        BitSet ex = excluded.get(q);
        FactoredModel.QueryScorer scorer = scorers.get(q);
        for (int i = ex.nextClearBit(0); i < n; i = ex.nextClearBit(i + 1)) {
          s[i] = scorer.score(i);
        }
        scores[q] = s;
      }
    } else {
      for (int q = 0; q < users.size(); q++) {
        scores[q] = new float[n];
      }
      m.scoreAll(queries, scores);
    }
    List<Ranked> out = new ArrayList<>(users.size() * k);
    for (int q = 0; q < users.size(); q++) {
      int[] top = served.ranking().top(scores[q], k, excluded.get(q));
      for (int r = 0; r < top.length; r++) {
        float score = scores[q][top[r]];
        if (!Float.isFinite(score)) {
          throw new IllegalStateException(
              "model "
                  + m.name()
                  + " gave item "
                  + served.ids().id(top[r])
                  + " the score "
                  + score
                  + " for user "
                  + users.get(q).user());
        }
        out.add(new Ranked(users.get(q).user(), r + 1, served.ids().id(top[r]), score));
      }
    }
    return out;
  }

  private Query query(UserEvents u) {
    int from = Math.max(0, u.size() - historyLimit);
    int to = u.size();
    int offset = tz.isPresent() ? tz.getAsInt() : u.tz()[to - 1];
    double lat = Double.NaN;
    double lon = Double.NaN;
    for (int j = to - 1; j >= from; j--) {
      if (!Double.isNaN(u.lats()[j])) {
        lat = u.lats()[j];
        lon = u.lons()[j];
        break;
      }
    }
    int n = 0;
    while (from + n < to && u.times()[from + n] <= time) {
      n++;
    }
    int[] items = new int[n];
    for (int j = 0; j < n; j++) {
      items[j] = served.ids().indexOrMinusOne(u.items().get(from + j));
    }
    History h =
        new History(
            items,
            Arrays.copyOfRange(u.times(), from, from + n),
            Arrays.copyOfRange(u.tz(), from, from + n),
            Arrays.copyOfRange(u.lats(), from, from + n),
            Arrays.copyOfRange(u.lons(), from, from + n));
    return new Query(-1, h, time, offset, lat, lon);
  }

  private BitSet excluded(UserEvents u) {
    BitSet out = served.absent();
    for (String id : u.items()) {
      int i = served.ids().indexOrMinusOne(id);
      if (i >= 0) {
        out.set(i);
      }
    }
    return out;
  }
}
