package io.strec.encoder.store;

import io.strec.util.BadInput;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A file under this package cannot be used: it is corrupt or truncated, has another format or
 * version, or was written for another model or dimension. The message names the file. It is bad
 * input (exit 2 from the command line, one line, no trace): the file the user pointed at is unfit,
 * and the remedy (delete or rebuild it) is theirs.
 */
public final class StoreFormatException extends IOException implements BadInput {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  public StoreFormatException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  /** The offending file. */
  public Path file() {
    return file;
  }
}
