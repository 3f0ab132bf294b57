package io.strec.app.store;

import java.nio.file.Path;

/** The store's file could not be read or written; the message names the file and the operation. */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(Path file, String message) {
    super(file + ": " + message);
  }

  public StoreException(Path file, String operation, Throwable cause) {
    super(file + ": " + operation + " failed: " + cause, cause);
  }
}
