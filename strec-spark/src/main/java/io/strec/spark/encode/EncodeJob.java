package io.strec.spark.encode;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.trim;

import io.strec.data.RowPolicy;
import io.strec.encoder.TextEncoder;
import io.strec.encoder.store.EmbeddingStore;
import io.strec.spark.ingest.EventRows;
import io.strec.spark.ingest.Imported;
import io.strec.spark.ingest.SourceRef;
import io.strec.spark.ingest.SparkReader;
import io.strec.text.ItemText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code strec-spark encode}: the language-model vector of every catalogue item (items with
 * metadata and items seen only in events), rendered and encoded as {@code content} and {@code stm}
 * encode them on one machine ({@link io.strec.model.content.CatalogueVectors#itemVectors}): the
 * place template when the data has places, else the generic one; a zero vector for an item without
 * any text.
 */
public final class EncodeJob {
  /** The rows of the Parquet vectors. */
  public static final StructType VECTORS =
      new StructType()
          .add(EventRows.ITEM, DataTypes.StringType, false)
          .add("text", DataTypes.StringType, false)
          .add("vector", DataTypes.createArrayType(DataTypes.FloatType, false), false);

  /** Vectors the driver holds before writing them to the embedding store. */
  private static final int FLUSH_EVERY = 200_000;

  /** Texts handed to the encoder per call. */
  public static final int DEFAULT_BATCH = 64;

  /**
   * What to do.
   *
   * @param encoder encoder spec, e.g. {@code minilm-q}
   * @param vectors Parquet output (any URI Spark writes to), or empty
   * @param embeddingStore the embedding store directory to fill (on the driver), or empty
   * @param partitions how many tasks encode (the catalogue is spread over them)
   * @param batch texts per encoder call
   */
  public record Options(
      SourceRef source,
      String encoder,
      Optional<String> vectors,
      Optional<Path> embeddingStore,
      int partitions,
      int batch) {
    public Options {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(encoder, "encoder");
      Objects.requireNonNull(vectors, "vectors");
      Objects.requireNonNull(embeddingStore, "embeddingStore");
      if (partitions < 1 || batch < 1) {
        throw new IllegalArgumentException(
            "partitions and batch must be >= 1, got " + partitions + " and " + batch);
      }
    }
  }

  /** What was encoded: catalogue items, texts that were not blank, the encoder's id and size. */
  public record Result(long items, long texts, String modelId, int dimension) {}

  private EncodeJob() {}

  public static Result run(SparkSession spark, Options o, RowPolicy policy, PrintWriter out)
      throws IOException {
    // Opening it here checks the spec before any work, and gives the id the store is keyed by.
    TextEncoder driverSide = ExecutorEncoders.get(o.encoder());
    try (Imported data =
        SparkReader.read(spark, o.source(), policy, o.partitions(), out::println)) {
      out.print(policy.stats().summary());
      Dataset<Row> vectors = vectors(data, o.encoder(), o.partitions(), o.batch()).persist();
      try {
        long items = vectors.count();
        long texts = vectors.filter(length(trim(col("text"))).gt(0)).count();
        out.printf(
            java.util.Locale.ROOT,
            "encoded %d texts of %d items with %s (%d-d)%n",
            texts,
            items,
            driverSide.modelId(),
            driverSide.dimension());
        if (o.vectors().isPresent()) {
          vectors
              .orderBy(EventRows.ITEM)
              .write()
              .mode(SaveMode.ErrorIfExists)
              .parquet(o.vectors().get());
          out.println("wrote vectors to " + o.vectors().get());
        }
        if (o.embeddingStore().isPresent()) {
          int stored = store(vectors, o.embeddingStore().get(), driverSide);
          out.println(
              "embedding store " + o.embeddingStore().get() + ": " + stored + " vectors added");
        }
        out.flush();
        return new Result(items, texts, driverSide.modelId(), driverSide.dimension());
      } finally {
        vectors.unpersist();
      }
    }
  }

  /**
   * {@code item_id, text, vector} of every catalogue item: the items with metadata in read order,
   * then the items known only from events in the order of their first event.
   */
  public static Dataset<Row> vectors(Imported data, String encoder, int partitions, int batch) {
    boolean places =
        !data.items().filter(not(isnan(col(EventRows.LAT)))).limit(1).isEmpty()
            || !data.events().filter(not(isnan(col(EventRows.LAT)))).limit(1).isEmpty();
    Dataset<Row> onlyInEvents =
        data.events()
            .groupBy(EventRows.ITEM)
            .agg(min(EventRows.ORD).as(EventRows.ORD))
            .join(data.items().select(EventRows.ITEM), new String[] {EventRows.ITEM}, "left_anti");
    Dataset<Row> catalogue =
        data.items()
            .withColumn("_bare", lit(false))
            .unionByName(onlyInEvents.withColumn("_bare", lit(true)), true)
            .repartition(partitions);
    String template = places ? ItemText.PLACE : ItemText.GENERIC;
    Dataset<Row> texts =
        catalogue.mapPartitions(
            new Render(template),
            ExpressionEncoder.apply(
                new StructType()
                    .add(EventRows.ITEM, DataTypes.StringType, false)
                    .add("text", DataTypes.StringType, false)));
    return texts.mapPartitions(
        new EncodePartition(encoder, batch), ExpressionEncoder.apply(VECTORS));
  }

  /** Files the vectors under their texts in the store, streamed from the executors. */
  private static int store(Dataset<Row> vectors, Path dir, TextEncoder encoder) throws IOException {
    int added = 0;
    try (EmbeddingStore store = EmbeddingStore.open(dir, encoder.modelId(), encoder.dimension())) {
      int before = store.size();
      Iterator<Row> rows = vectors.filter(length(trim(col("text"))).gt(0)).toLocalIterator();
      while (rows.hasNext()) {
        Map<String, float[]> chunk = new HashMap<>();
        List<String> texts = new ArrayList<>();
        while (rows.hasNext() && texts.size() < 10_000) {
          Row r = rows.next();
          if (r.getString(1).isBlank()) {
            continue;
          }
          List<Float> v = r.getList(2);
          float[] f = new float[v.size()];
          for (int i = 0; i < f.length; i++) {
            f[i] = v.get(i);
          }
          chunk.put(r.getString(1), f);
          texts.add(r.getString(1));
        }
        store.getOrEncode(
            texts, new PrecomputedEncoder(encoder.modelId(), encoder.dimension(), chunk));
        if (store.unflushed() >= FLUSH_EVERY) {
          // New vectors wait in memory until a flush; a huge catalogue must not hold them all.
          store.flush();
        }
      }
      added = store.size() - before;
    }
    return added;
  }

  /** Renders each item's text: {@code item_id, text}. */
  private static final class Render implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final String template;

    Render(String template) {
      this.template = template;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      ItemText text = new ItemText(template);
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          Row r = rows.next();
          String id = r.getString(r.fieldIndex(EventRows.ITEM));
          String t =
              r.getBoolean(r.fieldIndex("_bare"))
                  ? text.render(io.strec.data.Item.bare(id))
                  : text.render(EventRows.item(r));
          return RowFactory.create(id, t);
        }
      };
    }
  }
}
