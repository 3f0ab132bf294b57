package io.strec.bench.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Markdown rows as runs finish, a final table, and the same as JSON. */
public final class Report {
  private static final String HEADER =
      "| scenario | load | requests | errors | 5xx | req/s | events/s | p50 ms | p90 ms | p99 ms"
          + " | max ms | p50 / live p50 |\n"
          + "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|";

  private final PrintStream out;
  private final PrintStream log;

  /**
   * @param out the tables
   * @param log where a 5xx is announced the moment its run ends, outside the table being printed
   */
  public Report(PrintStream out, PrintStream log) {
    this.out = out;
    this.log = log;
  }

  public void header() {
    out.println(HEADER);
  }

  /**
   * One row as its run ends; a run with 5xx answers is also announced on the log.
   *
   * @param reference the same-run {@code /health/live} run
   */
  public void row(RunResult r, RunResult reference) {
    printRow(r, reference);
    if (r.fiveXx() > 0) {
      log.println(serverErrors(r));
    }
  }

  private void printRow(RunResult r, RunResult reference) {
    out.printf(
        Locale.ROOT,
        "| %s | %s | %d | %s | %s | %.1f | %s | %.3f | %.3f | %.3f | %.3f | %.1fx |%n",
        r.scenario(),
        r.load(),
        r.requests(),
        errors(r.errors()),
        r.fiveXx() > 0 ? "**" + r.fiveXx() + "**" : "0",
        r.requestsPerSecond(),
        r.eventsPerRequest() > 0 ? String.format(Locale.ROOT, "%.0f", r.eventsPerSecond()) : "-",
        r.latency().p50(),
        r.latency().p90(),
        r.latency().p99(),
        r.latency().max(),
        r.latency().p50() / reference.latency().p50());
  }

  /** The final table, then every run with 5xx answers, then the 5xx total. */
  public void table(String title, List<RunResult> runs, RunResult reference) {
    out.printf(Locale.ROOT, "%n%s%n%n", title);
    header();
    for (RunResult r : runs) {
      printRow(r, reference);
    }
    out.println();
    for (RunResult r : runs) {
      if (r.fiveXx() > 0) {
        out.println(serverErrors(r));
      }
    }
    long fiveXx = runs.stream().mapToLong(RunResult::fiveXx).sum();
    out.println(
        fiveXx > 0 ? "**TOTAL 5xx: " + fiveXx + "**" : "5xx: none (0 server errors in any run)");
  }

  private static String serverErrors(RunResult r) {
    Map<String, String> bodies = new TreeMap<>(r.firstBodies());
    bodies.keySet().removeIf(status -> !status.startsWith("5"));
    return String.format(
        Locale.ROOT,
        "**!! %d server errors (5xx) in %s %s !!** first bodies: %s",
        r.fiveXx(),
        r.scenario(),
        r.load(),
        bodies);
  }

  /** RSS at the start and end of a soak, its change, and the 5xx total. */
  public void soakSummary(Soak.Result soak) {
    List<Soak.Sample> s = soak.samples();
    Soak.Sample first = s.get(0);
    Soak.Sample last = s.get(s.size() - 1);
    String change =
        first.rssKib().isPresent() && last.rssKib().isPresent()
            ? String.format(
                Locale.ROOT,
                "%+.1f%%",
                100.0
                    * (last.rssKib().getAsLong() - first.rssKib().getAsLong())
                    / first.rssKib().getAsLong())
            : "-";
    out.printf(
        Locale.ROOT,
        "%nsoak %d s at %.1f req/s: RSS start %s MiB, end %s MiB, change %s; %s%n"
            + "client: dropped (over %d waiting) %d, longest send after its scheduled start"
            + " %.1f ms%n",
        soak.seconds(),
        soak.rate(),
        Soak.mib(first.rssKib()),
        Soak.mib(last.rssKib()),
        change,
        soak.fiveXx() > 0 ? "**TOTAL 5xx: " + soak.fiveXx() + "**" : "total 5xx: 0",
        Soak.MAX_OUTSTANDING,
        soak.dropped(),
        soak.maxSendLagMs());
  }

  private static String errors(Map<String, Long> errors) {
    if (errors.isEmpty()) {
      return "0";
    }
    return errors.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + ":" + e.getValue())
        .collect(Collectors.joining(" "));
  }

  /**
   * Writes the options, the references (start and end), every run (in a soak, its recommend and
   * ingest parts) and the soak's samples, if any, as one JSON object.
   */
  public static void writeJson(
      Path file,
      LoadOptions o,
      List<RunResult> references,
      List<RunResult> runs,
      Optional<Soak.Result> soak)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    ObjectNode opts = root.putObject("options");
    opts.put("url", o.url().toString());
    opts.put("store", o.store().toString());
    ArrayNode scenarios = opts.putArray("scenarios");
    o.scenarios().forEach(x -> scenarios.add(x.label()));
    ArrayNode concurrency = opts.putArray("concurrency");
    o.concurrency().forEach(concurrency::add);
    opts.put("requests", o.requests());
    opts.put("max_seconds", o.maxSeconds());
    opts.put("warmup", o.warmup());
    opts.put("seed", o.seed());
    opts.put("k", o.k());
    ArrayNode refs = root.putArray("references");
    references.forEach(r -> refs.add(run(json, r)));
    ArrayNode list = root.putArray("runs");
    runs.forEach(r -> list.add(run(json, r)));
    soak.ifPresent(
        s -> {
          ObjectNode n = root.putObject("soak");
          n.put("seconds", s.seconds());
          n.put("rate", s.rate());
          n.put("dropped", s.dropped());
          n.put("five_xx", s.fiveXx());
          n.put("max_send_lag_ms", s.maxSendLagMs());
          ArrayNode samples = n.putArray("samples");
          for (Soak.Sample x : s.samples()) {
            ObjectNode e = samples.addObject();
            e.put("seconds", x.seconds());
            e.put("answered", x.requests());
            e.put("five_xx", x.fiveXx());
            if (x.rssKib().isPresent()) {
              e.put("rss_kib", x.rssKib().getAsLong());
            }
          }
        });
    json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
  }

  private static ObjectNode run(ObjectMapper json, RunResult r) {
    ObjectNode n = json.createObjectNode();
    n.put("scenario", r.scenario());
    n.put("load", r.load());
    n.put("requests", r.requests());
    n.put("ok", r.ok());
    n.put("five_xx", r.fiveXx());
    n.putPOJO("errors", r.errors());
    n.putPOJO("first_error_bodies", r.firstBodies());
    n.put("seconds", r.seconds());
    n.put("requests_per_second", r.requestsPerSecond());
    n.put("events_per_second", r.eventsPerSecond());
    ObjectNode ms = n.putObject("latency_ms");
    ms.put("p50", r.latency().p50());
    ms.put("p90", r.latency().p90());
    ms.put("p99", r.latency().p99());
    ms.put("max", r.latency().max());
    return n;
  }
}
