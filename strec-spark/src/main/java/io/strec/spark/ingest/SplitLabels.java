package io.strec.spark.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The protocol splits of docs/protocols.md as labels in each event's {@code split} column
 * (replacing any split the source carried), so that one pass over a huge log says which rows train
 * and which are held out:
 *
 * <ul>
 *   <li>{@code loo}: per user, events sorted by time with ties in read order; the last is {@code
 *       test}, the second-to-last {@code valid}, the rest {@code train} (as {@link
 *       io.strec.eval.protocol.LeaveOneOut} splits them);
 *   <li>{@code temporal}: events strictly before the cut-off are {@code train}, the others {@code
 *       test} (as {@link io.strec.eval.protocol.TemporalSplit}).
 * </ul>
 *
 * The other protocols need no labelling here: {@code getnext} takes its training rows from the
 * table's own {@code split} column (kept as read) and its cases from a separate evaluation file,
 * and {@code given} reads splits that its files already are.
 */
public final class SplitLabels {
  /** A protocol that labels events. */
  public sealed interface Protocol permits LeaveOneOut, Temporal {
    /** Parses {@code loo} or {@code temporal:EPOCH_SECOND}. */
    static Protocol parse(String name, long cutoff) {
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "loo" -> new LeaveOneOut();
        case "temporal" -> new Temporal(cutoff);
        default ->
            throw new IllegalArgumentException(
                "protocol '"
                    + name
                    + "' does not label events (expected loo or temporal; getnext and given"
                    + " read their splits from their own files)");
      };
    }
  }

  /** Leave-one-out by time. */
  public record LeaveOneOut() implements Protocol {}

  /** A global cut-off, in UTC seconds. */
  public record Temporal(long cutoffEpochSecond) implements Protocol {}

  private SplitLabels() {}

  public static Dataset<Row> label(Dataset<Row> events, Protocol protocol) {
    if (protocol instanceof Temporal t) {
      return events.withColumn(
          EventRows.SPLIT,
          when(col(EventRows.TIME).lt(t.cutoffEpochSecond()), lit("train")).otherwise(lit("test")));
    }
    Dataset<Row> ranked =
        events.withColumn(
            "_from_end",
            row_number()
                .over(
                    Window.partitionBy(col(EventRows.USER))
                        .orderBy(
                            col(EventRows.TIME).desc(),
                            col(EventRows.ORD).desc(),
                            col(EventRows.SUB).desc())));
    return ranked
        .withColumn(
            EventRows.SPLIT,
            when(col("_from_end").equalTo(1), lit("test"))
                .when(col("_from_end").equalTo(2), lit("valid"))
                .otherwise(lit("train")))
        .drop("_from_end");
  }
}
