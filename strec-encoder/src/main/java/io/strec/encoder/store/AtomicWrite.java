package io.strec.encoder.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.UUID;

/**
 * Replaces a file so that readers, and a crash at any point, see either the old content or the
 * complete new one: write a temporary file in the same directory (a rename is only atomic within
 * one file system), fsync it, rename it over the target, then fsync the directory so the rename
 * itself survives a power loss.
 */
final class AtomicWrite {
  /** Writes the new content. */
  interface Body {
    void writeTo(FileChannel channel) throws IOException;
  }

  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  private AtomicWrite() {}

  static void replace(Path target, Body body) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    // Not Files.createTempFile: its owner-only permissions would end up on the renamed file.
    Path tmp =
        dir.resolve(
            target.getFileName() + "." + UUID.randomUUID().toString().substring(0, 8) + ".tmp");
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        body.writeTo(ch);
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException | Error e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    fsyncDirectory(dir);
  }

  private static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Windows cannot open a directory as a channel; NTFS journals the rename on its own.
      if (!WINDOWS) {
        throw e;
      }
    }
  }
}
