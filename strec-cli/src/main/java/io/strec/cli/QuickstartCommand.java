package io.strec.cli;

import io.strec.data.Dataset;
import io.strec.data.Item;
import io.strec.data.Loaded;
import io.strec.data.RowPolicy;
import io.strec.data.io.TabularSource;
import io.strec.data.io.TimeFormat;
import io.strec.data.synth.City;
import io.strec.data.synth.CityConfig;
import io.strec.data.synth.CityWriter;
import io.strec.data.synth.SyntheticCity;
import io.strec.eval.EvalSplit;
import io.strec.eval.Evaluator;
import io.strec.eval.Experiment;
import io.strec.eval.Experiment.ModelRun;
import io.strec.eval.Ranking;
import io.strec.eval.ReciprocalRank;
import io.strec.eval.protocol.LeaveOneOut;
import io.strec.eval.report.JsonReport;
import io.strec.eval.report.ResultsTable;
import io.strec.eval.report.html.HtmlReport;
import io.strec.model.History;
import io.strec.model.Model;
import io.strec.model.ModelContext;
import io.strec.model.ModelFactory;
import io.strec.model.ModelRegistry;
import io.strec.model.Query;
import io.strec.util.BadInputException;
import io.strec.util.Geo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strec quickstart}: generate the built-in synthetic city, import it back through the
 * generic reader, evaluate every model under leave-one-out, print the comparison and sample
 * recommendations for one user at a given time and place.
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description = {
      "Generate the built-in synthetic city (seeded), evaluate every available model on it (loo, test split,",
      "full ranking), print the comparison table and sample recommendations for one user at a time and place.",
      "Writes report.json and a self-contained report.html (charts, segments, training curves) into --out."
    })
final class QuickstartCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--seed",
      defaultValue = "7",
      description = "Seed of the synthetic city (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--out",
      defaultValue = "strec-out/quickstart",
      paramLabel = "DIR",
      description = "Where the generated data and the report go (default ${DEFAULT-VALUE}).")
  Path outDir;

  @Option(
      names = "--user",
      description = "User for the sample recommendations (default: the first user).")
  String user;

  @Option(
      names = "--time",
      paramLabel = "ISO-TIME",
      description = "Time for the sample recommendations (default: the user's test event time).")
  String time;

  @Option(
      names = "--lat",
      description =
          "Latitude for the sample recommendations (default: the user's last known place).")
  Double lat;

  @Option(names = "--lon", description = "Longitude for the sample recommendations.")
  Double lon;

  @Option(
      names = "-k",
      defaultValue = "5",
      description = "How many sample recommendations (default ${DEFAULT-VALUE}).")
  int k;

  @Option(
      names = "--stm-epochs",
      defaultValue = "8",
      description =
          "Epochs of the spatio-temporal model stm (default ${DEFAULT-VALUE}; --model-config stm:... overrides).")
  int stmEpochs;

  @picocli.CommandLine.Mixin EncoderOptions encoder;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    long t0 = System.nanoTime();
    City city = SyntheticCity.generate(CityConfig.defaults(seed));
    Path dataDir = outDir.resolve("city");
    CityWriter.write(city, dataDir);
    out.printf(
        Locale.ROOT,
        "generated synthetic city (seed %d): %d places, %d check-ins -> %s%n",
        seed,
        city.pois().size(),
        city.events().size(),
        dataDir);
    Loaded loaded;
    try (RowPolicy policy = RowPolicy.fail()) {
      loaded = Loaded.read(TabularSource.ofDirectory(dataDir), policy);
      DataOptions.printCounts(out, policy);
    }
    EvalSplit split = LeaveOneOut.build(loaded, LeaveOneOut.Split.TEST, false);
    out.printf(
        Locale.ROOT,
        "protocol loo (test, no exclusion): %d cases, %d places, %d training check-ins%n",
        split.cases().size(),
        split.train().numItems(),
        split.train().numEvents());
    ModelRegistry registry = ModelRegistry.load();
    List<ModelRun> runs = new ArrayList<>();
    Map<String, String> samples = new java.util.HashMap<>();
    Map<String, Map<String, String>> training = new java.util.LinkedHashMap<>();
    if (encoder.modelConfig.stream().noneMatch(c -> c.startsWith("stm:"))) {
      encoder.modelConfig.add(0, "stm:epochs=" + stmEpochs);
    }
    try (ModelContext context = encoder.context(out)) {
      Experiment experiment = new Experiment(Evaluator.builder().build(), context);
      for (String name : registry.defaultNames()) {
        ModelFactory factory = registry.get(name);
        runs.add(
            experiment.run(
                factory,
                split,
                List.of(1L),
                (setting, model) -> {
                  samples.put(name, show(factory, setting, split.train(), city, model));
                  if (model instanceof io.strec.model.ServableModel s) {
                    training.put(name, s.trainingSummary());
                  }
                }));
      }
      printAndReport(out, runs, training, dataDir, loaded, split, t0);
      ModelRun best =
          runs.stream()
              .max(Comparator.comparingDouble(r -> r.first().metric(ReciprocalRank.MRR)))
              .orElseThrow();
      out.print(samples.get(best.model()));
    }
    out.printf(Locale.ROOT, "quickstart finished in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    return Main.OK;
  }

  private void printAndReport(
      PrintWriter out,
      List<ModelRun> runs,
      Map<String, Map<String, String>> training,
      Path dataDir,
      Loaded loaded,
      EvalSplit split,
      long t0)
      throws java.io.IOException {
    out.println();
    out.print(ResultsTable.format(runs));
    JsonReport json =
        new JsonReport("strec:" + dataDir, loaded.source(), split, Map.of("seeds", List.of(1L)));
    runs.forEach(json::add);
    json.timing("total_seconds", (System.nanoTime() - t0) / 1e9);
    Path report = outDir.resolve("report.json");
    json.write(report);
    out.println("report written to " + report);
    Map<String, Object> settings = new java.util.LinkedHashMap<>();
    settings.put("seeds", List.of(1L));
    settings.put("city_seed", seed);
    HtmlReport html =
        new HtmlReport("strec:" + dataDir, loaded.source(), split, settings).read(loaded.stats());
    runs.forEach(html::add);
    training.forEach(html::training);
    Comparisons.of(runs, null).addTo(html);
    html.timing("total_seconds", (System.nanoTime() - t0) / 1e9);
    Path page = outDir.resolve("report.html");
    html.write(page);
    out.println("HTML report written to " + page);
  }

  /** The sample recommendations of {@code model}, as printed. */
  private String show(ModelFactory factory, String setting, Dataset train, City city, Model model) {
    java.io.StringWriter text = new java.io.StringWriter();
    PrintWriter out = new PrintWriter(text);
    int u = user == null ? 0 : train.users().indexOrMinusOne(user);
    if (u < 0) {
      throw new BadInputException("--user '" + user + "' is not a user of the synthetic city");
    }
    int[] evs = train.eventsOf(u);
    if (evs.length == 0) {
      throw new BadInputException("user " + train.users().id(u) + " has no training events");
    }
    int last = evs[evs.length - 1];
    long when =
        time == null
            ? train.time(last) + 3 * 3600
            : BadInputException.parse("--time", time, TimeFormat.ISO::parseEpochSecond);
    double qLat = lat == null ? train.latitude(last) : lat;
    double qLon = lon == null ? train.longitude(last) : lon;
    int n = 0;
    while (n < evs.length && train.time(evs[n]) < when) {
      n++;
    }
    int tzq = train.tzOffsetMinutes(last);
    Query q = new Query(u, History.of(train, evs, n), when, tzq, qLat, qLon);
    float[] scores = new float[train.numItems()];
    model.score(q, scores);
    int[] top = new Ranking(train.items()).top(scores, k, new int[0]);
    out.printf(
        Locale.ROOT,
        "%nsample: top %d from %s (%s) for user %s at %s local, near (%.5f, %.5f), %d past check-ins%n",
        k,
        factory.name(),
        setting,
        train.users().id(u),
        java.time.LocalDateTime.ofEpochSecond(when + tzq * 60L, 0, java.time.ZoneOffset.UTC),
        qLat,
        qLon,
        n);
    for (int r = 0; r < top.length; r++) {
      Item info = train.itemInfo(top[r]);
      double d =
          Geo.haversineKm(qLat, qLon, train.itemLatitude(top[r]), train.itemLongitude(top[r]));
      out.printf(
          Locale.ROOT,
          "  %d. %-28s %-32s %5.2f km  open %s%n",
          r + 1,
          info.title(),
          String.join(", ", info.categories()),
          d,
          city.hoursOf(info.id()));
    }
    out.flush();
    return text.toString();
  }
}
