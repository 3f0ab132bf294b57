package io.strec.cli;

import io.strec.data.Loaded;
import io.strec.data.RawEvent;
import io.strec.data.RowPolicy;
import io.strec.data.clean.Cleaned;
import io.strec.data.clean.Cleaner;
import io.strec.data.clean.CleaningReport;
import io.strec.data.clean.KCore;
import io.strec.data.clean.MissingValuePolicy;
import io.strec.data.io.StrecWriter;
import io.strec.options.ImportOptions;
import io.strec.util.BadInputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strec import}: read and validate a dataset, optionally clean it, and write it in STREC's
 * layout.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Read and validate a dataset; print row counts (read = accepted + rejected) and statistics;",
      "optionally clean it and write it as events.csv + items.jsonl (STREC's own layout)."
    })
final class ImportCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin DataOptions data;

  /** --dedup, --kcore and --out, as strec-spark import takes them. */
  @Mixin ImportOptions options;

  @Option(
      names = "--missing",
      paramLabel = "POLICY",
      description =
          "Missing-value policy, e.g. weight=median,location=drop,type=empty (numeric: drop|mean|median|constant:V; text: empty|drop).")
  String missing;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Loaded loaded;
    try (RowPolicy policy = data.policy()) {
      loaded = data.load(out, policy);
      DataOptions.printCounts(out, policy);
    }
    Loaded cleaned = clean(loaded, out);
    List<RawEvent> events = cleaned.events();
    printStats(out, events, cleaned.items().size());
    Optional<Path> outDir = options.out();
    if (outDir.isPresent()) {
      StrecWriter.writeEvents(events, outDir.get().resolve("events.csv"));
      StrecWriter.writeItems(
          cleaned.items().values(), Map.of(), outDir.get().resolve("items.jsonl"));
      out.println(
          "wrote "
              + events.size()
              + " events and "
              + cleaned.items().size()
              + " items to "
              + outDir.get());
    }
    return Main.OK;
  }

  /**
   * Applies the cleaning the options ask for (design document §9.1: duplicates, missing values,
   * k-core; none when no option was given) and prints its report. A k-core keeps only the items
   * with events in it: the catalogue loses the others, and says how many.
   */
  private Loaded clean(Loaded loaded, PrintWriter out) {
    Optional<KCore> kcore = options.kcore();
    if (!options.dedup() && missing == null && kcore.isEmpty()) {
      return loaded;
    }
    Cleaner.Builder b = Cleaner.builder().optDeduplicate(options.dedup());
    if (missing != null) {
      b.optMissingValues(BadInputException.parse("--missing", missing, MissingValuePolicy::parse));
    }
    kcore.ifPresent(k -> b.optKCore(k.minUserEvents(), k.minItemEvents()));
    Cleaned<CleaningReport> c = b.build().apply(loaded.events());
    out.print(c.report().summary());
    if (!c.report().summary().endsWith("\n")) {
      out.println();
    }
    Loaded cleaned = loaded.withEvents(c.events());
    if (kcore.isPresent()) {
      cleaned = cleaned.withoutItemsOutsideEvents();
      out.println(KCore.catalogueSummary(loaded.items().size(), cleaned.items().size()));
    }
    return cleaned;
  }

  static void printStats(PrintWriter out, List<RawEvent> events, int itemsWithMetadata) {
    Set<String> users = new HashSet<>();
    Set<String> items = new HashSet<>();
    long located = 0;
    long minT = Long.MAX_VALUE;
    long maxT = Long.MIN_VALUE;
    for (RawEvent e : events) {
      users.add(e.userId());
      items.add(e.itemId());
      located += e.hasLocation() ? 1 : 0;
      minT = Math.min(minT, e.epochSecond());
      maxT = Math.max(maxT, e.epochSecond());
    }
    out.printf(
        Locale.ROOT,
        "%d events, %d users, %d items (%d with metadata), %.1f%% located%n",
        events.size(),
        users.size(),
        items.size(),
        itemsWithMetadata,
        events.isEmpty() ? 0.0 : 100.0 * located / events.size());
    if (!events.isEmpty()) {
      out.printf(
          Locale.ROOT,
          "time range %d .. %d (%s .. %s)%n",
          minT,
          maxT,
          io.strec.data.io.TimeFormat.iso(minT),
          io.strec.data.io.TimeFormat.iso(maxT));
    }
  }
}
