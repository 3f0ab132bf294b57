package io.strec.cli;

import io.strec.data.RawEvent;
import io.strec.data.clean.Cleaned;
import io.strec.data.clean.Cleaner;
import io.strec.data.clean.CleaningReport;
import io.strec.data.clean.MissingValuePolicy;
import java.io.PrintWriter;
import java.util.List;
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
      b.optMissingValues(MissingValuePolicy.parse(missing));
    }
    if (kcore != null) {
      String[] p = kcore.split(",");
      try {
        int u = Integer.parseInt(p[0].trim());
        int i = p.length > 1 ? Integer.parseInt(p[1].trim()) : u;
        b.optKCore(u, i);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--kcore must be U or U,I with integers, not '" + kcore + "'");
      }
    }
    return b.build();
  }

  /** Applies the configured steps (none when no option was given) and prints their report. */
  List<RawEvent> apply(List<RawEvent> events, PrintWriter out) {
    if (!any()) {
      return events;
    }
    Cleaned<CleaningReport> c = cleaner().apply(events);
    out.print(c.report().summary());
    if (!c.report().summary().endsWith("\n")) {
      out.println();
    }
    return c.events();
  }
}
