package io.strec.bench.serve;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@code ServeLoadBench} was asked to do, checked once. {@link #parse} is the only place
 * strings come in.
 *
 * @param soakSeconds 0 for the closed-loop runs; more for the open-loop soak instead
 */
public record LoadOptions(
    URI url,
    Path keys,
    Path store,
    List<Scenario> scenarios,
    List<Integer> concurrency,
    int requests,
    double maxSeconds,
    int warmup,
    long seed,
    int k,
    int timeoutSeconds,
    int progressSeconds,
    int soakSeconds,
    double rate,
    OptionalLong serverPid,
    Optional<Path> json) {

  public static final String USAGE =
      """
      usage: ServeLoadBench --url http://127.0.0.1:8080 --keys KEYS.properties --store STORE.db
               [--scenario recommend|recommend-filtered|ingest-single|ingest-batch|health-live[,...]]
               [--concurrency 1,8,32] [--requests 2000] [--max-seconds 60] [--warmup 200]
               [--seed 42] [--k 10] [--timeout-seconds 30] [--progress-seconds 5] [--json FILE]
             soak instead of the closed-loop runs:
               --soak-seconds S --rate R [--server-pid PID]""";

  public LoadOptions {
    scenarios = List.copyOf(scenarios);
    concurrency = List.copyOf(concurrency);
    if (!url.getScheme().equals("http")) {
      throw new IllegalArgumentException("--url must be an http:// URL, got " + url);
    }
    if (scenarios.isEmpty() || concurrency.isEmpty()) {
      throw new IllegalArgumentException("--scenario and --concurrency need at least one value");
    }
    for (int c : concurrency) {
      positive("--concurrency", c);
    }
    positive("--requests", requests);
    positive("--k", k);
    positive("--timeout-seconds", timeoutSeconds);
    positive("--progress-seconds", progressSeconds);
    if (!(maxSeconds > 0)) {
      throw new IllegalArgumentException("--max-seconds must be > 0, got " + maxSeconds);
    }
    if (warmup < 0 || soakSeconds < 0) {
      throw new IllegalArgumentException(
          "--warmup and --soak-seconds must be >= 0, got " + warmup + " and " + soakSeconds);
    }
    if (soakSeconds > 0 && !(rate > 0)) {
      throw new IllegalArgumentException("--soak-seconds needs --rate R > 0, got " + rate);
    }
  }

  private static void positive(String option, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(option + " must be > 0, got " + value);
    }
  }

  /** True when the open-loop soak replaces the closed-loop runs. */
  public boolean soak() {
    return soakSeconds > 0;
  }

  /** Reads the command line; an unknown option or a missing value fails naming it. */
  public static LoadOptions parse(String[] args) {
    URI url = null;
    Path keys = null;
    Path store = null;
    List<Scenario> scenarios = List.of(Scenario.RECOMMEND);
    List<Integer> concurrency = List.of(1, 8, 32);
    int requests = 2000;
    double maxSeconds = 60;
    int warmup = 200;
    long seed = 42;
    int k = 10;
    int timeout = 30;
    int progress = 5;
    int soakSeconds = 0;
    double rate = 0;
    OptionalLong pid = OptionalLong.empty();
    Optional<Path> json = Optional.empty();
    for (int i = 0; i < args.length; i += 2) {
      String option = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
      }
      String v = args[i + 1];
      switch (option) {
        case "--url" -> url = URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
        case "--keys" -> keys = Path.of(v);
        case "--store" -> store = Path.of(v);
        case "--scenario" -> scenarios = split(v).stream().map(Scenario::named).toList();
        case "--concurrency" -> concurrency = split(v).stream().map(Integer::valueOf).toList();
        case "--requests" -> requests = Integer.parseInt(v);
        case "--max-seconds" -> maxSeconds = Double.parseDouble(v);
        case "--warmup" -> warmup = Integer.parseInt(v);
        case "--seed" -> seed = Long.parseLong(v);
        case "--k" -> k = Integer.parseInt(v);
        case "--timeout-seconds" -> timeout = Integer.parseInt(v);
        case "--progress-seconds" -> progress = Integer.parseInt(v);
        case "--soak-seconds" -> soakSeconds = Integer.parseInt(v);
        case "--rate" -> rate = Double.parseDouble(v);
        case "--server-pid" -> pid = OptionalLong.of(Long.parseLong(v));
        case "--json" -> json = Optional.of(Path.of(v));
        default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
      }
    }
    if (url == null || keys == null || store == null) {
      throw new IllegalArgumentException("--url, --keys and --store are required\n" + USAGE);
    }
    return new LoadOptions(
        url,
        keys,
        store,
        scenarios,
        concurrency,
        requests,
        maxSeconds,
        warmup,
        seed,
        k,
        timeout,
        progress,
        soakSeconds,
        rate,
        pid,
        json);
  }

  private static List<String> split(String list) {
    List<String> out = new ArrayList<>();
    for (String s : list.split(",")) {
      if (!s.isBlank()) {
        out.add(s.strip().toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }
}
