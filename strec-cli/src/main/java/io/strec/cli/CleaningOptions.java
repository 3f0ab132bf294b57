package io.strec.cli;

import io.strec.data.Loaded;
import io.strec.data.clean.Cleaned;
import io.strec.data.clean.Cleaner;
import io.strec.data.clean.CleaningReport;
import io.strec.data.clean.KCore;
import io.strec.data.clean.MissingValuePolicy;
import io.strec.util.BadInputException;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** Cleaning options (design document §9.1): duplicates, missing values, k-core. */
final class CleaningOptions {
  @Option(
      names = "--dedup",
      description = "Remove exact duplicate events (all fields equal), keeping the first.")
  boolean dedup;

  @Option(
      names = "--missing",
      paramLabel = "POLICY",
      description =
          "Missing-value policy, e.g. weight=median,location=drop,type=empty (numeric: drop|mean|median|constant:V; text: empty|drop).")
  String missing;

  @Option(
      names = "--kcore",
      paramLabel = "U[,I]",
      description =
          "k-core filter: every user has >= U events and every item >= I (default I = U).")
  String kcore;

  boolean any() {
    return dedup || missing != null || kcore != null;
  }

  Cleaner cleaner() {
    Cleaner.Builder b = Cleaner.builder().optDeduplicate(dedup);
    if (missing != null) {
      b.optMissingValues(BadInputException.parse("--missing", missing, MissingValuePolicy::parse));
    }
    if (kcore != null) {
      BadInputException.parse(
          "--kcore",
          kcore,
          k -> {
            String[] p = k.split(",");
            if (p.length == 0 || p.length > 2) {
              throw new IllegalArgumentException("expected U or U,I with integers");
            }
            try {
              int u = Integer.parseInt(p[0].trim());
              int i = p.length > 1 ? Integer.parseInt(p[1].trim()) : u;
              return b.optKCore(u, i);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("expected U or U,I with integers", e);
            }
          });
    }
    return b.build();
  }

  /**
   * Applies the configured steps (none when no option was given) and prints their report. A k-core
   * keeps only the items with events in it: the catalogue loses the others, and says how many.
   */
  Loaded apply(Loaded loaded, PrintWriter out) {
    if (!any()) {
      return loaded;
    }
    Cleaned<CleaningReport> c = cleaner().apply(loaded.events());
    out.print(c.report().summary());
    if (!c.report().summary().endsWith("\n")) {
      out.println();
    }
    Loaded cleaned = loaded.withEvents(c.events());
    if (kcore != null) {
      cleaned = cleaned.withoutItemsOutsideEvents();
      out.println(KCore.catalogueSummary(loaded.items().size(), cleaned.items().size()));
    }
    return cleaned;
  }
}
