package io.strec.cli;

import io.strec.data.Loaded;
import io.strec.data.RawEvent;
import io.strec.data.RowPolicy;
import io.strec.data.io.StrecWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  @Mixin CleaningOptions cleaning;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Write the imported (and cleaned) data here as events.csv and items.jsonl.")
  Path outDir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Loaded loaded;
    try (RowPolicy policy = data.policy()) {
      loaded = data.load(out, policy);
      DataOptions.printCounts(out, policy);
    }
    Loaded cleaned = cleaning.apply(loaded, out);
    List<RawEvent> events = cleaned.events();
    printStats(out, events, cleaned.items().size());
    if (outDir != null) {
      StrecWriter.writeEvents(events, outDir.resolve("events.csv"));
      StrecWriter.writeItems(cleaned.items().values(), Map.of(), outDir.resolve("items.jsonl"));
      out.println(
          "wrote "
              + events.size()
              + " events and "
              + cleaned.items().size()
              + " items to "
              + outDir);
    }
    return Main.OK;
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
