package io.strec.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collection;

/**
 * Closes several resources so that one failing does not leave the others open (after Lucene's
 * {@code IOUtils.close}). A resource may be any {@link AutoCloseable}, including a lambda that
 * deletes a temporary file; {@code null} entries are skipped, so a half-built set of resources can
 * be passed as it is.
 */
public final class Closing {
  private Closing() {}

  /**
   * Closes every resource, in order, even when one fails; then throws the first failure with the
   * later ones suppressed. A {@link RuntimeException} or {@link Error} is thrown as it is, an
   * {@link IOException} wrapped in an {@link UncheckedIOException}, any other checked exception in
   * an {@link IllegalStateException}.
   */
  public static void closeAll(Collection<? extends AutoCloseable> resources) {
    Throwable first = null;
    for (AutoCloseable r : resources) {
      if (r == null) {
        continue;
      }
      try {
        r.close();
      } catch (Throwable t) {
        if (first == null) {
          first = t;
        } else if (t != first) {
          first.addSuppressed(t);
        }
      }
    }
    if (first instanceof RuntimeException e) {
      throw e;
    }
    if (first instanceof Error e) {
      throw e;
    }
    if (first instanceof IOException e) {
      throw new UncheckedIOException("closing failed: " + e.getMessage(), e);
    }
    if (first != null) {
      throw new IllegalStateException("closing failed: " + first, first);
    }
  }

  /** As {@link #closeAll(Collection)}. */
  public static void closeAll(AutoCloseable... resources) {
    closeAll(Arrays.asList(resources));
  }

  /**
   * Closes every resource, in order, while {@code failure} is on its way out: whatever closing
   * throws is added to {@code failure} as suppressed, so the error that matters stays the one
   * reported.
   */
  public static void closeOnFailure(
      Throwable failure, Collection<? extends AutoCloseable> resources) {
    for (AutoCloseable r : resources) {
      if (r == null) {
        continue;
      }
      try {
        r.close();
      } catch (Throwable t) {
        if (t != failure) {
          failure.addSuppressed(t);
        }
      }
    }
  }

  /** As {@link #closeOnFailure(Throwable, Collection)}. */
  public static void closeOnFailure(Throwable failure, AutoCloseable... resources) {
    closeOnFailure(failure, Arrays.asList(resources));
  }
}
