package io.strec.bench.serve;

/**
 * Exact percentiles of one run's latencies, in milliseconds: the nearest-rank value of the sorted
 * array (the smallest latency with at least that fraction of the run at or below it), no histogram
 * buckets. NaN when the run answered nothing.
 */
public record Latencies(double p50, double p90, double p99, double max) {
  static Latencies of(long[] sortedNanos) {
    if (sortedNanos.length == 0) {
      return new Latencies(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    return new Latencies(
        at(sortedNanos, 0.50),
        at(sortedNanos, 0.90),
        at(sortedNanos, 0.99),
        sortedNanos[sortedNanos.length - 1] / 1e6);
  }

  private static double at(long[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }
}
