package io.strec.util;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Periodic progress lines for long work: at most one line every {@code everySeconds}, with done /
 * total, rate and ETA, e.g. {@code evaluating content: 3000/8442 (35%), 250.1/s, ETA 22 s}. Safe to
 * call {@link #step()} from several threads; work that ends quickly prints nothing.
 */
public final class Progress {
  private final String label;
  private final long total;
  private final Consumer<String> sink;
  private final long everyNanos;
  private final long start = System.nanoTime();
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong nextReport;

  public Progress(String label, long total, double everySeconds, Consumer<String> sink) {
    this.label = label;
    this.total = total;
    this.sink = sink;
    this.everyNanos = (long) (everySeconds * 1e9);
    this.nextReport = new AtomicLong(start + everyNanos);
  }

  /** Records one unit of work done. */
  public void step() {
    long d = done.incrementAndGet();
    long now = System.nanoTime();
    long next = nextReport.get();
    if (now >= next && nextReport.compareAndSet(next, now + everyNanos)) {
      sink.accept(line(d, now));
    }
  }

  String line(long d, long now) {
    double secs = (now - start) / 1e9;
    double rate = d / Math.max(secs, 1e-9);
    double eta = rate > 0 ? (total - d) / rate : Double.NaN;
    return String.format(
        Locale.ROOT,
        "%s: %d/%d (%.0f%%), %.1f/s, ETA %.0f s",
        label,
        d,
        total,
        100.0 * d / Math.max(total, 1),
        rate,
        eta);
  }
}
