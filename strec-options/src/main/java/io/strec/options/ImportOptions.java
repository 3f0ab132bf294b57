package io.strec.options;

import io.strec.data.clean.KCore;
import io.strec.util.BadInputException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * What {@code import} does with the events it read, in both programs: drop exact duplicates, keep a
 * k-core, write STREC's layout ({@code events.csv} and {@code items.jsonl}).
 */
public final class ImportOptions {
  @Option(
      names = "--dedup",
      description = "Remove exact duplicate events (all fields equal), keeping the first.")
  private boolean dedup;

  @Option(
      names = "--kcore",
      paramLabel = "U[,I]",
      description =
          "k-core filter: every user has >= U events and every item >= I (default I = U).")
  private String kcore;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Write the imported (and cleaned) data here as events.csv and items.jsonl.")
  private Path out;

  public boolean dedup() {
    return dedup;
  }

  /** The k-core to keep, checked; empty without {@code --kcore}. */
  public Optional<KCore> kcore() {
    return kcore == null
        ? Optional.empty()
        : Optional.of(BadInputException.parse("--kcore", kcore, KCore::parse));
  }

  public Optional<Path> out() {
    return Optional.ofNullable(out);
  }
}
