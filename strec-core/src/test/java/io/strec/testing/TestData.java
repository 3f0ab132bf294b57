package io.strec.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates test resources and the real datasets (gated: tests are skipped when the data is absent).
 */
public final class TestData {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestData() {}

  /** A file or directory under {@code src/test/resources}. */
  public static Path resource(String path) {
    var url = TestData.class.getResource(path.startsWith("/") ? path : "/" + path);
    if (url == null) {
      throw new IllegalStateException("missing test resource " + path);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A directory of test resources as a directory on disk, wherever the resources are: the directory
   * itself when they are files (this module's tests, a reactor build up to {@code test}), else a
   * copy of it out of the test jar another module's tests read them from, made once per JVM under
   * the temporary directory.
   */
  public static synchronized Path directory(String path) {
    String name = path.startsWith("/") ? path.substring(1) : path;
    Path cached = EXTRACTED.get(name);
    if (cached != null) {
      return cached;
    }
    var url = TestData.class.getResource("/" + name);
    if (url == null) {
      throw new IllegalStateException("missing test resource directory " + name);
    }
    try {
      URI uri = url.toURI();
      if (!"jar".equals(uri.getScheme())) {
        return Path.of(uri);
      }
      Path into = Files.createTempDirectory("strec-test-" + name.replace('/', '-'));
      try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
        Path root = jar.getPath("/" + name);
        try (Stream<Path> all = Files.walk(root)) {
          for (Path p : (Iterable<Path>) all::iterator) {
            Path to = into.resolve(root.relativize(p).toString());
            if (Files.isDirectory(p)) {
              Files.createDirectories(to);
            } else {
              Files.copy(p, to);
            }
          }
        }
      }
      EXTRACTED.put(name, into);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(into), "strec-test-clean"));
      return into;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot copy the test resources " + name + " out of " + url, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final Map<String, Path> EXTRACTED = new HashMap<>();

  /** Deletes a copied tree at exit; one that cannot be deleted fails the hook, loudly. */
  private static void deleteTree(Path root) {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the test copy " + root, e);
    }
  }

  public static JsonNode json(String path) {
    try {
      return JSON.readTree(resource(path).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A dataset folder under the shared data directory (system property {@code strec.shared.data} or
   * environment variable {@code STREC_DATA}); skips the calling test when it is absent.
   */
  public static Path realData(String folder) {
    String base =
        System.getProperty(
            "strec.shared.data", System.getenv().getOrDefault("STREC_DATA", "../shared/data"));
    Path p = Path.of(base).resolve(folder);
    Assumptions.assumeTrue(
        Files.isDirectory(p),
        "real dataset not available at "
            + p.toAbsolutePath()
            + " (set -Dstrec.shared.data or STREC_DATA); skipping");
    return p;
  }
}
