package io.strec.cli;

import io.strec.data.io.TimeFormat;
import io.strec.model.History;
import io.strec.model.Query;
import io.strec.stm.Explanation;
import io.strec.stm.StmModel;
import io.strec.stm.artifact.ModelArtifact;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

  @Option(names = "--model-dir", required = true, paramLabel = "DIR")
  Path modelDir;

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

  @Option(names = "-k", defaultValue = "10", paramLabel = "K")
  int k;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (k < 1) {
      throw new IllegalArgumentException("-k must be >= 1, got " + k);
    }
    if ((lat == null) != (lon == null)) {
      throw new IllegalArgumentException("give both --lat and --lon, or neither");
    }
    long t =
        time.chars().allMatch(Character::isDigit)
            ? Long.parseLong(time)
            : TimeFormat.ISO.parseEpochSecond(time);
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

  private static History before(History h, long t) {
    int n = 0;
    while (n < h.size() && h.time(n) < t) {
      n++;
    }
    return h.first(n);
  }
}
