package io.strec.spark;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.strec.data.RowPolicy;
import io.strec.data.io.TimeFormat;
import io.strec.options.EncoderOption;
import io.strec.options.ImportOptions;
import io.strec.options.TopKOptions;
import io.strec.spark.encode.EncodeJob;
import io.strec.spark.ingest.ImportJob;
import io.strec.spark.ingest.SplitLabels;
import io.strec.spark.recommend.RecommendJob;
import io.strec.util.BadInput;
import io.strec.util.BadInputException;
import io.strec.util.SuppressForbidden;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strec-spark}: the entry point {@code spark-submit} runs ({@code --class
 * io.strec.spark.SparkMain}). Without {@code spark-submit} it runs on {@code local[*]}, or on
 * {@code --master}. Exit codes as {@code strec}'s: 0 ok, 2 bad input (the message names file, line,
 * column and value), 1 internal error.
 */
@Command(
    name = "strec-spark",
    mixinStandardHelpOptions = true,
    subcommands = {SparkMain.Import.class, SparkMain.Encode.class, SparkMain.Recommend.class},
    description = {
      "STREC's batch work on Apache Spark: import and clean, encode the catalogue, top K for every user.",
      "Same parsers, same models, same output as the single-node 'strec' commands."
    })
public final class SparkMain implements Runnable {
  public static final int OK = 0;
  public static final int INTERNAL = 1;
  public static final int BAD_INPUT = 2;

  /** The help's footer: where the files of a job live. */
  static final String FILES =
      "%nInput files (--dataset, --items) must be readable under the same path by the driver and"
          + " the executors; --rejects is written by the driver.";

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
  }

  @SuppressForbidden(reason = "the command's report and errors go to the console")
  public static void main(String[] args) {
    // UTF-8 like every file STREC writes, whatever this machine's locale makes the default.
    System.exit(
        run(
            new PrintWriter(new OutputStreamWriter(System.out, UTF_8), true),
            new PrintWriter(new OutputStreamWriter(System.err, UTF_8), true),
            args));
  }

  /** Runs a command line; returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new SparkMain());
    cl.setOut(out);
    cl.setErr(err);
    // The same taxonomy as strec's: only bad input exits 2 without a trace.
    cl.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          if (BadInput.isBadInput(e)) {
            err.println("strec-spark: " + BadInput.message(e));
            return BAD_INPUT;
          }
          err.println("strec-spark: internal error: " + e);
          e.printStackTrace(err);
          return INTERNAL;
        });
    return cl.execute(args);
  }

  /** The Spark options of every command. */
  static final class SparkOptions {
    @Option(
        names = "--master",
        paramLabel = "URL",
        description =
            "Spark master when not run by spark-submit, e.g. local[4] (default: spark-submit's, else local[*]).")
    String master;

    /**
     * The session to run on, stopped on close unless it was already running in this JVM (an
     * embedding application's, or a test's).
     */
    Running session(String app) {
      boolean existed = SparkSession.getDefaultSession().isDefined();
      SparkSession s;
      if (master == null) {
        s = Sessions.submitted(app);
      } else if (master.matches("local\\[\\d+]")) {
        int cores =
            BadInputException.parse(
                "--master", master, m -> Integer.parseInt(m.replaceAll("\\D", "")));
        if (cores < 1) {
          throw new BadInputException("--master local[N] needs N >= 1, got '" + master + "'");
        }
        s = Sessions.local(app, cores);
      } else {
        s = SparkSession.builder().appName(app).master(master).getOrCreate();
      }
      return new Running(s, !existed);
    }
  }

  /** A session and whether closing it stops it. */
  record Running(SparkSession spark, boolean owned) implements AutoCloseable {
    int parallelism() {
      return spark.sparkContext().defaultParallelism();
    }

    @Override
    public void close() {
      if (owned) {
        spark.stop();
      }
    }
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = {
        "What 'strec import' does, on Spark: read and validate (row counts; bad rows fail the job or",
        "go to the reject file), optionally deduplicate, filter to the k-core and label a protocol's",
        "splits, and write STREC's layout (--out, on the driver) and/or Parquet (--parquet)."
      },
      footer = SparkMain.FILES,
      modelTransformer = DataOptions.DatasetRequired.class)
  static final class Import implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin DataOptions data;
    @Mixin SparkOptions sparkOptions;

    /** --dedup, --kcore and --out, as strec import takes them. */
    @Mixin ImportOptions options;

    @Option(
        names = "--protocol",
        paramLabel = "loo|temporal",
        description =
            "Label each event's split column: loo (train/valid/test per user) or temporal (--cutoff).")
    String protocol;

    @Option(
        names = "--cutoff",
        paramLabel = "TIME",
        description = "Cut-off of --protocol temporal: ISO-8601 instant or epoch seconds.")
    String cutoff;

    @Option(
        names = "--parquet",
        paramLabel = "URI",
        description = "events.parquet/ and items.parquet/ under this directory.")
    String parquet;

    @Override
    public Integer call() throws IOException {
      Optional<int[]> k =
          options.kcore().map(c -> new int[] {c.minUserEvents(), c.minItemEvents()});
      Optional<SplitLabels.Protocol> labels = Optional.empty();
      if (protocol != null) {
        if (protocol.equals("temporal") && cutoff == null) {
          throw new BadInputException("--protocol temporal needs --cutoff TIME");
        }
        long t =
            cutoff == null
                ? 0
                : BadInputException.parse("--cutoff", cutoff, TimeFormat::parseIsoOrEpochSecond);
        labels =
            Optional.of(
                BadInputException.parse(
                    "--protocol", protocol, p -> SplitLabels.Protocol.parse(p, t)));
      }
      try (Running run = sparkOptions.session("strec-spark import");
          RowPolicy policy = data.policy()) {
        ImportJob.run(
            run.spark(),
            new ImportJob.Options(
                data.source(),
                options.dedup(),
                k,
                labels,
                options.out(),
                Optional.ofNullable(parquet),
                data.partitions(run.parallelism())),
            policy,
            spec.commandLine().getOut());
      }
      return OK;
    }
  }

  @Command(
      name = "encode",
      mixinStandardHelpOptions = true,
      description = {
        "The language-model vector of every catalogue item, one encoder session per executor:",
        "Parquet vectors (--vectors) and/or the embedding store single-node training reads (--embedding-store)."
      },
      footer = SparkMain.FILES,
      modelTransformer = DataOptions.DatasetRequired.class)
  static final class Encode implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin DataOptions data;
    @Mixin SparkOptions sparkOptions;

    /** --encoder, as strec's commands take it. */
    @Mixin EncoderOption encoder;

    @Option(
        names = "--vectors",
        paramLabel = "URI",
        description = "Parquet: item_id, text, vector.")
    String vectors;

    @Option(names = "--embedding-store", paramLabel = "DIR", description = "Fill this store.")
    Path store;

    @Option(names = "--batch", defaultValue = "" + EncodeJob.DEFAULT_BATCH, paramLabel = "N")
    int batch;

    @Override
    public Integer call() throws IOException {
      if (vectors == null && store == null) {
        throw new BadInputException("give --vectors URI and/or --embedding-store DIR");
      }
      if (batch < 1) {
        throw new BadInputException("--batch must be >= 1, got " + batch);
      }
      String encoderSpec = encoder.spec();
      try (Running run = sparkOptions.session("strec-spark encode");
          RowPolicy policy = data.policy()) {
        EncodeJob.run(
            run.spark(),
            new EncodeJob.Options(
                data.source(),
                encoderSpec,
                Optional.ofNullable(vectors),
                Optional.ofNullable(store),
                data.partitions(run.parallelism()),
                batch),
            policy,
            spec.commandLine().getOut());
      }
      return OK;
    }
  }

  @Command(
      name = "recommend",
      mixinStandardHelpOptions = true,
      description = {
        "The top K of every user of the dataset from a model directory ('strec train' / 'strec serve'),",
        "each list what 'strec recommend --store' answers that user over a store seeded with the dataset;",
        "items the model does not know yet are encoded with --encoder."
      },
      footer = SparkMain.FILES,
      modelTransformer = DataOptions.DatasetRequired.class)
  static final class Recommend implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin DataOptions data;
    @Mixin SparkOptions sparkOptions;

    /** --model-dir and -k, as strec recommend takes them. */
    @Mixin TopKOptions topK;

    /** --encoder, as strec's commands take it. */
    @Mixin EncoderOption encoder;

    @Option(
        names = "--time",
        paramLabel = "T",
        description =
            "Query time for every user: ISO-8601 or epoch seconds (default: the last event's).")
    String time;

    @Option(
        names = "--tz",
        paramLabel = "MINUTES",
        description = "Local-time offset of the queries (default: each user's last event's).")
    Integer tz;

    @Option(names = "--out", required = true, paramLabel = "URI")
    String out;

    @Option(names = "--format", defaultValue = "parquet", paramLabel = "parquet|csv|json")
    String format;

    @Option(
        names = "--history",
        defaultValue = "" + RecommendJob.DEFAULT_HISTORY,
        paramLabel = "N",
        description = "Most recent events per user the model sees (the server's default).")
    int history;

    @Option(
        names = "--batch",
        defaultValue = "" + RecommendJob.DEFAULT_BATCH,
        paramLabel = "N",
        description = "Users per model call.")
    int batch;

    @Override
    public Integer call() throws IOException {
      OptionalLong t =
          time == null
              ? OptionalLong.empty()
              : OptionalLong.of(
                  BadInputException.parse("--time", time, TimeFormat::parseIsoOrEpochSecond));
      int k = topK.k();
      String encoderSpec = encoder.spec();
      try (Running run = sparkOptions.session("strec-spark recommend");
          RowPolicy policy = data.policy()) {
        RecommendJob.Options options;
        try {
          options =
              new RecommendJob.Options(
                  data.source(),
                  topK.modelDir(),
                  t,
                  tz == null ? OptionalInt.empty() : OptionalInt.of(tz),
                  k,
                  history,
                  batch,
                  encoderSpec,
                  out,
                  format,
                  data.partitions(run.parallelism()));
        } catch (IllegalArgumentException e) {
          // The options name the field and value: k, history, batch, format, tz.
          throw new BadInputException(e.getMessage(), e);
        }
        RecommendJob.run(run.spark(), options, policy, spec.commandLine().getOut());
      }
      return OK;
    }
  }
}
