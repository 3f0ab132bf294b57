package io.strec.bench.serve;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every answer of a run: each latency in nanoseconds, and the failures by status. Synchronized, so
 * the open-loop soak can record from the client's threads; a closed-loop worker owns one and the
 * lock is never contended.
 */
final class Outcomes {
  /** Pseudo-statuses for requests that got no HTTP answer. */
  static final int TIMEOUT = -1;

  static final int IO_ERROR = -2;

  private long[] nanos = new long[1024];
  private int size;
  private long ok;
  private long fiveXx;
  private final Map<String, Long> errors = new TreeMap<>();
  private final Map<String, String> firstBody = new TreeMap<>();

  synchronized void record(long latencyNanos, int status, byte[] body) {
    if (size == nanos.length) {
      nanos = Arrays.copyOf(nanos, size * 2);
    }
    nanos[size++] = latencyNanos;
    if (status >= 200 && status < 300) {
      ok++;
      return;
    }
    if (status >= 500) {
      fiveXx++;
    }
    String key = label(status);
    errors.merge(key, 1L, Long::sum);
    if (!firstBody.containsKey(key)) {
      String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
      firstBody.put(key, text.length() > 300 ? text.substring(0, 300) + "..." : text);
    }
  }

  /** Adds everything {@code other} recorded. */
  synchronized void addAll(Outcomes other) {
    synchronized (other) {
      if (size + other.size > nanos.length) {
        nanos = Arrays.copyOf(nanos, Math.max(2 * nanos.length, size + other.size));
      }
      System.arraycopy(other.nanos, 0, nanos, size, other.size);
      size += other.size;
      ok += other.ok;
      fiveXx += other.fiveXx;
      other.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
      other.firstBody.forEach(firstBody::putIfAbsent);
    }
  }

  synchronized long count() {
    return size;
  }

  synchronized long ok() {
    return ok;
  }

  synchronized long fiveXx() {
    return fiveXx;
  }

  /** Failures by status ({@code 429}, {@code 500}, {@code timeout}, {@code io}). */
  synchronized Map<String, Long> errors() {
    return new TreeMap<>(errors);
  }

  /** The start of the first body answered with each failing status. */
  synchronized Map<String, String> firstBodies() {
    return new TreeMap<>(firstBody);
  }

  /** The latencies, sorted ascending. */
  synchronized long[] sorted() {
    long[] s = Arrays.copyOf(nanos, size);
    Arrays.sort(s);
    return s;
  }

  private static String label(int status) {
    return switch (status) {
      case TIMEOUT -> "timeout";
      case IO_ERROR -> "io";
      default -> Integer.toString(status);
    };
  }
}
