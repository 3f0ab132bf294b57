package io.strec.util;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Marks an exception that reports the user's input as wrong rather than the program: {@link
 * BadInputException} (an option, a name, a settings list), {@code InvalidRecordException} (a row of
 * a data file), {@code ModelFormatException} (a model directory that is not one, or is damaged) and
 * {@code AppException} (a request the application refuses). Command lines report these in one line
 * that names the file, line, field or value, and exit with code 2; every other exception is an
 * internal error, reported with its stack trace and exit code 1.
 */
public interface BadInput {
  /**
   * Whether {@code ex} is the user's fault: a {@link BadInput}, or a path the user gave that does
   * not exist, is not a directory or may not be read (also inside an {@link UncheckedIOException}).
   * A plain {@link IllegalArgumentException} is not: it is a violated precondition in the program.
   */
  static boolean isBadInput(Throwable ex) {
    return ex instanceof BadInput
        || ex instanceof NoSuchFileException
        || ex instanceof NotDirectoryException
        || ex instanceof AccessDeniedException
        || (ex instanceof UncheckedIOException u && isBadInput(u.getCause()));
  }

  /** The one-line message of a failure, e.g. {@code no such file: data/u.data}. */
  static String message(Throwable ex) {
    if (ex instanceof NoSuchFileException n) {
      return "no such file: "
          + n.getFile()
          + (n.getReason() == null ? "" : " (" + n.getReason() + ")");
    }
    if (ex instanceof UncheckedIOException u && isBadInput(u.getCause())) {
      return message(u.getCause());
    }
    return ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
  }
}
