package io.strec.spark.recommend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import io.strec.data.RowPolicy;
import io.strec.data.Vocabulary;
import io.strec.model.ModelContext;
import io.strec.model.ModelRegistry;
import io.strec.model.artifact.ModelDirectory;
import io.strec.spark.ingest.EventRows;
import io.strec.spark.ingest.Imported;
import io.strec.spark.ingest.SourceRef;
import io.strec.spark.ingest.SparkReader;
import io.strec.util.BadInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code strec-spark recommend}: the top K of every user of a dataset from a saved model directory,
 * each list what the single-node {@code strec recommend --store} gives that user over a store
 * seeded with the same data: the model is broadcast, each executor opens it once, users are ranked
 * in batches by {@link UserRanker}.
 */
public final class RecommendJob {
  public static final StructType TOP_K =
      new StructType()
          .add(EventRows.USER, DataTypes.StringType, false)
          .add("rank", DataTypes.IntegerType, false)
          .add(EventRows.ITEM, DataTypes.StringType, false)
          .add("score", DataTypes.FloatType, false);

  /** Users the service keeps in a history ({@code io.strec.app.Recommender.Settings}). */
  public static final int DEFAULT_HISTORY = 200;

  /** Users ranked per model call. */
  public static final int DEFAULT_BATCH = 16;

  /**
   * What to do.
   *
   * @param time query time for every user (UTC seconds); empty for the data's last event time
   * @param tz the queries' local-time offset; empty for each user's last event's
   * @param out where the lists go (any URI Spark writes to; must not exist)
   * @param format {@code parquet}, {@code csv} or {@code json}
   * @param encoder encoder for items the model does not know yet
   * @param partitions how many tasks rank the users
   */
  public record Options(
      SourceRef source,
      Path modelDir,
      OptionalLong time,
      OptionalInt tz,
      int k,
      int historyLimit,
      int batch,
      String encoder,
      String out,
      String format,
      int partitions) {
    public Options {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(modelDir, "modelDir");
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(tz, "tz");
      Objects.requireNonNull(encoder, "encoder");
      Objects.requireNonNull(out, "out");
      if (k < 1 || historyLimit < 1 || batch < 1 || partitions < 1) {
        throw new IllegalArgumentException(
            "k, history limit, batch and partitions must be >= 1, got "
                + k
                + ", "
                + historyLimit
                + ", "
                + batch
                + ", "
                + partitions);
      }
      if (!List.of("parquet", "csv", "json").contains(format)) {
        throw new IllegalArgumentException(
            "format must be parquet, csv or json, not '" + format + "'");
      }
      if (tz.isPresent() && Math.abs(tz.getAsInt()) > 18 * 60) {
        throw new IllegalArgumentException(
            "tz must be within [-1080, 1080] minutes, got " + tz.getAsInt());
      }
    }
  }

  /** What was done: users ranked, rows written, the query time used, the model's name. */
  public record Result(long users, long rows, long time, String model) {}

  private RecommendJob() {}

  public static Result run(SparkSession spark, Options o, RowPolicy policy, PrintWriter out)
      throws IOException {
    try (Imported data =
        SparkReader.read(spark, o.source(), policy, o.partitions(), out::println)) {
      out.print(policy.stats().summary());
      long time = o.time().orElseGet(() -> lastTime(data));
      Ranked ranked = ranked(spark, data, o, time, out);
      Dataset<Row> written = ranked.rows().persist();
      try {
        long rows = written.count();
        long users = written.select(EventRows.USER).distinct().count();
        var writer = written.write().mode(SaveMode.ErrorIfExists);
        switch (o.format()) {
          case "csv" -> writer.option("header", "true").csv(o.out());
          case "json" -> writer.json(o.out());
          default -> writer.parquet(o.out());
        }
        out.printf(
            Locale.ROOT, "wrote %d recommendations for %d users to %s%n", rows, users, o.out());
        out.flush();
        return new Result(users, rows, time, modelName(o));
      } finally {
        written.unpersist();
        ExecutorModels.release(ranked.modelKey());
      }
    }
  }

  /**
   * The top K rows of every user, unsorted and computed lazily, and the key under which executors
   * hold the broadcast model.
   */
  public record Ranked(Dataset<Row> rows, String modelKey) {}

  /** Broadcasts the model and plans the ranking of every user of {@code data}. */
  public static Ranked ranked(
      SparkSession spark, Imported data, Options o, long time, PrintWriter out) throws IOException {
    ModelPayload payload = payload(data, o);
    out.printf(
        Locale.ROOT,
        "model %s: %d files, %.1f MB broadcast; %d items added, %d never recommended; query time %d%n",
        o.modelDir(),
        payload.files().size(),
        payload.bytes() / 1e6,
        payload.added().size(),
        payload.absentItems().cardinality(),
        time);
    Broadcast<ModelPayload> model =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(payload);
    Dataset<Row> rows =
        data.events()
            .select(RankPartition.columns())
            .repartition(o.partitions(), col(EventRows.USER))
            .sortWithinPartitions(
                col(EventRows.USER), col(EventRows.TIME), col(EventRows.ORD), col(EventRows.SUB))
            .mapPartitions(
                new RankPartition(model, time, o.tz(), o.k(), o.historyLimit(), o.batch()),
                ExpressionEncoder.apply(TOP_K));
    return new Ranked(rows, payload.key());
  }

  /**
   * The files to broadcast, with the catalogue the single-node service would serve: the model's
   * items plus the items the data holds that the model lacks (in id order, as the store lists
   * them), and the model's items the data does not hold marked absent.
   */
  private static ModelPayload payload(Imported data, Options o) throws IOException {
    Vocabulary ids;
    try (ModelContext context = new ModelContext(o.encoder(), Optional.empty(), line -> {});
        ModelDirectory.Opened opened =
            ModelDirectory.open(o.modelDir(), ModelRegistry.load(), context)) {
      ids = opened.items();
    }
    Set<String> held = new HashSet<>();
    data.items()
        .select(EventRows.ITEM)
        .toLocalIterator()
        .forEachRemaining(r -> held.add(r.getString(0)));
    data.events()
        .select(EventRows.ITEM)
        .distinct()
        .toLocalIterator()
        .forEachRemaining(r -> held.add(r.getString(0)));
    List<String> missing = new ArrayList<>();
    for (String id : held) {
      if (!ids.contains(id)) {
        missing.add(id);
      }
    }
    missing.sort(Comparator.naturalOrder());
    List<Row> added = new ArrayList<>();
    if (!missing.isEmpty()) {
      List<Row> withMetadata =
          data.items().filter(col(EventRows.ITEM).isin(missing.toArray())).collectAsList();
      java.util.Map<String, Row> byId = new java.util.HashMap<>();
      withMetadata.forEach(r -> byId.put(r.getString(r.fieldIndex(EventRows.ITEM)), r));
      for (String id : missing) {
        Row r = byId.get(id);
        added.add(r != null ? r : EventRows.row(io.strec.data.Item.bare(id), 0));
      }
    }
    BitSet absent = new BitSet(ids.size() + missing.size());
    for (int i = 0; i < ids.size(); i++) {
      if (!held.contains(ids.id(i))) {
        absent.set(i);
      }
    }
    return new ModelPayload(
        UUID.randomUUID().toString(),
        ModelPayload.read(o.modelDir()),
        added,
        absent.toLongArray(),
        o.encoder());
  }

  private static long lastTime(Imported data) {
    Row r = data.events().agg(max(col(EventRows.TIME))).first();
    if (r.isNullAt(0)) {
      throw new BadInputException("the dataset has no events: no user to recommend for");
    }
    return r.getLong(0);
  }

  private static String modelName(Options o) throws IOException {
    return ModelDirectory.readProperties(o.modelDir().resolve(ModelDirectory.FORMAT_FILE))
        .getProperty("model", "?");
  }

  /**
   * Closes this JVM's copy of a job's model: in a local run the driver is the executor, and the
   * model need not wait for the JVM's exit.
   */
  public static void release(String modelKey) {
    ExecutorModels.release(modelKey);
  }
}
