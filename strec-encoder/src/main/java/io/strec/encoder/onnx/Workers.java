package io.strec.encoder.onnx;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs the units of one call on the calling thread and up to {@code threads - 1} helper threads,
 * each unit once, each participant taking the next unit as it frees up (texts differ in length, so
 * fixed shares would leave a core idle at the end). The caller always works, so a call never waits
 * for a helper that other calls keep busy: helpers that start after the last unit was taken return
 * at once, and the caller waits only for helpers that are still running a unit. Helpers are daemon
 * threads, so an encoder left open does not keep the JVM alive.
 */
final class Workers implements AutoCloseable {
  private final ExecutorService helpers;
  private final int helperCount;

  Workers(int threads, String name) {
    this.helperCount = threads - 1;
    if (helperCount == 0) {
      this.helpers = null;
      return;
    }
    AtomicInteger made = new AtomicInteger();
    this.helpers =
        Executors.newFixedThreadPool(
            helperCount,
            r -> {
              Thread t = new Thread(r, name + "-" + made.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Runs {@code unit} for 0 to {@code units - 1} and returns once every run has finished. The first
   * failure stops the units not yet started and is rethrown here, any later ones suppressed in it.
   */
  void forEach(int units, IntConsumer unit) {
    if (helpers == null || units <= 1) {
      for (int i = 0; i < units; i++) {
        unit.accept(i);
      }
      return;
    }
    Job job = new Job(units, unit);
    for (int h = Math.min(helperCount, units - 1); h > 0; h--) {
      helpers.execute(job);
    }
    job.work();
    job.awaitHelpers();
  }

  @Override
  public void close() {
    if (helpers != null) {
      // Queued helpers of finished calls would return at once; running ones finish their unit.
      helpers.shutdown();
    }
  }

  /** One call's units, shared by the caller and the helpers that join in time. */
  private static final class Job implements Runnable {
    private final int units;
    private final IntConsumer unit;
    private final AtomicInteger next = new AtomicInteger();
    private int active; // guarded by this
    private boolean done; // guarded by this
    private Throwable failure; // guarded by this

    Job(int units, IntConsumer unit) {
      this.units = units;
      this.unit = unit;
    }

    /** A helper's entry: joins unless the caller has already collected the results. */
    @Override
    public void run() {
      synchronized (this) {
        if (done) {
          return;
        }
        active++;
      }
      try {
        work();
      } finally {
        synchronized (this) {
          active--;
          notifyAll();
        }
      }
    }

    void work() {
      for (int i; (i = next.getAndIncrement()) < units; ) {
        try {
          unit.accept(i);
        } catch (RuntimeException | Error e) {
          synchronized (this) {
            if (failure == null) {
              failure = e;
            } else {
              failure.addSuppressed(e);
            }
          }
          // Every participant's next take is then past the end.
          next.set(units);
          return;
        }
      }
    }

    /**
     * Waits, even when interrupted (the helpers write into the caller's result), until no helper
     * runs a unit, then rethrows the first failure.
     */
    void awaitHelpers() {
      boolean interrupted = false;
      Throwable f;
      synchronized (this) {
        done = true;
        while (active > 0) {
          try {
            wait();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        f = failure;
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (f instanceof RuntimeException re) {
        throw re;
      }
      if (f instanceof Error err) {
        throw err;
      }
    }
  }
}
