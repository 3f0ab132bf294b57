package io.strec.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class FuturesTest {
  @Test
  void aValueIsReturned() {
    assertEquals("x", Futures.join(CompletableFuture.completedFuture("x")));
  }

  @Test
  void aRuntimeFailureIsThrownAsItself() {
    IllegalArgumentException cause = new IllegalArgumentException("bad value 7");
    CompletableFuture<String> f =
        CompletableFuture.supplyAsync(
            () -> {
              throw cause;
            });
    assertSame(cause, assertThrows(IllegalArgumentException.class, () -> Futures.join(f)));
  }

  @Test
  void anErrorIsThrownAsItself() {
    OutOfMemoryError cause = new OutOfMemoryError("test");
    CompletableFuture<String> f = CompletableFuture.failedFuture(cause);
    assertSame(cause, assertThrows(OutOfMemoryError.class, () -> Futures.join(f)));
  }

  @Test
  void aCheckedCauseStaysWrappedAndCancellationIsAsJoin() {
    IOException cause = new IOException("disk");
    CompletableFuture<String> f = CompletableFuture.failedFuture(cause);
    assertSame(cause, assertThrows(CompletionException.class, () -> Futures.join(f)).getCause());
    CompletableFuture<String> cancelled = new CompletableFuture<>();
    cancelled.cancel(false);
    assertThrows(CancellationException.class, () -> Futures.join(cancelled));
  }
}
