package io.strec.spark.ingest;

import io.strec.data.DataSource;
import io.strec.data.Item;
import io.strec.data.Loaded;
import io.strec.data.RawEvent;
import io.strec.data.RowPolicy;
import io.strec.data.io.LineTable;
import io.strec.data.io.LineTableSource;
import io.strec.data.io.TableReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Reads a dataset with Spark, row for row as {@code strec import} reads it: the importer's tables
 * are parsed line by line on the executors ({@link ParseLines}); row counts and rejected rows go to
 * the caller's {@link RowPolicy} on the driver, in file order, so the counts, the reject file and
 * the first error under {@code --on-error fail} are those of a single-node import.
 *
 * <p>A source whose rows cannot be parsed one at a time (RecBole sequence files rebuild each user's
 * events from several rows) is read on the driver by its single-node reader and then handed to
 * Spark.
 */
public final class SparkReader {
  private SparkReader() {}

  /**
   * Reads the dataset {@code ref} names, applying {@code policy} as a single-node import does.
   *
   * @param minPartitions the least number of splits of each uncompressed file
   * @param log receives one line per stage
   */
  public static Imported read(
      SparkSession spark, SourceRef ref, RowPolicy policy, int minPartitions, Consumer<String> log)
      throws IOException {
    DataSource source = ref.open();
    log.accept("reading " + source.describe());
    if (source instanceof LineTableSource lines) {
      return readLines(spark, ref, lines, policy, minPartitions);
    }
    return onDriver(spark, source, policy);
  }

  private static Imported readLines(
      SparkSession spark,
      SourceRef ref,
      LineTableSource source,
      RowPolicy policy,
      int minPartitions)
      throws IOException {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<LineTable<RawEvent>> eventTables = source.eventTables();
    List<LineTable<Item>> itemTables = source.itemTables();
    if (eventTables.isEmpty()) {
      throw new IllegalStateException(source.describe() + " names no event file");
    }
    List<String> names = new ArrayList<>();
    Dataset<Row> parsed = null;
    for (int i = 0; i < eventTables.size() + itemTables.size(); i++) {
      boolean events = i < eventTables.size();
      LineTable<?> t = events ? eventTables.get(i) : itemTables.get(i - eventTables.size());
      TableReader reader = t.reader();
      names.add(t.name());
      String header = reader.hasHeader() ? reader.headerLine() : "";
      // A header the mapping does not fit stops the import here, as it stops a single reader,
      // rather than in every task.
      reader.lines(header);
      JavaRDD<Row> rows =
          TextLines.of(jsc, reader.file(), reader.charset(), minPartitions)
              .mapPartitions(
                  new ParseLines(
                      ref,
                      events ? ParseLines.Tables.EVENTS : ParseLines.Tables.ITEMS,
                      events ? i : i - eventTables.size(),
                      i,
                      header));
      Dataset<Row> df = spark.createDataFrame(rows, ParsedRows.SCHEMA);
      parsed = parsed == null ? df : parsed.union(df);
    }
    parsed = parsed.persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> cached = parsed;
    try {
      account(parsed, names, policy);
      // Users are not imported, but a single-node import reads (and counts) them.
      source.readUsers(u -> {}, policy);
    } catch (RuntimeException | IOException | Error e) {
      cached.unpersist();
      throw e;
    }
    Dataset<Row> accepted = parsed.filter(functions.col(ParsedRows.ACCEPTED));
    Dataset<Row> events =
        accepted.filter(functions.col(ParsedRows.EVENT).isNotNull()).select("event.*");
    Dataset<Row> items;
    if (source.itemOfEventRow().isPresent()) {
      items = firstOfEachItem(spark, accepted.filter(functions.col(ParsedRows.EVENT).isNotNull()));
    } else {
      items =
          ItemMerge.merged(
              spark, accepted.filter(functions.col(ParsedRows.EVENT).isNull()).select("item.*"));
    }
    return new Imported(source.describe(), events, items, cached::unpersist);
  }

  /**
   * Row counts per file and every rejected row, in file order, through {@code policy}: the first
   * rejection throws under {@code fail}, and under {@code skip} the reject file gets the rows a
   * single reader would have written, in the same order.
   */
  private static void account(Dataset<Row> parsed, List<String> names, RowPolicy policy) {
    Map<Integer, Long> accepted = new HashMap<>();
    long rejected = 0;
    for (Row r :
        parsed
            .select(
                functions
                    .shiftrightunsigned(
                        functions.coalesce(
                            functions.col("event." + EventRows.ORD),
                            functions.col("item." + EventRows.ORD),
                            functions.col("reject." + EventRows.ORD)),
                        EventRows.LINE_BITS)
                    .cast("int")
                    .as("table"),
                functions.col(ParsedRows.ACCEPTED))
            .groupBy("table", ParsedRows.ACCEPTED)
            .count()
            .collectAsList()) {
      if (r.getBoolean(1)) {
        accepted.put(r.getInt(0), r.getLong(2));
      } else {
        rejected += r.getLong(2);
      }
    }
    // Rejections are few (or stop the import): only then are they sorted and streamed here.
    Iterator<Row> rejects =
        rejected == 0
            ? java.util.Collections.emptyIterator()
            : parsed
                .filter(functions.not(functions.col(ParsedRows.ACCEPTED)))
                .select("reject.*")
                .orderBy(EventRows.ORD)
                .toLocalIterator();
    Row pending = rejects.hasNext() ? rejects.next() : null;
    for (int t = 0; t < names.size(); t++) {
      String name = names.get(t);
      policy.opened(name);
      policy.accepted(name, accepted.getOrDefault(t, 0L));
      while (pending != null && (pending.getLong(0) >>> EventRows.LINE_BITS) == t) {
        policy.rejected(ParsedRows.error(pending), ParsedRows.raw(pending));
        pending = rejects.hasNext() ? rejects.next() : null;
      }
    }
  }

  /** One item per id from its first accepted event row, unmerged (check-ins naming their venue). */
  private static Dataset<Row> firstOfEachItem(SparkSession spark, Dataset<Row> accepted) {
    JavaRDD<Row> first =
        accepted
            .select("item.*")
            .javaRDD()
            .mapToPair(r -> new Tuple2<>(r.getString(1), r))
            .reduceByKey((a, b) -> a.getLong(0) <= b.getLong(0) ? a : b)
            .values();
    return spark.createDataFrame(first, EventRows.ITEMS);
  }

  /** The single-node reader on the driver, its result handed to Spark. */
  private static Imported onDriver(SparkSession spark, DataSource source, RowPolicy policy)
      throws IOException {
    Loaded loaded = Loaded.read(source, policy);
    List<Row> events = new ArrayList<>(loaded.events().size());
    long ord = 0;
    for (RawEvent e : loaded.events()) {
      events.add(EventRows.row(e, ord++, 0));
    }
    List<Row> items = new ArrayList<>(loaded.items().size());
    ord = 0;
    for (Item it : loaded.items().values()) {
      items.add(EventRows.row(it, ord++));
    }
    return new Imported(
        loaded.source(),
        spark.createDataFrame(events, EventRows.EVENTS),
        spark.createDataFrame(items, EventRows.ITEMS),
        () -> {});
  }
}
