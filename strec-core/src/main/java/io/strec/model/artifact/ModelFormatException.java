package io.strec.model.artifact;

import io.strec.util.BadInput;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A model directory that cannot be read as it is: a format version this code does not read, a
 * damaged or missing file, an unknown model family. The message names the directory and what to do.
 */
public final class ModelFormatException extends IOException implements BadInput {
  private static final long serialVersionUID = 1L;

  public ModelFormatException(Path dir, String message) {
    super(dir + ": " + message);
  }

  public ModelFormatException(Path dir, String message, Throwable cause) {
    super(dir + ": " + message, cause);
  }
}
