package io.strec.model.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
   * Checks every listed file; throws naming the first file whose checksum differs or that is
   * missing.
   */
  public static Map<String, String> verify(Path dir) throws IOException {
    Path list = dir.resolve(FILE);
    if (!Files.isRegularFile(list)) {
      throw new ModelFormatException(dir, "no " + FILE + "; not a model directory");
    }
    // Absolute first: "." normalizes to the empty path, which no file name starts with.
    Path root = dir.toAbsolutePath().normalize();
    Map<String, String> out = new TreeMap<>();
    for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      int sep = line.indexOf("  ");
      if (sep != 64) {
        throw new ModelFormatException(dir, "malformed line in " + FILE + ": '" + line + "'");
      }
      String want = line.substring(0, sep);
      String name = line.substring(sep + 2);
      Path f = root.resolve(name).normalize();
      if (!f.startsWith(root)) {
        throw new ModelFormatException(dir, "checksum entry outside the model directory: " + name);
      }
      if (!Files.isRegularFile(f)) {
        throw new ModelFormatException(
            dir, "model file " + name + " listed in " + FILE + " is missing");
      }
      String got = sha256(f);
      if (!got.equals(want)) {
        throw new ModelFormatException(
            dir,
            "checksum mismatch for "
                + f
                + ": expected "
                + want
                + ", found "
                + got
                + " (the file was changed or damaged after the model was saved)");
      }
      out.put(name, got);
    }
    return out;
  }

  public static String sha256(Path f) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = Files.newInputStream(f)) {
      byte[] buf = new byte[1 << 16];
      int r;
      while ((r = in.read(buf)) > 0) {
        md.update(buf, 0, r);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
