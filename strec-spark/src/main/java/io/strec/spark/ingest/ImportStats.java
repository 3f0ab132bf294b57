package io.strec.spark.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.strec.data.io.TimeFormat;
import java.io.PrintWriter;
import java.util.Locale;
import org.apache.spark.sql.Row;

/**
 * The statistics {@code strec import} prints: events, users, items (and how many have metadata),
 * the share with a location and the time range.
 */
public record ImportStats(
    long events,
    long users,
    long items,
    long itemsWithMetadata,
    long located,
    long minT,
    long maxT) {

  public static ImportStats of(Imported data) {
    Row r =
        data.events()
            .agg(
                count("*"),
                countDistinct(col(EventRows.USER)),
                countDistinct(col(EventRows.ITEM)),
                sum(
                    when(not(isnan(col(EventRows.LAT))).and(not(isnan(col(EventRows.LON)))), 1L)
                        .otherwise(0L)),
                min(col(EventRows.TIME)),
                max(col(EventRows.TIME)))
            .first();
    long n = r.getLong(0);
    return new ImportStats(
        n,
        r.getLong(1),
        r.getLong(2),
        data.items().count(),
        n == 0 ? 0 : r.getLong(3),
        n == 0 ? Long.MAX_VALUE : r.getLong(4),
        n == 0 ? Long.MIN_VALUE : r.getLong(5));
  }

  /** The lines {@code strec import} prints, in its format. */
  public void print(PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "%d events, %d users, %d items (%d with metadata), %.1f%% located%n",
        events,
        users,
        items,
        itemsWithMetadata,
        events == 0 ? 0.0 : 100.0 * located / events);
    if (events > 0) {
      out.printf(
          Locale.ROOT,
          "time range %d .. %d (%s .. %s)%n",
          minT,
          maxT,
          TimeFormat.iso(minT),
          TimeFormat.iso(maxT));
    }
  }
}
