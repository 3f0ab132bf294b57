package io.strec.spark.ingest;

import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A dataset read by Spark: its events ({@link EventRows#EVENTS}) and item metadata ({@link
 * EventRows#ITEMS}, one row per item id, merged as {@link io.strec.data.Loaded#read} merges them),
 * both ordered by {@link EventRows#ORD} as a single reader meets them. Closing it releases what the
 * read cached.
 *
 * @param source the source as {@link io.strec.data.DataSource#describe()} gives it
 */
public record Imported(String source, Dataset<Row> events, Dataset<Row> items, Runnable release)
    implements AutoCloseable {
  public Imported {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(release, "release");
  }

  /** The same metadata with other events (after cleaning, say). */
  public Imported withEvents(Dataset<Row> newEvents) {
    return new Imported(source, newEvents, items, release);
  }

  /** The same events with other item metadata (the catalogue of a k-core, say). */
  public Imported withItems(Dataset<Row> newItems) {
    return new Imported(source, events, newItems, release);
  }

  @Override
  public void close() {
    release.run();
  }
}
