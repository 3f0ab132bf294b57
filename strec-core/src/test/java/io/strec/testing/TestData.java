package io.strec.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
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
