package io.strec.spark.ingest;

import io.strec.data.Item;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Item records of one id merged as {@link io.strec.data.Loaded#read} merges them: in read order,
 * each record filling only the fields still empty ({@link Item#mergedWith}); the merged item keeps
 * the order key of the id's first record.
 */
final class ItemMerge {
  private ItemMerge() {}

  static Dataset<Row> merged(SparkSession spark, Dataset<Row> items) {
    JavaRDD<Row> merged =
        items
            .javaRDD()
            .mapToPair(r -> new Tuple2<>(r.getString(r.fieldIndex(EventRows.ITEM)), r))
            .groupByKey()
            .values()
            .map(ItemMerge::merge);
    return spark.createDataFrame(merged, EventRows.ITEMS);
  }

  private static Row merge(Iterable<Row> records) {
    List<Row> inOrder = new ArrayList<>();
    records.forEach(inOrder::add);
    inOrder.sort(Comparator.comparingLong(r -> r.getLong(r.fieldIndex(EventRows.ORD))));
    Item item = EventRows.item(inOrder.get(0));
    for (int i = 1; i < inOrder.size(); i++) {
      item = item.mergedWith(EventRows.item(inOrder.get(i)));
    }
    Row first = inOrder.get(0);
    return EventRows.row(item, first.getLong(first.fieldIndex(EventRows.ORD)));
  }
}
