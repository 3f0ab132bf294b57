package io.strec.model.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** SHA-256 checksums of the files of a directory, in {@code sha256sum} format. */
public final class Checksums {
  public static final String FILE = "checksums.sha256";

  private Checksums() {}

  public static void write(Path dir, List<String> files) throws IOException {
    StringBuilder b = new StringBuilder();
    for (String f : new java.util.TreeSet<>(files)) {
      b.append(sha256(dir.resolve(f))).append("  ").append(f).append('\n');
    }
    Files.writeString(dir.resolve(FILE), b.toString(), StandardCharsets.UTF_8);
  }

  /**
   * Checks every listed file; throws naming the first file (in the list's order) whose checksum
   * differs or that is missing. The files are hashed side by side, one per core: a million-item
   * model holds gigabytes.
   */
  public static Map<String, String> verify(Path dir) throws IOException {
    Path list = dir.resolve(FILE);
    if (!Files.isRegularFile(list)) {
      throw new ModelFormatException(dir, "no " + FILE + "; not a model directory");
    }
    // Absolute first: "." normalizes to the empty path, which no file name starts with.
    Path root = dir.toAbsolutePath().normalize();
    List<String[]> entries = new ArrayList<>();
    for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      int sep = line.indexOf("  ");
      if (sep != 64) {
        throw new ModelFormatException(dir, "malformed line in " + FILE + ": '" + line + "'");
      }
      String name = line.substring(sep + 2);
      Path f = root.resolve(name).normalize();
      if (!f.startsWith(root)) {
        throw new ModelFormatException(dir, "checksum entry outside the model directory: " + name);
      }
      if (!Files.isRegularFile(f)) {
        throw new ModelFormatException(
            dir, "model file " + name + " listed in " + FILE + " is missing");
      }
      entries.add(new String[] {line.substring(0, sep), name, f.toString()});
    }
    List<String> found = hashAll(entries.stream().map(e -> Path.of(e[2])).toList());
    Map<String, String> out = new TreeMap<>();
    for (int i = 0; i < entries.size(); i++) {
      String want = entries.get(i)[0];
      String got = found.get(i);
      if (!got.equals(want)) {
        throw new ModelFormatException(
            dir,
            "checksum mismatch for "
                + entries.get(i)[2]
                + ": expected "
                + want
                + ", found "
                + got
                + " (the file was changed or damaged after the model was saved)");
      }
      out.put(entries.get(i)[1], got);
    }
    return out;
  }

  /** The SHA-256 of each file, in order, hashed on up to one thread per core. */
  private static List<String> hashAll(List<Path> files) throws IOException {
    int threads = Math.max(1, Math.min(files.size(), Runtime.getRuntime().availableProcessors()));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "strec-checksum");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<String>> hashes = new ArrayList<>();
      for (Path f : files) {
        hashes.add(pool.submit(() -> sha256(f)));
      }
      List<String> out = new ArrayList<>(files.size());
      for (Future<String> h : hashes) {
        out.add(h.get());
      }
      return out;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("hashing failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while verifying checksums");
    } finally {
      pool.shutdownNow();
    }
  }

  public static String sha256(Path f) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = Files.newInputStream(f)) {
      byte[] buf = new byte[1 << 20];
      int r;
      while ((r = in.read(buf)) > 0) {
        md.update(buf, 0, r);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
