package io.strec.spark.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.udf;

import io.strec.data.clean.Deduplicate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@link Deduplicate} as a Spark job: events equal in every field but their provenance are
 * duplicates, and the first in read order is kept.
 *
 * <p>Doubles are compared by their bits ({@link Double#doubleToLongBits}), as {@link Double#equals}
 * does: two NaNs are equal, {@code 0.0} and {@code -0.0} are not. Grouping on the doubles
 * themselves would let Spark fold {@code -0.0} into {@code 0.0}.
 */
final class SparkDeduplicate {
  private static final UserDefinedFunction BITS =
      udf((UDF1<Double, Long>) Double::doubleToLongBits, DataTypes.LongType);

  private SparkDeduplicate() {}

  /** The surviving events and the report {@link Deduplicate} would give. */
  static Step run(Dataset<Row> events) {
    Dataset<Row> in = events.persist();
    long before = in.count();
    Column[] key = {
      col(EventRows.USER),
      col(EventRows.ITEM),
      col(EventRows.TIME),
      col(EventRows.TZ),
      BITS.apply(col(EventRows.LAT)),
      BITS.apply(col(EventRows.LON)),
      col(EventRows.TYPE),
      BITS.apply(col(EventRows.WEIGHT)),
      col(EventRows.SPLIT),
      col(EventRows.GROUP)
    };
    Dataset<Row> kept =
        in.withColumn(
                "_first",
                row_number()
                    .over(Window.partitionBy(key).orderBy(col(EventRows.ORD), col(EventRows.SUB))))
            .filter(col("_first").equalTo(1))
            .drop("_first")
            .persist();
    long after = kept.count();
    in.unpersist();
    return new Step(
        kept, new Deduplicate.Report(Math.toIntExact(before), Math.toIntExact(before - after)));
  }
}
