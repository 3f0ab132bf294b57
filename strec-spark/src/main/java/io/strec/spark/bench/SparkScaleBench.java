package io.strec.spark.bench;

import io.strec.app.Training;
import io.strec.data.Loaded;
import io.strec.data.RowPolicy;
import io.strec.data.io.TabularSource;
import io.strec.data.synth.City;
import io.strec.data.synth.CityConfig;
import io.strec.data.synth.CityWriter;
import io.strec.data.synth.SyntheticCity;
import io.strec.model.ModelContext;
import io.strec.model.ModelRegistry;
import io.strec.model.artifact.ModelDirectory;
import io.strec.spark.Sessions;
import io.strec.spark.encode.EncodeJob;
import io.strec.spark.ingest.ImportJob;
import io.strec.spark.ingest.SourceRef;
import io.strec.spark.recommend.RecommendJob;
import io.strec.util.SuppressForbidden;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.spark.sql.SparkSession;

/**
 * Throughput of the three Spark jobs on {@code local[1]} and {@code local[2]}, at 1x and 10x data:
 *
 * <ul>
 *   <li><b>import</b>: read and validate the events and items (STREC layout), deduplicate, write
 *       Parquet; events per second;
 *   <li><b>encode</b>: every catalogue item through {@code minilm-q}, one session per executor,
 *       Parquet vectors; items per second (the 10x catalogue has ten times the places);
 *   <li><b>recommend</b>: top 10 of every user from a model trained once on the 1x data; users per
 *       second (the 10x data has ten times the residents, over the same places).
 * </ul>
 *
 * Each configuration runs once to warm the JVM and Spark up and is then timed over {@code --runs}
 * runs (the median is reported). Every run checks its output: all events imported, one vector per
 * item, K items for every user. The data is generated from a seed and never kept.
 *
 * <pre>
 * mvn -B -o -q -f strec-spark/pom.xml dependency:build-classpath -Dmdep.includeScope=test \
 *   -Dmdep.outputFile=/tmp/spark-cp.txt
 * java $(cat strec-spark/target/classes/io/strec/spark/java17-options.txt) -Xmx4g \
 *   -cp strec-spark/target/classes:$(cat /tmp/spark-cp.txt) io.strec.spark.bench.SparkScaleBench \
 *   --users 1000 --places 500 --days 28 --model markov --runs 3 [--jobs import,encode,recommend]
 * </pre>
 */
public final class SparkScaleBench {
  private record Options(
      int users,
      int places,
      int days,
      String model,
      int runs,
      List<Integer> cores,
      List<String> jobs,
      Path work) {}

  private record Data(Path city, long events, int users, int items) {}

  private SparkScaleBench() {}

  @SuppressForbidden(reason = "the benchmark's report goes to the console")
  public static void main(String[] args) throws Exception {
    Options o = parse(args);
    Files.createDirectories(o.work());
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    Data[] events = {generate(o, 1, false), generate(o, 10, false)};
    Data[] catalogues = {generate(o, 1, true), generate(o, 10, true)};
    Path model = o.work().resolve("model-" + o.model());
    if (o.jobs().contains("recommend")) {
      train(o, events[0], model, out);
    }
    List<String> rows = new ArrayList<>();
    for (int cores : o.cores()) {
      SparkSession spark = Sessions.local("strec-spark bench", cores);
      try {
        for (int s = 0; s < 2; s++) {
          int scale = s == 0 ? 1 : 10;
          Data ev = events[s];
          Data cat = catalogues[s];
          double imp =
              o.jobs().contains("import")
                  ? median(o.runs(), () -> importOnce(spark, ev, o, cores))
                  : Double.NaN;
          double enc =
              o.jobs().contains("encode")
                  ? median(o.runs(), () -> encodeOnce(spark, cat, o, cores))
                  : Double.NaN;
          double rec =
              o.jobs().contains("recommend")
                  ? median(o.runs(), () -> recommendOnce(spark, ev, model, o, cores))
                  : Double.NaN;
          rows.add(
              String.format(
                  Locale.ROOT,
                  "| local[%d] | %2dx | %,9d | %,9.0f | %,6d | %,8.1f | %,7d | %,8.1f |",
                  cores,
                  scale,
                  events[s].events(),
                  events[s].events() / imp,
                  catalogues[s].items(),
                  catalogues[s].items() / enc,
                  events[s].users(),
                  events[s].users() / rec));
          out.println(rows.get(rows.size() - 1));
        }
      } finally {
        spark.stop();
      }
    }
    out.println();
    out.println(
        "| cores | data | events | import events/s | items | encode items/s | users | recommend ("
            + o.model()
            + ") users/s |");
    out.println("|---|---|---:|---:|---:|---:|---:|---:|");
    rows.forEach(out::println);
    ModelDirectory.deleteTree(o.work());
  }

  /** A city of {@code scale} times the residents (or, for a catalogue, the places). */
  private static Data generate(Options o, int scale, boolean catalogue) throws IOException {
    CityConfig c =
        catalogue
            ? CityConfig.defaults(7).withUsers(10).withPois(o.places() * scale).withDays(2)
            : CityConfig.defaults(7)
                .withUsers(o.users() * scale)
                .withPois(o.places())
                .withDays(o.days());
    City city = SyntheticCity.generate(c);
    Path dir = o.work().resolve((catalogue ? "catalogue-" : "events-") + scale + "x");
    CityWriter.write(city, dir);
    return new Data(dir, city.events().size(), c.users(), city.pois().size());
  }

  private static void train(Options o, Data d, Path dir, PrintWriter out) throws IOException {
    long t0 = System.nanoTime();
    Loaded loaded;
    try (RowPolicy policy = RowPolicy.fail()) {
      loaded = Loaded.read(TabularSource.ofDirectory(d.city()), policy);
    }
    try (ModelContext context =
        ModelContext.defaults().withSettings("stm", "epochs=1,patience=0")) {
      Training.trainAndSave(
          ModelRegistry.load().get(o.model()), context, Training.allEvents(loaded), 1, dir);
    }
    out.printf(
        Locale.ROOT,
        "trained %s on %,d events in %.1f s%n",
        o.model(),
        d.events(),
        (System.nanoTime() - t0) / 1e9);
  }

  private static double importOnce(SparkSession spark, Data d, Options o, int cores)
      throws IOException {
    Path out = Files.createTempDirectory(o.work(), "import");
    long t0 = System.nanoTime();
    ImportJob.Result r;
    try (RowPolicy policy = RowPolicy.fail()) {
      r =
          ImportJob.run(
              spark,
              new ImportJob.Options(
                  SourceRef.of("strec:" + d.city()),
                  true,
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.of(out.resolve("parquet").toUri().toString()),
                  2 * cores),
              policy,
              quiet());
    }
    double s = (System.nanoTime() - t0) / 1e9;
    check(r.stats().events() == d.events(), "imported " + r.stats().events() + " of " + d.events());
    ModelDirectory.deleteTree(out);
    return s;
  }

  private static double encodeOnce(SparkSession spark, Data d, Options o, int cores)
      throws IOException {
    Path out = Files.createTempDirectory(o.work(), "encode");
    long t0 = System.nanoTime();
    EncodeJob.Result r;
    try (RowPolicy policy = RowPolicy.fail()) {
      r =
          EncodeJob.run(
              spark,
              new EncodeJob.Options(
                  SourceRef.of("strec:" + d.city()),
                  "minilm-q",
                  Optional.of(out.resolve("vectors").toUri().toString()),
                  Optional.empty(),
                  2 * cores,
                  EncodeJob.DEFAULT_BATCH),
              policy,
              quiet());
    }
    double s = (System.nanoTime() - t0) / 1e9;
    check(r.items() == d.items(), "encoded " + r.items() + " of " + d.items() + " items");
    ModelDirectory.deleteTree(out);
    return s;
  }

  private static double recommendOnce(SparkSession spark, Data d, Path model, Options o, int cores)
      throws IOException {
    Path out = Files.createTempDirectory(o.work(), "recommend");
    long t0 = System.nanoTime();
    RecommendJob.Result r;
    try (RowPolicy policy = RowPolicy.fail()) {
      r =
          RecommendJob.run(
              spark,
              new RecommendJob.Options(
                  SourceRef.of("strec:" + d.city()),
                  model,
                  OptionalLong.empty(),
                  OptionalInt.empty(),
                  10,
                  RecommendJob.DEFAULT_HISTORY,
                  RecommendJob.DEFAULT_BATCH,
                  "minilm-q",
                  out.resolve("top").toUri().toString(),
                  "parquet",
                  2 * cores),
              policy,
              quiet());
    }
    double s = (System.nanoTime() - t0) / 1e9;
    check(r.users() == d.users(), "ranked " + r.users() + " of " + d.users() + " users");
    check(r.rows() == 10L * d.users(), r.rows() + " rows for " + d.users() + " users");
    ModelDirectory.deleteTree(out);
    return s;
  }

  private interface Run {
    double seconds() throws IOException;
  }

  /** One warm-up run, then the median of {@code runs} timed runs. */
  private static double median(int runs, Run run) throws IOException {
    run.seconds();
    double[] t = new double[runs];
    for (int i = 0; i < runs; i++) {
      t[i] = run.seconds();
    }
    java.util.Arrays.sort(t);
    return runs % 2 == 1 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2;
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("benchmark output is wrong: " + what);
    }
  }

  private static PrintWriter quiet() {
    return new PrintWriter(Writer.nullWriter());
  }

  private static Options parse(String[] args) throws IOException {
    int users = 1000;
    int places = 500;
    int days = 28;
    String model = "markov";
    int runs = 3;
    List<Integer> cores = List.of(1, 2);
    List<String> jobs = List.of("import", "encode", "recommend");
    Path work = null;
    // Every option takes a value: the loop steps over both.
    for (int i = 0; i < args.length; i += 2) {
      String v = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--users" -> users = Integer.parseInt(v);
        case "--places" -> places = Integer.parseInt(v);
        case "--days" -> days = Integer.parseInt(v);
        case "--model" -> model = v;
        case "--runs" -> runs = Integer.parseInt(v);
        case "--cores" ->
            cores = java.util.Arrays.stream(v.split(",")).map(Integer::parseInt).toList();
        case "--jobs" -> jobs = List.of(v.split(","));
        case "--work" -> work = Path.of(v);
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + " (expected --users, --places, --days, --model, --runs, --cores, --jobs, --work)");
      }
    }
    if (users < 1 || places < 1 || days < 1 || runs < 1) {
      throw new IllegalArgumentException("--users, --places, --days and --runs must be >= 1");
    }
    return new Options(
        users,
        places,
        days,
        model,
        runs,
        cores,
        jobs,
        work != null ? work : Files.createTempDirectory("strec-spark-bench"));
  }
}
