package io.strec.encoder.http;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * How long to wait before each retry: exponential from {@code initial}, doubled per retry, capped
 * at {@code max}, with "equal jitter" (a uniform draw from the upper half of the window) so that
 * clients which failed together do not retry together. A server's {@code Retry-After} wins over the
 * exponential schedule but is capped at {@code max} too, so a misconfigured server cannot park the
 * caller for an hour.
 *
 * @param retries retries after the first attempt, {@code >= 0}
 * @param initial the window before the first retry, positive
 * @param max the longest wait, {@code >= initial}
 */
record Backoff(int retries, Duration initial, Duration max) {
  Backoff {
    if (retries < 0) {
      throw new IllegalArgumentException("retries must be >= 0, got " + retries);
    }
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial backoff must be positive, got " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "max backoff " + max + " is below initial backoff " + initial);
    }
  }

  /** Attempts in all: the first one plus the retries. */
  int attempts() {
    return retries + 1;
  }

  /**
   * The wait before retry number {@code retry} (1-based).
   *
   * @param retryAfterSeconds the server's {@code Retry-After}, when it sent one
   * @param rng the caller's own stream, so that a fixed seed gives a fixed schedule
   */
  Duration delay(int retry, OptionalLong retryAfterSeconds, SplittableRandom rng) {
    long maxNanos = max.toNanos();
    if (retryAfterSeconds.isPresent()) {
      long s = retryAfterSeconds.getAsLong();
      // Compare in seconds first: a huge Retry-After would overflow toNanos().
      return s >= max.toSeconds() + 1
          ? max
          : Duration.ofNanos(Math.min(maxNanos, s * 1_000_000_000L));
    }
    // Shift at most 62 places and saturate, since 2^retry overflows a long quickly.
    int shift = Math.min(retry - 1, 62);
    long window = initial.toNanos();
    window = window > (maxNanos >> shift) ? maxNanos : Math.min(maxNanos, window << shift);
    long half = window / 2;
    return Duration.ofNanos(window - half + rng.nextLong(half + 1));
  }
}
