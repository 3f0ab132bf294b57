package io.strec.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version and git commit this code was built from, filled in by the build into {@code
 * io/strec/build.properties}; {@code unknown} when built outside a git checkout.
 */
public final class BuildInfo {
  private static final Properties PROPS = read();

  private BuildInfo() {}

  public static String version() {
    return PROPS.getProperty("version", "unknown");
  }

  public static String commit() {
    String c = PROPS.getProperty("commit", "unknown");
    return c.isBlank() || c.startsWith("${") ? "unknown" : c;
  }

  private static Properties read() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/io/strec/build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading io/strec/build.properties", e);
    }
    return p;
  }
}
