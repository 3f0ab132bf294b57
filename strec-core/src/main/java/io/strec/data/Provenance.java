package io.strec.data;

import java.util.Objects;

/** Where a record came from: a file (or other named source) and a 1-based line number. */
public record Provenance(String source, long line) {
  public Provenance {
    Objects.requireNonNull(source, "source");
  }

  /** A record made in memory (generated data), with a sequence number instead of a line. */
  public static Provenance generated(String generator, long sequence) {
    return new Provenance(generator, sequence);
  }

  @Override
  public String toString() {
    return source + ":" + line;
  }
}
