package io.strec.stm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this module, filled in by the build, for model provenance. */
final class CodeVersion {
  private CodeVersion() {}

  static String get() {
    try (InputStream in =
        CodeVersion.class.getResourceAsStream("/io/strec/stm/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
