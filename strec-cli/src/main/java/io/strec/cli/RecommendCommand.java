package io.strec.cli;

import io.strec.app.Filters;
import io.strec.app.RecommendRequest;
import io.strec.app.Recommendation;
import io.strec.app.Recommendations;
import io.strec.app.Recommender;
import io.strec.app.store.EventStore;
import io.strec.app.store.StoreOptions;
import io.strec.data.io.TimeFormat;
import io.strec.feature.LocalTimeFeatures;
import io.strec.model.History;
import io.strec.model.ModelContext;
import io.strec.model.ModelRegistry;
import io.strec.model.Query;
import io.strec.options.TopKOptions;
import io.strec.stm.Explanation;
import io.strec.stm.StmModel;
import io.strec.stm.artifact.ModelArtifact;
import io.strec.util.BadInputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strec recommend}: top K for one user at a time and place, from a saved {@code stm} model,
 * with reasons.
 */
@Command(
    name = "recommend",
    mixinStandardHelpOptions = true,
    description = {
      "Recommend the top K items for a user at a time and place from a model directory written by 'strec train',",
      "with a short explanation: the score terms of each item and the past events that weighed most.",
      "The user's history is the training events stored in the model, up to the query time.",
      "Example:",
      "  strec recommend --model-dir models/nyc --user 470 --time 2012-11-01T18:30:00Z --tz -240 --lat 40.74 --lon -73.99 -k 10"
    })
final class RecommendCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /** --model-dir and -k, as strec-spark recommend takes them. */
  @Mixin TopKOptions topK;

  @Option(
      names = "--user",
      required = true,
      paramLabel = "U",
      description = "User id; an unknown user gets a cold-start list.")
  String user;

  @Option(
      names = "--time",
      required = true,
      paramLabel = "T",
      description = "ISO-8601 instant (e.g. 2012-11-01T18:30:00Z) or epoch seconds.")
  String time;

  @Option(
      names = "--tz",
      defaultValue = "0",
      paramLabel = "MINUTES",
      description = "Local-time offset of the query in minutes (default 0).")
  int tz;

  @Option(
      names = "--lat",
      paramLabel = "LAT",
      description = "Query latitude (default: the user's last known place).")
  Double lat;

  @Option(
      names = "--lon",
      paramLabel = "LON",
      description = "Query longitude (default: the user's last known place).")
  Double lon;

  @Option(
      names = "--store",
      paramLabel = "FILE",
      description =
          "Answer as 'strec serve' does, through the same code: the user's history from this store"
              + " (events sent to the server count), its items and filters. Without it, the history is"
              + " the training events kept in an stm model directory.")
  Path store;

  @Option(
      names = "--radius-km",
      paramLabel = "KM",
      description = "With --store: only items within this distance of the query place.")
  Double radiusKm;

  @Option(
      names = "--category",
      paramLabel = "C",
      split = ",",
      description = "With --store: only items in one of these categories.")
  java.util.List<String> categories = new java.util.ArrayList<>();

  @Option(
      names = "--include-seen",
      description = "With --store: allow items the user already interacted with.")
  boolean includeSeen;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    int k = topK.k();
    Path modelDir = topK.modelDir();
    if ((lat == null) != (lon == null)) {
      throw new BadInputException("give both --lat and --lon, or neither");
    }
    if (lat != null && !(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) {
      throw new BadInputException(
          "--lat --lon must be in [-90, 90] and [-180, 180], got " + lat + " " + lon);
    }
    if (Math.abs(tz) > LocalTimeFeatures.MAX_OFFSET_MINUTES) {
      throw new BadInputException(
          "--tz must be in [-"
              + LocalTimeFeatures.MAX_OFFSET_MINUTES
              + ", "
              + LocalTimeFeatures.MAX_OFFSET_MINUTES
              + "] minutes, got "
              + tz);
    }
    long t = BadInputException.parse("--time", time, TimeFormat::parseIsoOrEpochSecond);
    if (store != null) {
      return throughStore(out, t, modelDir, k);
    }
    try (StmModel model = ModelArtifact.load(modelDir)) {
      int u = model.state().users().indexOrMinusOne(user);
      History h = u < 0 ? History.empty() : before(model.state().histories().get(u), t);
      double qLat = lat != null ? lat : h.isEmpty() ? Double.NaN : h.latitude(h.size() - 1);
      double qLon = lon != null ? lon : h.isEmpty() ? Double.NaN : h.longitude(h.size() - 1);
      out.printf(
          Locale.ROOT,
          "model %s (%s), user %s: %s%n",
          modelDir,
          model.state().provenance().getOrDefault("config", "?"),
          user,
          u < 0 ? "unknown, cold start" : h.size() + " events before the query time");
      Explanation e = model.explain(new Query(u, h, t, tz, qLat, qLon), k);
      out.print(e.format());
    }
    return Main.OK;
  }

  /** The same path as the server: {@link Recommender} over the store. */
  private int throughStore(PrintWriter out, long t, Path modelDir, int k) throws Exception {
    if (!java.nio.file.Files.isRegularFile(store)) {
      throw new java.nio.file.NoSuchFileException(store.toString(), null, "no store file");
    }
    try (ModelContext context = ModelContext.defaults();
        EventStore events = EventStore.open(store, StoreOptions.defaults());
        Recommender rec =
            Recommender.open(
                modelDir, events, ModelRegistry.load(), context, Recommender.Settings.defaults())) {
      Filters filters =
          new Filters(
              radiusKm == null ? OptionalDouble.empty() : OptionalDouble.of(radiusKm),
              categories,
              OptionalLong.empty(),
              java.util.List.of(),
              includeSeen);
      Recommendations r =
          rec.recommend(
              new RecommendRequest(
                  user,
                  OptionalLong.of(t),
                  OptionalInt.of(tz),
                  lat == null ? OptionalDouble.empty() : OptionalDouble.of(lat),
                  lon == null ? OptionalDouble.empty() : OptionalDouble.of(lon),
                  k,
                  filters,
                  true));
      out.printf(
          Locale.ROOT,
          "model %s v%d over %s, user %s: %d events up to the query time%n",
          r.model().name(),
          r.model().version(),
          store,
          user,
          r.historyLength());
      for (Recommendation x : r.items()) {
        StringBuilder parts = new StringBuilder();
        for (Recommendation.Part p : x.explanation().orElseThrow().parts()) {
          parts.append(String.format(Locale.ROOT, " %s %+.3f", p.name(), p.value() + 0.0f));
        }
        out.printf(
            Locale.ROOT,
            "%3d  %-16s %8.3f  %6.2f km  %s |%s%n",
            x.rank(),
            x.item(),
            x.score(),
            x.distanceKm(),
            x.title(),
            parts);
      }
    }
    return Main.OK;
  }

  private static History before(History h, long t) {
    int n = 0;
    while (n < h.size() && h.time(n) < t) {
      n++;
    }
    return h.first(n);
  }
}
