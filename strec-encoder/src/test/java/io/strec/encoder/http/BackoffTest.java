package io.strec.encoder.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The retry schedule: bounds, caps, Retry-After and determinism under a seed. */
class BackoffTest {
  final Backoff backoff = new Backoff(100, Duration.ofMillis(10), Duration.ofSeconds(1));

  @Test
  void exponentialWindowsWithEqualJitterCappedAtMax() {
    SplittableRandom rng = new SplittableRandom(1);
    for (int retry = 1; retry <= 100; retry++) {
      long window = Math.min(1_000_000_000L, 10_000_000L << Math.min(retry - 1, 20));
      for (int k = 0; k < 50; k++) {
        long d = backoff.delay(retry, OptionalLong.empty(), rng).toNanos();
        assertTrue(
            d >= window / 2 && d <= window,
            "retry " + retry + ": " + d + " outside [" + window / 2 + ", " + window + "]");
      }
    }
  }

  @Test
  void retryAfterWinsButIsCapped() {
    SplittableRandom rng = new SplittableRandom(1);
    assertEquals(Duration.ZERO, backoff.delay(1, OptionalLong.of(0), rng));
    assertEquals(Duration.ofSeconds(1), backoff.delay(1, OptionalLong.of(1), rng));
    assertEquals(Duration.ofSeconds(1), backoff.delay(1, OptionalLong.of(7), rng));
    assertEquals(Duration.ofSeconds(1), backoff.delay(1, OptionalLong.of(Long.MAX_VALUE), rng));
  }

  @Test
  void sameSeedSameSchedule() {
    SplittableRandom a = new SplittableRandom(99);
    SplittableRandom b = new SplittableRandom(99);
    for (int retry = 1; retry <= 10; retry++) {
      assertEquals(
          backoff.delay(retry, OptionalLong.empty(), a),
          backoff.delay(retry, OptionalLong.empty(), b));
    }
  }

  @Test
  void badSettingsAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Backoff(-1, Duration.ofMillis(1), Duration.ofMillis(1)));
    assertThrows(
        IllegalArgumentException.class, () -> new Backoff(1, Duration.ZERO, Duration.ofMillis(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Backoff(1, Duration.ofMillis(2), Duration.ofMillis(1)));
  }
}
