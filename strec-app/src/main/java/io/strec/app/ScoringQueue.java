package io.strec.app;

import io.strec.model.FactoredModel;
import io.strec.model.Query;
import io.strec.util.Futures;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * Scores concurrent requests together: a few workers each take the waiting queries of one served
 * model (up to a batch size) and score them in one {@link io.strec.model.Model#scoreAll} call, so a
 * model whose per-call cost dominates (an engine's forward pass) pays it once per batch instead of
 * once per request. A lone request is scored alone, at once; nothing waits for a batch to fill.
 */
final class ScoringQueue implements AutoCloseable {
  /** A query to score into {@code scores}, or, for a factored model, to make a scorer for. */
  private record Job(
      Served served,
      Query query,
      float[] scores,
      CompletableFuture<Optional<FactoredModel.QueryScorer>> done) {}

  private final LinkedBlockingDeque<Job> queue = new LinkedBlockingDeque<>();
  private final Object drain = new Object();
  private final int maxBatch;
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean closed;

  ScoringQueue(int threads, int maxBatch) {
    if (threads < 1 || maxBatch < 1) {
      throw new IllegalArgumentException(
          "scoring threads and batch size must be >= 1, got " + threads + " and " + maxBatch);
    }
    this.maxBatch = maxBatch;
    for (int t = 0; t < threads; t++) {
      Thread w = new Thread(this::work, "strec-score-" + t);
      w.setDaemon(true);
      w.start();
      workers.add(w);
    }
  }

  /** Fills {@code scores} for {@code query} under {@code served}'s model; blocks until done. */
  void score(Served served, Query query, float[] scores) {
    if (served.model() instanceof FactoredModel) {
      throw new IllegalArgumentException("a factored model's queries go through scorer()");
    }
    submit(new Job(served, query, scores, new CompletableFuture<>()));
  }

  /**
   * The per-query scorer of {@code query} under {@code served}'s factored model, made together with
   * those of the other waiting queries; blocks until done.
   */
  FactoredModel.QueryScorer scorer(Served served, Query query) {
    if (!(served.model() instanceof FactoredModel)) {
      throw new IllegalArgumentException(
          "model " + served.model().name() + " is not factored: use score()");
    }
    return submit(new Job(served, query, null, new CompletableFuture<>())).orElseThrow();
  }

  private Optional<FactoredModel.QueryScorer> submit(Job job) {
    if (closed) {
      throw new IllegalStateException("the recommender is closed");
    }
    queue.addLast(job);
    // The workers fail a job only with a RuntimeException or an Error (its scoring's, or a closing
    // recommender's), which reaches the caller as it is.
    return Futures.join(job.done());
  }

  private void work() {
    while (!closed) {
      List<Job> batch = new ArrayList<>();
      try {
        synchronized (drain) {
          Job first = queue.takeFirst();
          batch.add(first);
          while (batch.size() < maxBatch) {
            Job next = queue.pollFirst();
            if (next == null) {
              break;
            }
            if (next.served() != first.served()) {
              // A model swap is under way: the other model's queries go in the next batch.
              queue.offerFirst(next);
              break;
            }
            batch.add(next);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail(batch, new IllegalStateException("the recommender is closing"));
        return;
      }
      run(batch);
    }
  }

  private static void run(List<Job> batch) {
    List<Query> queries = new ArrayList<>(batch.size());
    float[][] rows = new float[batch.size()][];
    for (int i = 0; i < batch.size(); i++) {
      queries.add(batch.get(i).query());
      rows[i] = batch.get(i).scores();
    }
    try {
      if (batch.get(0).served().model() instanceof FactoredModel f) {
        List<FactoredModel.QueryScorer> scorers = f.scorers(queries);
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).done().complete(Optional.of(scorers.get(i)));
        }
        return;
      }
      batch.get(0).served().model().scoreAll(queries, rows);
    } catch (RuntimeException | Error e) {
      fail(batch, e);
      return;
    }
    for (Job j : batch) {
      j.done().complete(Optional.empty());
    }
  }

  private static void fail(List<Job> batch, Throwable e) {
    for (Job j : batch) {
      j.done().completeExceptionally(e);
    }
  }

  /** Stops the workers; queries still waiting fail. */
  @Override
  public void close() {
    closed = true;
    workers.forEach(Thread::interrupt);
    List<Job> left = new ArrayList<>();
    queue.drainTo(left);
    fail(left, new IllegalStateException("the recommender is closed"));
  }
}
