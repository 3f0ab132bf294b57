package io.strec.spark.ingest;

import static org.apache.spark.sql.functions.col;

import io.strec.data.clean.KCore;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@link KCore} as Spark jobs, round for round: each round counts events per user and per item over
 * the events alive so far and removes at once every event whose user or item falls short; it stops
 * after the first round that removes nothing. Only the keys go round; the events are joined back
 * once at the end.
 */
final class SparkKCore {
  private SparkKCore() {}

  static Step run(Dataset<Row> events, int minUserEvents, int minItemEvents, Consumer<String> log) {
    KCore single = new KCore(minUserEvents, minItemEvents); // checks the thresholds
    Dataset<Row> alive =
        events
            .select(EventRows.ORD, EventRows.SUB, EventRows.USER, EventRows.ITEM)
            .localCheckpoint();
    long eventsIn = alive.count();
    long usersIn = alive.select(EventRows.USER).distinct().count();
    long itemsIn = alive.select(EventRows.ITEM).distinct().count();
    long count = eventsIn;
    int rounds = 0;
    while (true) {
      Dataset<Row> users =
          alive
              .groupBy(EventRows.USER)
              .count()
              .filter(col("count").geq(single.minUserEvents()))
              .select(EventRows.USER);
      Dataset<Row> items =
          alive
              .groupBy(EventRows.ITEM)
              .count()
              .filter(col("count").geq(single.minItemEvents()))
              .select(EventRows.ITEM);
      Dataset<Row> next =
          alive
              .join(
                  users, alive.col(EventRows.USER).equalTo(users.col(EventRows.USER)), "left_semi")
              .join(
                  items, alive.col(EventRows.ITEM).equalTo(items.col(EventRows.ITEM)), "left_semi")
              .localCheckpoint();
      long left = next.count();
      if (left == count) {
        break;
      }
      rounds++;
      log.accept("k-core round " + rounds + ": " + count + " -> " + left + " events");
      alive = next;
      count = left;
    }
    long usersOut = alive.select(EventRows.USER).distinct().count();
    long itemsOut = alive.select(EventRows.ITEM).distinct().count();
    Dataset<Row> keys = alive.select(EventRows.ORD, EventRows.SUB);
    Dataset<Row> kept =
        events
            .join(
                keys,
                events
                    .col(EventRows.ORD)
                    .equalTo(keys.col(EventRows.ORD))
                    .and(events.col(EventRows.SUB).equalTo(keys.col(EventRows.SUB))),
                "left_semi")
            .persist();
    return new Step(
        kept,
        new KCore.Report(
            minUserEvents,
            minItemEvents,
            rounds,
            Math.toIntExact(eventsIn),
            Math.toIntExact(count),
            Math.toIntExact(usersIn),
            Math.toIntExact(usersOut),
            Math.toIntExact(itemsIn),
            Math.toIntExact(itemsOut)));
  }
}
