package io.strec.bench.serve;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A log line every few seconds while a run lasts: done so far, rate, and the time left, which is
 * the sooner of the count and the time bound. A run shorter than the interval prints nothing.
 */
final class Progress implements AutoCloseable {
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "load-progress");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param done requests finished so far
   * @param total the count bound
   * @param deadlineNanos the time bound, on {@link System#nanoTime()}
   */
  // A progress line that fails ends the progress lines and nothing else; the run does not wait on
  // them.
  @SuppressWarnings("FutureReturnValueIgnored")
  Progress(
      PrintStream log,
      String label,
      LongSupplier done,
      long total,
      long deadlineNanos,
      int intervalSeconds) {
    long start = System.nanoTime();
    timer.scheduleAtFixedRate(
        () -> {
          long now = System.nanoTime();
          long n = done.getAsLong();
          double rate = n / ((now - start) / 1e9);
          double byCount = rate > 0 ? (total - n) / rate : Double.POSITIVE_INFINITY;
          double eta = Math.max(0, Math.min(byCount, (deadlineNanos - now) / 1e9));
          log.printf(
              Locale.ROOT,
              "  [%s] %d/%d requests, %.0f req/s, ETA %.0f s%n",
              label,
              n,
              total,
              rate,
              eta);
        },
        intervalSeconds,
        intervalSeconds,
        TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
