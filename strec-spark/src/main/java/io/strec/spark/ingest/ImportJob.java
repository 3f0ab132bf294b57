package io.strec.spark.ingest;

import io.strec.data.RowPolicy;
import io.strec.data.clean.CleaningReport;
import io.strec.data.clean.KCore;
import io.strec.data.clean.StepReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code strec-spark import}: what {@code strec import} does, on Spark. Read and validate (row
 * counts, reject file), then deduplicate and filter to the k-core if asked, label a protocol's
 * splits if asked, and write STREC's layout and/or Parquet. It prints what {@code strec import}
 * prints.
 */
public final class ImportJob {
  /**
   * What to do.
   *
   * @param kcore {@code {users, items}} thresholds, or empty
   * @param out STREC layout directory on the driver's file system, or empty
   * @param parquet Parquet output directory (any URI Spark writes to), or empty
   * @param partitions the least number of splits of each uncompressed input file
   */
  public record Options(
      SourceRef source,
      boolean dedup,
      Optional<int[]> kcore,
      Optional<SplitLabels.Protocol> protocol,
      Optional<Path> out,
      Optional<String> parquet,
      int partitions) {
    public Options {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(kcore, "kcore");
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(parquet, "parquet");
      if (kcore.isPresent() && kcore.get().length != 2) {
        throw new IllegalArgumentException("k-core takes two thresholds, users and items");
      }
      if (partitions < 1) {
        throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
      }
    }

    /** Read and write only. */
    public static Options of(SourceRef source, Path out, int partitions) {
      return new Options(
          source,
          false,
          Optional.empty(),
          Optional.empty(),
          Optional.of(out),
          Optional.empty(),
          partitions);
    }
  }

  /** What was written. */
  public record Result(ImportStats stats, Optional<CleaningReport> cleaning) {}

  private ImportJob() {}

  public static Result run(SparkSession spark, Options o, RowPolicy policy, PrintWriter out)
      throws IOException {
    try (Imported read =
        SparkReader.read(spark, o.source(), policy, o.partitions(), out::println)) {
      out.print(policy.stats().summary());
      if (policy.stats().total().rejected() > 0) {
        out.println(
            "rejected rows written to " + policy.rejectFile().map(Path::toString).orElse("?"));
      }
      List<Dataset<Row>> persisted = new ArrayList<>();
      try {
        Imported data = read;
        Optional<CleaningReport> cleaning = Optional.empty();
        if (o.dedup() || o.kcore().isPresent()) {
          long eventsIn = read.events().count();
          List<StepReport> steps = new ArrayList<>();
          Dataset<Row> events = read.events();
          if (o.dedup()) {
            Step s = SparkDeduplicate.run(events);
            persisted.add(s.events());
            steps.add(s.report());
            events = s.events();
          }
          if (o.kcore().isPresent()) {
            Step s = SparkKCore.run(events, o.kcore().get()[0], o.kcore().get()[1], line -> {});
            persisted.add(s.events());
            steps.add(s.report());
            events = s.events();
          }
          CleaningReport report = new CleaningReport(Math.toIntExact(eventsIn), steps);
          out.println(report.summary());
          cleaning = Optional.of(report);
          data = read.withEvents(events);
          if (o.kcore().isPresent()) {
            // A k-core keeps only the items with events in it, as strec import does.
            Dataset<Row> named = events.select(EventRows.ITEM).distinct();
            Dataset<Row> items =
                read.items()
                    .join(
                        named,
                        read.items().col(EventRows.ITEM).equalTo(named.col(EventRows.ITEM)),
                        "left_semi")
                    .persist();
            persisted.add(items);
            out.println(KCore.catalogueSummary(read.items().count(), items.count()));
            data = data.withItems(items);
          }
        }
        if (o.protocol().isPresent()) {
          data = data.withEvents(SplitLabels.label(data.events(), o.protocol().get()));
        }
        ImportStats stats = ImportStats.of(data);
        stats.print(out);
        if (o.out().isPresent()) {
          long n = Outputs.writeStrec(data, o.out().get());
          out.println(
              "wrote "
                  + n
                  + " events and "
                  + stats.itemsWithMetadata()
                  + " items to "
                  + o.out().get());
        }
        if (o.parquet().isPresent()) {
          Outputs.writeParquet(data, o.parquet().get());
          out.println("wrote Parquet to " + o.parquet().get());
        }
        out.flush();
        return new Result(stats, cleaning);
      } finally {
        persisted.forEach(Dataset::unpersist);
      }
    }
  }
}
