package io.strec.encoder.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file under this package cannot be used: it is corrupt or truncated, has another format or
 * version, or was written for another model or dimension. The message names the file.
 */
public final class StoreFormatException extends IOException {
  private final Path file;

  public StoreFormatException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  /** The offending file. */
  public Path file() {
    return file;
  }
}
