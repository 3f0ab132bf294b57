package io.strec.server;

import io.strec.util.BadInputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The three API keys: {@code read} (recommendations, items, metrics), {@code write} (events and
 * items) and {@code admin} (forgetting users, swapping the model). A stronger key may do what a
 * weaker one may. Keys are compared in constant time.
 */
public final class ApiKeys {
  /** What a route needs; declared weakest first, the order {@link ApiKeys#allows} compares in. */
  public enum Role {
    READ,
    WRITE,
    ADMIN
  }

  private final byte[] read;
  private final byte[] write;
  private final byte[] admin;

  ApiKeys(String read, String write, String admin) {
    this.read = check("read", read);
    this.write = check("write", write);
    this.admin = check("admin", admin);
    if (read.equals(write) || read.equals(admin) || write.equals(admin)) {
      throw new BadInputException("the read, write and admin keys must differ");
    }
  }

  private static byte[] check(String role, String key) {
    if (key == null || key.length() < 16) {
      throw new BadInputException("the " + role + " key must be at least 16 characters long");
    }
    return key.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Keys from a properties file with {@code read}, {@code write} and {@code admin}.
   *
   * @throws BadInputException naming the file and the missing or unfit key
   */
  public static ApiKeys fromFile(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    for (String k : new String[] {"read", "write", "admin"}) {
      if (p.getProperty(k) == null) {
        throw new BadInputException(file + ": missing key '" + k + "'");
      }
    }
    try {
      return new ApiKeys(p.getProperty("read"), p.getProperty("write"), p.getProperty("admin"));
    } catch (BadInputException e) {
      throw new BadInputException(file + ": " + e.getMessage(), e);
    }
  }

  /** Keys from STREC_READ_KEY, STREC_WRITE_KEY and STREC_ADMIN_KEY, when all three are set. */
  public static Optional<ApiKeys> fromEnvironment(Map<String, String> env) {
    String r = env.get("STREC_READ_KEY");
    String w = env.get("STREC_WRITE_KEY");
    String a = env.get("STREC_ADMIN_KEY");
    if (r == null && w == null && a == null) {
      return Optional.empty();
    }
    if (r == null || w == null || a == null) {
      throw new BadInputException(
          "set all of STREC_READ_KEY, STREC_WRITE_KEY and STREC_ADMIN_KEY, or none");
    }
    return Optional.of(new ApiKeys(r, w, a));
  }

  /** Three new random keys. */
  public static ApiKeys random(SecureRandom rnd) {
    return new ApiKeys(token("r", rnd), token("w", rnd), token("a", rnd));
  }

  private static String token(String prefix, SecureRandom rnd) {
    byte[] b = new byte[18];
    rnd.nextBytes(b);
    return "strec-" + prefix + "-" + HexFormat.of().formatHex(b);
  }

  /** Writes the keys to a file readable by its owner only (where the file system allows). */
  public void writeTo(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    String text =
        "# STREC API keys (keep secret)\nread="
            + readKey()
            + "\nwrite="
            + new String(write, StandardCharsets.UTF_8)
            + "\nadmin="
            + new String(admin, StandardCharsets.UTF_8)
            + "\n";
    Files.writeString(file, text, StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(
          file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): the directory's own permissions protect it.
    }
  }

  public String readKey() {
    return new String(read, StandardCharsets.UTF_8);
  }

  public String writeKey() {
    return new String(write, StandardCharsets.UTF_8);
  }

  public String adminKey() {
    return new String(admin, StandardCharsets.UTF_8);
  }

  /**
   * The strongest role the presented key holds, or empty when it is none of the keys. Every key is
   * compared in full, whatever matches, so the time taken says nothing about the key.
   */
  Optional<Role> roleOf(String presented) {
    byte[] p = presented.getBytes(StandardCharsets.UTF_8);
    boolean a = MessageDigest.isEqual(p, admin);
    boolean w = MessageDigest.isEqual(p, write);
    boolean r = MessageDigest.isEqual(p, read);
    return a
        ? Optional.of(Role.ADMIN)
        : w ? Optional.of(Role.WRITE) : r ? Optional.of(Role.READ) : Optional.empty();
  }

  static boolean allows(Role held, Role needed) {
    return held.compareTo(needed) >= 0;
  }
}
