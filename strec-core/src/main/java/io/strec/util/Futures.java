package io.strec.util;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting on a {@link CompletableFuture} without its failure arriving wrapped. */
public final class Futures {
  private Futures() {}

  /**
   * {@code future.join()}, with a failure thrown as the {@link RuntimeException} or {@link Error}
   * that failed the future, not inside the {@link CompletionException} that {@code join} wraps it
   * in: a caller sees the same exception whether the work ran on its own thread or another. A
   * checked cause stays in its {@code CompletionException}; a cancelled future throws {@link
   * java.util.concurrent.CancellationException} as {@code join} does.
   */
  public static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}
