package io.strec.stm.data;

import io.strec.eval.QueryTime;
import io.strec.model.History;
import java.util.List;
import java.util.Objects;

/**
 * A stretch of one user's history that the encoder reads in one pass, events {@code [start, start +
 * len)}, and the positions in it at which a prediction is made.
 *
 * @param history the user's events (the whole history: features of an event may look at the event
 *     before the window)
 * @param start first event of the window
 * @param len number of events in the window (0 for a user with no history)
 * @param queries what is asked at each scored position
 */
public record Window(History history, int start, int len, List<Ask> queries) {
  public Window {
    Objects.requireNonNull(history, "history");
    queries = List.copyOf(queries);
    if (start < 0 || len < 0 || start + len > history.size()) {
      throw new IllegalArgumentException(
          "window [" + start + ", " + (start + len) + ") outside a history of " + history.size());
    }
    for (Ask a : queries) {
      if (a.position() < 0 || a.position() >= Math.max(len, 1)) {
        throw new IllegalArgumentException(
            "query position " + a.position() + " outside a window of " + len);
      }
    }
  }

  /**
   * A prediction asked after window position {@code position}: the encoder state there sees events
   * up to and including it, and nothing later.
   *
   * @param time query time (UTC seconds)
   * @param tzMinutes local offset of the query time
   * @param lat query place, NaN when unknown
   * @param lon see {@code lat}
   * @param target the true next item in training, -1 at inference
   */
  public record Ask(int position, long time, int tzMinutes, double lat, double lon, int target) {}

  /**
   * The training window of {@code history} starting at {@code start}, scoring positions {@code
   * from..}. The ask at position p predicts event e + 1 (e = start + p) from events up to e; under
   * {@link QueryTime#TARGET} it carries event e + 1's time and offset, under {@link QueryTime#LAST}
   * event e's, as the evaluation cases of either setting do, so that a model trained under {@code
   * last} never sees when the event it predicts happened.
   */
  public static Window training(History history, int start, int len, int from, QueryTime when) {
    java.util.ArrayList<Ask> asks = new java.util.ArrayList<>();
    for (int p = from; p < len; p++) {
      int e = start + p;
      if (e + 1 >= history.size() || history.item(e + 1) < 0) {
        continue;
      }
      int moment = when == QueryTime.LAST ? e : e + 1;
      asks.add(
          new Ask(
              p,
              history.time(moment),
              history.tzOffsetMinutes(moment),
              history.latitude(e),
              history.longitude(e),
              history.item(e + 1)));
    }
    return new Window(history, start, len, asks);
  }

  /** The window over the last {@code maxLen} events of {@code history}, asked once at its end. */
  public static Window query(
      History history, int maxLen, long time, int tzMinutes, double lat, double lon) {
    int len = Math.min(maxLen, history.size());
    int start = history.size() - len;
    return new Window(
        history, start, len, List.of(new Ask(Math.max(0, len - 1), time, tzMinutes, lat, lon, -1)));
  }
}
