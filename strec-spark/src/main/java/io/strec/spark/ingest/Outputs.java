package io.strec.spark.ingest;

import static org.apache.spark.sql.functions.col;

import io.strec.data.Item;
import io.strec.data.RawEvent;
import io.strec.data.io.StrecWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Where an import goes: STREC's own layout ({@code events.csv} + {@code items.jsonl}, written by
 * {@link StrecWriter} on the driver from the rows streamed in read order, one partition at a time:
 * byte for byte what {@code strec import --out} writes), or Parquet written by the executors
 * ({@code events.parquet/}, {@code items.parquet/}, rows in read order across the part files, with
 * each event's source file and line).
 */
public final class Outputs {
  private Outputs() {}

  /** Writes {@code dir/events.csv} and {@code dir/items.jsonl}; returns the events written. */
  public static long writeStrec(Imported data, Path dir) throws IOException {
    long[] written = new long[1];
    Iterable<RawEvent> events =
        () ->
            mapped(
                inOrder(data.events()).toLocalIterator(),
                r -> {
                  written[0]++;
                  return EventRows.event(r);
                });
    StrecWriter.writeEvents(events, dir.resolve("events.csv"));
    Iterable<Item> items =
        () -> mapped(data.items().orderBy(col(EventRows.ORD)).toLocalIterator(), EventRows::item);
    StrecWriter.writeItems(items, Map.of(), dir.resolve("items.jsonl"));
    return written[0];
  }

  /** Writes {@code uri/events.parquet} and {@code uri/items.parquet}; neither may exist. */
  public static void writeParquet(Imported data, String uri) {
    String base = uri.endsWith("/") ? uri : uri + "/";
    inOrder(data.events())
        .drop(EventRows.ORD, EventRows.SUB)
        .write()
        .mode(SaveMode.ErrorIfExists)
        .parquet(base + "events.parquet");
    data.items()
        .orderBy(col(EventRows.ORD))
        .drop(EventRows.ORD)
        .write()
        .mode(SaveMode.ErrorIfExists)
        .parquet(base + "items.parquet");
  }

  static Dataset<Row> inOrder(Dataset<Row> events) {
    return events.orderBy(col(EventRows.ORD), col(EventRows.SUB));
  }

  private static <A, B> Iterator<B> mapped(Iterator<A> in, Function<A, B> f) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return in.hasNext();
      }

      @Override
      public B next() {
        return f.apply(in.next());
      }
    };
  }
}
