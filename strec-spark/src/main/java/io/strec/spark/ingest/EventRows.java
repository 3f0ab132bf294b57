package io.strec.spark.ingest;

import io.strec.data.Item;
import io.strec.data.Provenance;
import io.strec.data.RawEvent;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark rows of events and items, and their conversion from and to {@link RawEvent} and {@link
 * Item}. Missing values stay as STREC keeps them (NaN, ""), never null.
 *
 * <p>{@value #ORD} and {@value #SUB} order the rows as a single-node reader meets them: a line
 * table's row has {@code ord = table << 40 | line} and {@code sub = 0}, so sorting by them gives
 * file order across every table of a source.
 */
public final class EventRows {
  public static final String ORD = "ord";
  public static final String SUB = "sub";
  public static final String USER = "user_id";
  public static final String ITEM = "item_id";
  public static final String TIME = "epoch_second";
  public static final String TZ = "tz_offset_min";
  public static final String LAT = "latitude";
  public static final String LON = "longitude";
  public static final String TYPE = "event_type";
  public static final String WEIGHT = "weight";
  public static final String SPLIT = "split";
  public static final String GROUP = "group";
  public static final String SOURCE = "source";
  public static final String LINE = "line";

  public static final String TITLE = "title";
  public static final String CATEGORIES = "categories";
  public static final String BRAND = "brand";
  public static final String DESCRIPTION = "description";

  /** Line numbers below 2^40 (a trillion lines per file); tables above it. */
  static final int LINE_BITS = 40;

  public static final StructType EVENTS =
      new StructType()
          .add(ORD, DataTypes.LongType, false)
          .add(SUB, DataTypes.LongType, false)
          .add(USER, DataTypes.StringType, false)
          .add(ITEM, DataTypes.StringType, false)
          .add(TIME, DataTypes.LongType, false)
          .add(TZ, DataTypes.IntegerType, false)
          .add(LAT, DataTypes.DoubleType, false)
          .add(LON, DataTypes.DoubleType, false)
          .add(TYPE, DataTypes.StringType, false)
          .add(WEIGHT, DataTypes.DoubleType, false)
          .add(SPLIT, DataTypes.StringType, false)
          .add(GROUP, DataTypes.StringType, false)
          .add(SOURCE, DataTypes.StringType, false)
          .add(LINE, DataTypes.LongType, false);

  public static final StructType ITEMS =
      new StructType()
          .add(ORD, DataTypes.LongType, false)
          .add(ITEM, DataTypes.StringType, false)
          .add(TITLE, DataTypes.StringType, false)
          .add(CATEGORIES, DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add(BRAND, DataTypes.StringType, false)
          .add(DESCRIPTION, DataTypes.StringType, false)
          .add(LAT, DataTypes.DoubleType, false)
          .add(LON, DataTypes.DoubleType, false);

  private EventRows() {}

  /** The order key of line {@code line} of table {@code table}. */
  static long ord(int table, long line) {
    if (line < 0 || line >= 1L << LINE_BITS) {
      throw new IllegalArgumentException("line " + line + " outside [0, 2^" + LINE_BITS + ")");
    }
    return ((long) table << LINE_BITS) | line;
  }

  public static Row row(RawEvent e, long ord, long sub) {
    return RowFactory.create(
        ord,
        sub,
        e.userId(),
        e.itemId(),
        e.epochSecond(),
        e.tzOffsetMinutes(),
        e.latitude(),
        e.longitude(),
        e.type(),
        e.weight(),
        e.split(),
        e.group(),
        e.provenance().source(),
        e.provenance().line());
  }

  /** The event of a row with the columns of {@link #EVENTS} (in any order, extra ones ignored). */
  public static RawEvent event(Row r) {
    return new RawEvent(
        r.getString(r.fieldIndex(USER)),
        r.getString(r.fieldIndex(ITEM)),
        r.getLong(r.fieldIndex(TIME)),
        r.getInt(r.fieldIndex(TZ)),
        r.getDouble(r.fieldIndex(LAT)),
        r.getDouble(r.fieldIndex(LON)),
        r.getString(r.fieldIndex(TYPE)),
        r.getDouble(r.fieldIndex(WEIGHT)),
        r.getString(r.fieldIndex(SPLIT)),
        r.getString(r.fieldIndex(GROUP)),
        new Provenance(r.getString(r.fieldIndex(SOURCE)), r.getLong(r.fieldIndex(LINE))));
  }

  public static Row row(Item it, long ord) {
    return RowFactory.create(
        ord,
        it.id(),
        it.title(),
        it.categories().toArray(new String[0]),
        it.brand(),
        it.description(),
        it.latitude(),
        it.longitude());
  }

  /** The item of a row with the columns of {@link #ITEMS} (in any order, extra ones ignored). */
  public static Item item(Row r) {
    List<String> categories = r.getList(r.fieldIndex(CATEGORIES));
    return new Item(
        r.getString(r.fieldIndex(ITEM)),
        r.getString(r.fieldIndex(TITLE)),
        categories,
        r.getString(r.fieldIndex(BRAND)),
        r.getString(r.fieldIndex(DESCRIPTION)),
        r.getDouble(r.fieldIndex(LAT)),
        r.getDouble(r.fieldIndex(LON)));
  }
}
