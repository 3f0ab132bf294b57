package io.strec.stm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.strec.stm.data.Batch;
import io.strec.stm.data.Window;
import io.strec.stm.nn.Dropout;
import io.strec.stm.nn.HostMemory;
import io.strec.stm.nn.ItemRows;
import io.strec.stm.nn.ItemTable;
import io.strec.stm.nn.Lanes;
import io.strec.stm.nn.Layers;
import io.strec.stm.nn.Network;
import io.strec.stm.nn.Params;
import io.strec.stm.nn.SampledSoftmax;
import io.strec.util.Futures;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * A training step split into shards of the batch that run side by side, each on its own thread with
 * its own few engine threads.
 *
 * <p>Why: one step on the CPU is a chain of small operations. With one engine thread per core the
 * cores mostly wait on each other (the engine's OpenMP workers park and wake for every operation):
 * on 2 cores a Scientific epoch took 16.4 s with two engine threads and 13.3 s with one, and two
 * fits side by side ran at the speed of one each. Here each shard of the batch (a contiguous part
 * of its windows) runs its forward and backward pass on its own thread with one engine thread, so
 * the cores work on different shards instead.
 *
 * <p>The result is the same full-batch loss: each shard's mean cross-entropy is weighted by its
 * share of the batch's scored positions, and the gradients add up to the batch's. Each shard reads
 * the weights through leaves of its own ({@link Params#leavesIn}), so the backward passes never
 * write the same gradient; the step's gradient is then written into the weights' gradients as
 * {@code g_0 + g_1 + ...} in shard order on the calling thread. Dropout masks come from one stream
 * per shard, split from the step's stream in shard order. So a fit is repeatable for a given number
 * of shards, whatever the load (a different number of shards changes the last bits of the sums).
 */
public final class Shards implements AutoCloseable, Lanes {
  private final int count;
  private final ExecutorService pool;

  /**
   * What one shard's pass leaves: its manager (open until merged), leaves, loss and, under a
   * sampled softmax, its row gradients (arrays of its manager).
   */
  private record Part(
      NDManager step, Map<String, NDArray> leaves, float loss, ItemRows.Gradients rows) {}

  /**
   * The loss of a step (the full batch's mean), its number of scored positions and, under a sampled
   * softmax, the gradients of the per-item rows it read (for {@link
   * io.strec.stm.nn.AdamW#update(ItemRows.Gradients)}; close after the update).
   */
  public record Step(float loss, int positions, ItemRows.Gradients rows) implements AutoCloseable {
    @Override
    public void close() {
      rows.close();
    }
  }

  /**
   * @param count shards per step, at least 2
   * @param opThreads engine threads each shard's operations may use
   */
  public Shards(int count, int opThreads) {
    if (count < 2) {
      throw new IllegalArgumentException("shards must be >= 2, got " + count);
    }
    if (opThreads < 1) {
      throw new IllegalArgumentException("op threads must be >= 1, got " + opThreads);
    }
    this.count = count;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            count,
            r -> {
              Thread t =
                  new Thread(
                      () -> {
                        // Per thread: the engine's OpenMP settings belong to the calling thread.
                        JniUtils.setNumThreads(opThreads);
                        r.run();
                      },
                      "stm-shard-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public int count() {
    return count;
  }

  /**
   * Runs the pieces (the optimizer's update, the moving average, the merge of the shards'
   * gradients) on the shards' threads and returns when every one has ended; the first failure is
   * thrown after that. Not to be called from a shard's thread, whose own piece would then wait for
   * a free one. Their engine work runs there, with one engine thread each, not on the calling
   * thread: with the engine's default of one thread per core, every operation would start an OpenMP
   * team whose threads spin while they wait, and on a machine busy with other work a spinning
   * thread holds the core the descheduled one needs (a Scientific epoch beside another fit took 92
   * s with the update on the calling thread; with waiting threads that sleep 25 s, and 13 s alone).
   */
  @Override
  public void runAll(List<Runnable> pieces) {
    List<CompletableFuture<Void>> running = new ArrayList<>(pieces.size());
    for (Runnable piece : pieces) {
      running.add(CompletableFuture.runAsync(piece, pool));
    }
    CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
        .exceptionally(e -> null)
        .join();
    for (CompletableFuture<Void> f : running) {
      Futures.join(f);
    }
  }

  /**
   * The default number of shards on the CPU: one per core, at most 8 and at most a quarter of the
   * batch (a shard of fewer windows wastes its matrix products); 1 means no sharding.
   */
  static int defaultCount(int cores, int batchSize) {
    return Math.max(1, Math.min(Math.min(cores, 8), batchSize / 4));
  }

  /**
   * Makes sure every weight has a gradient array the merged gradients can be written into (a weight
   * gets one from its first backward pass; sharded steps never run one on the weights).
   */
  public static void defineGradients(Params params, NDManager root, Set<String> skipped) {
    try (NDManager step = root.newSubManager();
        ai.djl.training.GradientCollector gc =
            ai.djl.engine.Engine.getInstance().newGradientCollector()) {
      NDArray total = null;
      for (var e : params.viewsIn(step, false).entrySet()) {
        if (skipped.contains(e.getKey())) {
          continue;
        }
        NDArray zero = Layers.scale(e.getValue().sum(), 0);
        total = total == null ? zero : total.add(zero);
      }
      if (total != null) {
        gc.backward(total);
      }
    }
  }

  /**
   * Runs the forward and backward pass of {@code windows} (one batch) as {@link #count} shards and
   * leaves the batch's gradients on the weights of {@code network}.
   *
   * @param build makes a shard's batch from its windows (called on the shard's thread)
   * @param dropouts makes a shard's masks ({@link Dropout}) from its seed, {@code
   *     dropoutSeeds[shard]}
   * @param check runs before a shard's pass on its batch (the numeric input checks), or null
   * @param neg the step's negatives under a sampled softmax (shared by the shards, which also share
   *     the batch's item table), or null for the full softmax
   */
  public Step backward(
      Network network,
      NDManager root,
      List<Window> windows,
      Function<List<Window>, Batch> build,
      LongFunction<Dropout> dropouts,
      long[] dropoutSeeds,
      java.util.function.Consumer<Batch> check,
      SampledSoftmax.Negatives neg) {
    int total = 0;
    for (Window w : windows) {
      total += w.queries().size();
    }
    int positions = total;
    int shards = Math.min(count, windows.size());
    List<CompletableFuture<Batch>> built = new ArrayList<>(shards);
    for (int s = 0; s < shards; s++) {
      List<Window> part =
          windows.subList(s * windows.size() / shards, (s + 1) * windows.size() / shards);
      built.add(
          CompletableFuture.supplyAsync(
              () -> {
                Batch bt = build.apply(part);
                if (check != null) {
                  check.accept(bt);
                }
                return bt;
              },
              pool));
    }
    List<CompletableFuture<Part>> running = new ArrayList<>(shards);
    if (neg == null) {
      // Under the full softmax a shard's pass needs its own batch only: it starts on a free shard
      // thread as soon as that batch is built, not when the slowest shard's is (a window whose
      // features a fit did not keep is built afresh at every epoch, and takes longer). Async, so
      // that a batch built before this line runs its pass on the pool, not on this thread.
      for (int s = 0; s < shards; s++) {
        Dropout dropout = dropouts.apply(dropoutSeeds[s]);
        running.add(
            built
                .get(s)
                .thenApplyAsync(
                    bt -> pass(network, root, bt, dropout, positions, null, null), pool));
      }
    } else {
      List<Batch> batches = new ArrayList<>(shards);
      for (CompletableFuture<Batch> f : built) {
        batches.add(Futures.join(f));
      }
      ItemTable table = network.sampledTable(batches, neg);
      for (int s = 0; s < shards; s++) {
        Batch bt = batches.get(s);
        Dropout dropout = dropouts.apply(dropoutSeeds[s]);
        running.add(
            CompletableFuture.supplyAsync(
                () -> pass(network, root, bt, dropout, positions, neg, table), pool));
      }
    }
    List<Part> parts = new ArrayList<>(shards);
    try {
      for (CompletableFuture<Part> f : running) {
        parts.add(Futures.join(f));
      }
      float loss = 0;
      for (Part p : parts) {
        loss += p.loss();
      }
      ItemRows.Gradients rows = mergeRows(root, parts);
      List<Runnable> merges = new ArrayList<>();
      for (List<String> group : split(network.params(), rows.names())) {
        merges.add(() -> merge(network.params(), parts, group));
      }
      runAll(merges);
      return new Step(loss, positions, rows);
    } finally {
      // A failed shard leaves the others' managers to close; wait for them all first.
      for (CompletableFuture<Part> f : running) {
        Part p = f.exceptionally(e -> null).join();
        if (p != null) {
          p.step().close();
        }
      }
    }
  }

  /**
   * One lane on one of the shards' threads: every piece runs there, in order. The fit gives it to
   * the optimizer's update. Spread over every lane, the update made Scientific epochs a fifth
   * shorter (13.9 s against 17.9 s on 2026-12-06, the same results) but the fit's peak resident
   * memory 1.80-2.32 GB instead of 1.31-1.38 GB in four runs: its temporaries, made and freed by
   * two threads at once in the one malloc arena the launcher keeps, fragment it. With the update on
   * one thread and only the merge and the moving average spread, the peak was 1.35 GB.
   */
  public Lanes oneLane() {
    return new Lanes() {
      @Override
      public int count() {
        return 1;
      }

      @Override
      public void runAll(List<Runnable> pieces) {
        Shards.this.runAll(List.of(() -> pieces.forEach(Runnable::run)));
      }
    };
  }

  /** One shard's forward and backward pass, on the calling (shard) thread. */
  private static Part pass(
      Network network,
      NDManager root,
      Batch bt,
      Dropout dropout,
      int positions,
      SampledSoftmax.Negatives neg,
      ItemTable table) {
    NDManager step = root.newSubManager();
    boolean was = JniUtils.isGradMode();
    try {
      JniUtils.setGradMode(true);
      Map<String, NDArray> leaves = network.params().leavesIn(step);
      NDArray mean;
      Network.Sampled sampled = null;
      if (neg == null) {
        mean = network.loss(step, network.forwardTraining(step, bt, dropout, leaves), bt);
      } else {
        sampled = network.forwardSampled(step, bt, dropout, neg, table, leaves);
        mean = SampledSoftmax.loss(sampled.logits());
      }
      NDArray share = Layers.scale(mean, (double) bt.m / positions);
      JniUtils.backward(
          (PtNDArray) share,
          (PtNDArray) step.ones(share.getShape(), share.getDataType()),
          false,
          false);
      ItemRows.Gradients rows =
          sampled == null ? ItemRows.Gradients.NONE : sampled.rows().gradients(step);
      return new Part(step, leaves, share.getFloat(), rows);
    } catch (RuntimeException | Error e) {
      step.close();
      throw e;
    } finally {
      JniUtils.setGradMode(was);
    }
  }

  /**
   * Writes {@code g_0 + g_1 + ...} of each of the {@code names} weights (not the sparse ones, whose
   * gradients are rows), in shard order, into its gradient.
   */
  private static void merge(Params params, List<Part> parts, List<String> names) {
    NDIndex all = new NDIndex("...");
    for (String name : names) {
      try (NDArray grad = params.get(name).getGradient()) {
        if (HostMemory.holds(grad)) {
          mergeInJava(grad, parts, name);
          continue;
        }
        for (int s = 0; s < parts.size(); s++) {
          NDArray g = parts.get(s).leaves().get(name).getGradient();
          if (s == 0) {
            grad.set(all, g);
          } else {
            grad.addi(g);
          }
        }
      }
    }
  }

  /**
   * {@link #merge}'s sum for one weight in Java over the arrays' memory ({@link HostMemory}): the
   * same float additions in the same order.
   */
  private static void mergeInJava(NDArray grad, List<Part> parts, String name) {
    FloatBuffer sum = HostMemory.floats(grad);
    List<NDArray> handles = new ArrayList<>(parts.size());
    try {
      List<FloatBuffer> shares = new ArrayList<>(parts.size());
      for (Part p : parts) {
        NDArray g = p.leaves().get(name).getGradient();
        handles.add(g);
        shares.add(HostMemory.floats(g));
      }
      HostMemory.Scratch work = HostMemory.scratch();
      for (int off = 0, n = sum.limit(); off < n; off += HostMemory.BLOCK) {
        int len = Math.min(HostMemory.BLOCK, n - off);
        float[] total = work.get(0, shares.get(0), off, len);
        for (int s = 1; s < shares.size(); s++) {
          float[] share = work.get(1, shares.get(s), off, len);
          for (int i = 0; i < len; i++) {
            total[i] = total[i] + share[i];
          }
        }
        sum.put(off, total, 0, len);
      }
    } finally {
      handles.forEach(NDArray::close);
    }
  }

  /**
   * The shards' row gradients summed in shard order (they are of the same rows: the shards share
   * the batch's item table), as arrays of {@code root}; {@link ItemRows.Gradients#NONE} under the
   * full softmax.
   */
  private static ItemRows.Gradients mergeRows(NDManager root, List<Part> parts) {
    ItemRows.Gradients first = parts.get(0).rows();
    if (first.names().isEmpty()) {
      return ItemRows.Gradients.NONE;
    }
    try (NDManager tmp = root.newSubManager()) {
      Map<String, NDArray> sums = new java.util.LinkedHashMap<>();
      for (String name : first.names()) {
        NDArray sum = first.of(name).duplicate();
        sum.attach(tmp);
        for (int s = 1; s < parts.size(); s++) {
          sum.addi(parts.get(s).rows().of(name));
        }
        sums.put(name, sum);
      }
      return ItemRows.Gradients.of(root, first.ids().toLongArray(), sums);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
