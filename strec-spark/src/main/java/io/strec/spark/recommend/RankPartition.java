package io.strec.spark.recommend;

import static org.apache.spark.sql.functions.col;

import io.strec.spark.ingest.EventRows;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalInt;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Ranks the users of one partition, whose event rows arrive sorted by user, then time, then read
 * order: each user's events are gathered, users are ranked {@code batch} at a time with the
 * executor's copy of the broadcast model, and {@code user_id, rank, item_id, score} rows come out.
 */
final class RankPartition implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final Broadcast<ModelPayload> model;
  private final long time;
  private final Integer tz;
  private final int k;
  private final int historyLimit;
  private final int batch;

  RankPartition(
      Broadcast<ModelPayload> model,
      long time,
      OptionalInt tz,
      int k,
      int historyLimit,
      int batch) {
    this.model = model;
    this.time = time;
    this.tz = tz.isPresent() ? tz.getAsInt() : null;
    this.k = k;
    this.historyLimit = historyLimit;
    this.batch = batch;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    UserRanker ranker =
        new UserRanker(
            ExecutorModels.get(model.value()),
            time,
            tz == null ? OptionalInt.empty() : OptionalInt.of(tz),
            k,
            historyLimit);
    return new Iterator<>() {
      private Row pending = rows.hasNext() ? rows.next() : null;
      private List<UserRanker.Ranked> ranked = List.of();
      private int next;

      @Override
      public boolean hasNext() {
        while (next >= ranked.size()) {
          if (pending == null) {
            return false;
          }
          List<UserEvents> users = new ArrayList<>(batch);
          while (pending != null && users.size() < batch) {
            users.add(gather());
          }
          ranked = ranker.rank(users);
          next = 0;
        }
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        UserRanker.Ranked r = ranked.get(next++);
        return RowFactory.create(r.user(), r.rank(), r.item(), r.score());
      }

      /** The events of the user of {@code pending}, which are consecutive. */
      private UserEvents gather() {
        String user = pending.getString(0);
        List<String> items = new ArrayList<>();
        List<Row> evs = new ArrayList<>();
        while (pending != null && pending.getString(0).equals(user)) {
          evs.add(pending);
          pending = rows.hasNext() ? rows.next() : null;
        }
        int n = evs.size();
        long[] t = new long[n];
        int[] z = new int[n];
        double[] la = new double[n];
        double[] lo = new double[n];
        for (int j = 0; j < n; j++) {
          Row e = evs.get(j);
          items.add(e.getString(1));
          t[j] = e.getLong(2);
          z[j] = e.getInt(3);
          la[j] = e.getDouble(4);
          lo[j] = e.getDouble(5);
        }
        return new UserEvents(user, items, t, z, la, lo);
      }
    };
  }

  /** The columns, in order, that {@link #call} expects. */
  static Column[] columns() {
    return new Column[] {
      col(EventRows.USER),
      col(EventRows.ITEM),
      col(EventRows.TIME),
      col(EventRows.TZ),
      col(EventRows.LAT),
      col(EventRows.LON),
      col(EventRows.ORD),
      col(EventRows.SUB)
    };
  }
}
