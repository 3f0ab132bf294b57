package io.strec.spark.ingest;

import io.strec.data.InvalidRecordException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What parsing one line gave, as a Spark row: a record (an event with, for sources whose items come
 * from the event rows, its item; or an item), or a rejection with everything {@link
 * InvalidRecordException} names.
 */
final class ParsedRows {
  static final String ACCEPTED = "accepted";
  static final String EVENT = "event";
  static final String ITEM = "item";
  static final String REJECT = "reject";

  static final StructType REJECTS =
      new StructType()
          .add(EventRows.ORD, DataTypes.LongType, false)
          .add("file", DataTypes.StringType, false)
          .add(EventRows.LINE, DataTypes.LongType, false)
          .add("column", DataTypes.StringType, false)
          .add("value", DataTypes.StringType, true)
          .add("reason", DataTypes.StringType, false)
          .add("raw", DataTypes.StringType, false);

  static final StructType SCHEMA =
      new StructType()
          .add(ACCEPTED, DataTypes.BooleanType, false)
          .add(EVENT, EventRows.EVENTS, true)
          .add(ITEM, EventRows.ITEMS, true)
          .add(REJECT, REJECTS, true);

  private ParsedRows() {}

  static Row accepted(Row event, Row item) {
    return RowFactory.create(true, event, item, null);
  }

  static Row rejected(long ord, InvalidRecordException e, String raw) {
    return RowFactory.create(
        false,
        null,
        null,
        RowFactory.create(ord, e.file(), e.line(), e.column(), e.value(), e.reason(), raw));
  }

  /** The exception a rejection row records, as the single-node reader threw it. */
  static InvalidRecordException error(Row reject) {
    return new InvalidRecordException(
        reject.getString(1),
        reject.getLong(2),
        reject.getString(3),
        reject.isNullAt(4) ? null : reject.getString(4),
        reject.getString(5));
  }

  static String raw(Row reject) {
    return reject.getString(6);
  }
}
