package io.strec.app;

import io.strec.model.FactoredModel;
import io.strec.model.Query;
import io.strec.util.Geo;
import java.io.IOException;
import java.util.BitSet;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the recall of two-stage retrieval on live traffic: one query in {@code every} (counted,
 * not drawn at random) is searched again for the top 100 and scored over the whole catalogue on a
 * background thread, off the request's path; when that thread is busy the sample is dropped and
 * counted.
 */
final class RecallProbe {
  private static final Logger LOG = LoggerFactory.getLogger(RecallProbe.class);
  private static final int WIDE = 100;
  private static final int NARROW = 10;

  private final int every;
  private final TwoStage twoStage;
  private final AtomicLong queries = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final ThreadPoolExecutor worker;
  private long samples; // guarded by this
  private double sumAt10; // guarded by this
  private double sumAt100; // guarded by this

  // MIN_PRIORITY only hints that the probe yield to the threads serving queries; nothing relies on
  // the scheduler honouring it.
  @SuppressWarnings("ThreadPriorityCheck")
  RecallProbe(int every, TwoStage twoStage) {
    this.every = every;
    this.twoStage = twoStage;
    this.worker =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(2),
            r -> {
              Thread t = new Thread(r, "strec-recall-probe");
              t.setDaemon(true);
              t.setPriority(Thread.MIN_PRIORITY);
              return t;
            },
            (r, pool) -> {
              dropped.incrementAndGet();
              if (r instanceof Sample sample) {
                sample.served().release();
              }
            });
  }

  /** Samples this query when its turn has come; never blocks the caller. */
  void maybeSample(
      Served s,
      Query q,
      Ranker.Visibility v,
      FactoredModel.QueryScorer scorer,
      Optional<org.apache.lucene.search.Query> filter,
      Optional<Geo.Disc> disc,
      BitSet hidden) {
    if (every == 0 || queries.incrementAndGet() % every != 0) {
      return;
    }
    if (!s.acquire()) {
      return;
    }
    try {
      worker.execute(new Sample(s, () -> measure(s, q, v, scorer, filter, disc, hidden)));
    } catch (RuntimeException e) {
      s.release();
      throw e;
    }
  }

  /** A queued measurement; it holds a reference to the served model until it has run. */
  private record Sample(Served served, Runnable work) implements Runnable {
    @Override
    public void run() {
      work.run();
    }
  }

  private void measure(
      Served s,
      Query q,
      Ranker.Visibility v,
      FactoredModel.QueryScorer scorer,
      Optional<org.apache.lucene.search.Query> filter,
      Optional<Geo.Disc> disc,
      BitSet hidden) {
    try {
      int[] found =
          twoStage
              .search(
                  s.index().orElseThrow(),
                  s.catalogue(),
                  s.ranking(),
                  scorer,
                  filter,
                  disc,
                  hidden,
                  WIDE)
              .items();
      float[] scores = new float[s.model().numItems()];
      int[] exact = Ranker.exactTop(s, scorer, Ranker.excluded(s.catalogue(), q, v), WIDE, scores);
      double at10 = recall(found, exact, NARROW);
      double at100 = recall(found, exact, WIDE);
      synchronized (this) {
        samples++;
        sumAt10 += at10;
        sumAt100 += at100;
      }
    } catch (IOException | RuntimeException e) {
      // A failed measurement must not fail anything else; it is logged, not counted.
      LOG.warn("recall probe failed", e);
    } finally {
      s.release();
    }
  }

  /** The share of the exact top {@code k} that the found top {@code k} holds (1 when empty). */
  static double recall(int[] found, int[] exact, int k) {
    int e = Math.min(k, exact.length);
    if (e == 0) {
      return 1.0;
    }
    BitSet top = new BitSet();
    for (int r = 0; r < Math.min(k, found.length); r++) {
      top.set(found[r]);
    }
    int hit = 0;
    for (int r = 0; r < e; r++) {
      if (top.get(exact[r])) {
        hit++;
      }
    }
    return hit / (double) e;
  }

  synchronized RetrievalRecall snapshot() {
    return new RetrievalRecall(
        samples,
        dropped.get(),
        samples == 0 ? Double.NaN : sumAt10 / samples,
        samples == 0 ? Double.NaN : sumAt100 / samples);
  }

  /**
   * Stops the worker: queued samples are dropped (their references released), a running one is
   * waited for, so that nothing still holds the served model or its index afterwards.
   */
  void close() {
    for (Runnable r : worker.shutdownNow()) {
      if (r instanceof Sample sample) {
        sample.served().release();
      }
    }
    try {
      if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the recall probe did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the recall probe", e);
    }
  }
}
