package io.strec.util;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Replaces files so that readers, and a crash at any point, see either the old content or the
 * complete new one: the new content goes to a temporary file in the target's directory (a rename is
 * only atomic within one file system), which is flushed to the disk and renamed over the target;
 * then the directory is flushed so that the rename itself survives a power loss. A write that fails
 * deletes its temporary file and leaves the target as it was. {@link Batch} does the same for
 * several files that must all be complete before any is replaced.
 *
 * <p>Temporary files are hidden siblings of their target, {@code .NAME.RANDOM.tmp}, created with
 * the default permissions: not {@code Files.createTempFile}'s owner-only ones, which would stay on
 * the renamed file.
 */
public final class AtomicFiles {
  /** Writes the new content to a buffered stream, which it need not flush or close. */
  @FunctionalInterface
  public interface StreamBody {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes the new content as text to a buffered UTF-8 writer, which it need not flush or close.
   */
  @FunctionalInterface
  public interface TextBody {
    void writeTo(BufferedWriter out) throws IOException;
  }

  /** Writes the new content to the temporary file's channel, which it must not close. */
  @FunctionalInterface
  public interface ChannelBody {
    void writeTo(FileChannel channel) throws IOException;
  }

  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  private static final int BUFFER_BYTES = 1 << 16;

  private AtomicFiles() {}

  /** Replaces {@code target} with what {@code body} writes; creates the parent directories. */
  public static void write(Path target, StreamBody body) throws IOException {
    writeChannel(
        target,
        ch -> {
          OutputStream out =
              new BufferedOutputStream(new Unclosable(Channels.newOutputStream(ch)), BUFFER_BYTES);
          body.writeTo(out);
          out.flush();
        });
  }

  /**
   * Replaces {@code target} with the UTF-8 text {@code body} writes (an unpaired surrogate fails
   * the write, as with {@link Files#newBufferedWriter}); creates the parent directories.
   */
  public static void writeText(Path target, TextBody body) throws IOException {
    write(
        target,
        out -> {
          BufferedWriter w =
              new BufferedWriter(
                  new OutputStreamWriter(out, StandardCharsets.UTF_8.newEncoder()), BUFFER_BYTES);
          body.writeTo(w);
          w.flush();
        });
  }

  /** Replaces {@code target} with {@code text} in UTF-8; creates the parent directories. */
  public static void writeString(Path target, String text) throws IOException {
    write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Replaces {@code target} with what {@code body} writes; creates the parent directories. */
  public static void writeChannel(Path target, ChannelBody body) throws IOException {
    try (Batch batch = new Batch()) {
      try (FileChannel ch = FileChannel.open(batch.temp(target), StandardOpenOption.WRITE)) {
        body.writeTo(ch);
      }
      batch.commit();
    }
  }

  /**
   * Several files written to temporary siblings of their targets, then moved into place together by
   * {@link #commit()} once all are complete; closing deletes the temporary files of a batch that
   * was not committed. A crash during the commit may leave some targets new and others old, but
   * never one half-written.
   *
   * <pre>{@code
   * try (AtomicFiles.Batch batch = new AtomicFiles.Batch()) {
   *   Files.writeString(batch.temp(dir.resolve("a.txt")), a);
   *   Files.writeString(batch.temp(dir.resolve("b.txt")), b);
   *   batch.commit();
   * }
   * }</pre>
   */
  public static final class Batch implements AutoCloseable {
    private final Map<Path, Path> targetOfTemp = new LinkedHashMap<>();

    /**
     * A new empty temporary file to write {@code target}'s content to, beside it; creates the
     * parent directories.
     */
    public Path temp(Path target) throws IOException {
      Path abs = target.toAbsolutePath();
      Path dir = abs.getParent();
      Files.createDirectories(dir);
      String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
      Path t = Files.createFile(dir.resolve("." + abs.getFileName() + "." + unique + ".tmp"));
      targetOfTemp.put(t, abs);
      return t;
    }

    /**
     * Flushes every temporary file (written and closed by now) to the disk, renames each over its
     * target in the order they were made, then flushes their directories.
     */
    public void commit() throws IOException {
      for (Path t : targetOfTemp.keySet()) {
        fsync(t);
      }
      Set<Path> dirs = new LinkedHashSet<>();
      for (Map.Entry<Path, Path> e : targetOfTemp.entrySet()) {
        replace(e.getKey(), e.getValue());
        dirs.add(e.getValue().getParent());
      }
      targetOfTemp.clear();
      dirs.forEach(AtomicFiles::fsyncDirectory);
    }

    /** Deletes the temporary files not moved into place. */
    @Override
    public void close() {
      List<AutoCloseable> deletes = new ArrayList<>();
      for (Path t : targetOfTemp.keySet()) {
        deletes.add(() -> Files.deleteIfExists(t));
      }
      targetOfTemp.clear();
      Closing.closeAll(deletes);
    }
  }

  /**
   * Renames {@code from} to {@code to} atomically, failing where the file system cannot; for
   * directories, which cannot be renamed over a non-empty one. Flushes nothing.
   */
  public static void renameDirectory(Path from, Path to) throws IOException {
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Flushes a file's content to the disk. */
  public static void fsync(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /**
   * Flushes a directory's entries (a rename in it) to the disk where the platform allows. Windows
   * cannot open a directory as a channel (NTFS journals the rename on its own), and some file
   * systems refuse to sync one; then this does nothing, since failing would report as lost a rename
   * that has already happened.
   */
  public static void fsyncDirectory(Path dir) {
    if (WINDOWS) {
      return;
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // See above: the files themselves were synced before the rename.
    }
  }

  private static void replace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      // Within one directory this only happens on unusual file systems; a plain replace there
      // still never exposes a half-written file, only a moment without one.
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The channel's stream, whose close only flushes: the channel is closed by its owner. */
  private static final class Unclosable extends OutputStream {
    private final OutputStream out;

    Unclosable(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
