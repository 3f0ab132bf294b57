package io.strec.data;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What to do with a malformed row, and the bookkeeping that proves no row was lost.
 *
 * <p>{@link #fail()} (the default) stops at the first bad row with an {@link
 * InvalidRecordException} naming file, line, column and value. {@link #skip(Path)} goes on and
 * writes every rejected line verbatim, with its reason, to a reject file: one line per rejected
 * row, {@code file <TAB> line <TAB> reason <TAB> original line}.
 */
public final class RowPolicy implements Closeable {
  /** The two policies. */
  public enum Mode {
    FAIL,
    SKIP
  }

  private final Mode mode;
  private final Path rejectFile;
  private final BufferedWriter rejects;
  private final ReadStats stats = new ReadStats();

  private RowPolicy(Mode mode, Path rejectFile) {
    this.mode = mode;
    this.rejectFile = rejectFile;
    if (mode == Mode.SKIP) {
      try {
        Path parent = rejectFile.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        this.rejects = Files.newBufferedWriter(rejectFile, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open reject file " + rejectFile, e);
      }
    } else {
      this.rejects = null;
    }
  }

  public static RowPolicy fail() {
    return new RowPolicy(Mode.FAIL, null);
  }

  public static RowPolicy skip(Path rejectFile) {
    return new RowPolicy(Mode.SKIP, Objects.requireNonNull(rejectFile, "rejectFile"));
  }

  public Mode mode() {
    return mode;
  }

  /** The reject file under {@link Mode#SKIP}; empty under {@link Mode#FAIL}. */
  public Optional<Path> rejectFile() {
    return Optional.ofNullable(rejectFile);
  }

  public ReadStats stats() {
    return stats;
  }

  /** Registers a file so that it appears in the counts even when empty. */
  public void opened(String file) {
    stats.touch(file);
  }

  public void accepted(String file) {
    stats.accepted(file);
  }

  /** Counts {@code count} accepted rows of {@code file} at once (rows parsed elsewhere). */
  public void accepted(String file, long count) {
    stats.accepted(file, count);
  }

  /**
   * Handles a bad row: throws {@code error} under {@link Mode#FAIL}; under {@link Mode#SKIP} counts
   * it and writes {@code rawLine} with its reason to the reject file.
   */
  public void rejected(InvalidRecordException error, String rawLine) {
    if (mode == Mode.FAIL) {
      stats.rejected(error.file());
      throw error;
    }
    synchronized (this) {
      stats.rejected(error.file());
      try {
        rejects.write(
            error.file()
                + "\t"
                + error.line()
                + "\t"
                + oneLine(error.getMessage())
                + "\t"
                + rawLine);
        rejects.newLine();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write reject file " + rejectFile, e);
      }
    }
  }

  private static String oneLine(String s) {
    return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }

  @Override
  public void close() throws IOException {
    if (rejects != null) {
      rejects.close();
    }
  }
}
