package io.strec.data;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Row counts of one import, per file: rows read = rows accepted + rows rejected, always.
 *
 * <p>Header lines and blank lines are not rows and are not counted.
 */
public final class ReadStats {
  /** Counts for one file. */
  public record FileCounts(long read, long accepted, long rejected) {
    public FileCounts {
      if (read != accepted + rejected) {
        throw new IllegalStateException(
            "row counts do not add up: read "
                + read
                + " != accepted "
                + accepted
                + " + rejected "
                + rejected);
      }
    }
  }

  private final Map<String, long[]> counts = new LinkedHashMap<>();

  synchronized void accepted(String file) {
    counts.computeIfAbsent(file, f -> new long[2])[0]++;
  }

  synchronized void accepted(String file, long count) {
    if (count < 0) {
      throw new IllegalArgumentException("negative row count " + count + " for " + file);
    }
    counts.computeIfAbsent(file, f -> new long[2])[0] += count;
  }

  synchronized void rejected(String file) {
    counts.computeIfAbsent(file, f -> new long[2])[1]++;
  }

  /** Registers a file so that it is listed even when it has no rows. */
  synchronized void touch(String file) {
    counts.computeIfAbsent(file, f -> new long[2]);
  }

  public synchronized Map<String, FileCounts> byFile() {
    Map<String, FileCounts> out = new LinkedHashMap<>();
    counts.forEach((f, c) -> out.put(f, new FileCounts(c[0] + c[1], c[0], c[1])));
    return out;
  }

  public synchronized FileCounts total() {
    long a = 0;
    long r = 0;
    for (long[] c : counts.values()) {
      a += c[0];
      r += c[1];
    }
    return new FileCounts(a + r, a, r);
  }

  /**
   * One line per file plus a total, e.g. {@code u.data: read 100000 = accepted 99998 + rejected 2}.
   */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    byFile().forEach((f, c) -> sb.append(line(f, c)).append('\n'));
    if (counts.size() > 1) {
      sb.append(line("total", total())).append('\n');
    }
    return sb.toString();
  }

  private static String line(String label, FileCounts c) {
    return label
        + ": read "
        + c.read()
        + " = accepted "
        + c.accepted()
        + " + rejected "
        + c.rejected();
  }
}
