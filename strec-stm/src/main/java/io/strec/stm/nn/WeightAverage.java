package io.strec.stm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.strec.util.SuppressForbidden;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An exponential moving average of the trainable weights over optimizer steps (Polyak averaging):
 * after every step {@code a <- d a + (1 - d) w}. The average of the last steps' weights sits nearer
 * the middle of the valley the optimizer circles in than any one of them, so it validates better
 * and earlier than the weights themselves, and from one epoch to the next its validation score
 * moves less.
 *
 * <p>{@code d} is set by a half-life in steps, {@code d = 2^(-1/halfLife)}, and held at {@code (1 +
 * t) / (10 + t)} over the first updates {@code t}, so the average of the first steps is not
 * dominated by the random initial weights.
 *
 * <p>An update reads and writes every weight, which on a large catalogue would cost as much as a
 * sampled training step: there the average moves only every {@code k}-th step, by {@code d^k}, with
 * {@code k} such that it reads about {@value #WEIGHTS_PER_STEP} weights a step on average.
 *
 * <p>{@link #swap} exchanges the weights and their average in place (no autograd record): the
 * caller swaps before validation, so that it scores the average, and swaps back before training on.
 */
@SuppressForbidden(
    reason = "the average moves outside the recorded graph: nothing here has a backward pass")
public final class WeightAverage implements AutoCloseable {
  /** Weights an update reads per training step on average, at most (about 4 ms on one core). */
  static final long WEIGHTS_PER_STEP = 4_000_000;

  private final Params params;
  private final double decay;
  private final int every;
  private long steps;
  private final Map<String, NDArray> average = new LinkedHashMap<>();
  private final boolean onHost;
  private final HostMemory.Views views = new HostMemory.Views();
  private long updates;

  /**
   * @param halfLife steps after which a step's weights count half as much as the newest ones
   *     (positive)
   */
  public WeightAverage(Params params, NDManager manager, double halfLife) {
    if (!(halfLife > 0) || Double.isInfinite(halfLife)) {
      throw new IllegalArgumentException("the half-life must be positive and finite: " + halfLife);
    }
    this.params = params;
    this.every = (int) Math.max(1, (params.size() + WEIGHTS_PER_STEP - 1) / WEIGHTS_PER_STEP);
    this.decay = Math.pow(0.5, every / halfLife);
    for (var e : params.all().entrySet()) {
      try (NDArray w = e.getValue().stopGradient()) {
        NDArray a = w.duplicate();
        a.attach(manager);
        average.put(e.getKey(), a);
      }
    }
    boolean host = true;
    for (var e : params.all().entrySet()) {
      host &= HostMemory.holds(e.getValue()) && HostMemory.holds(average.get(e.getKey()));
    }
    // In host memory the update runs in Java over the arrays' memory, else as engine operations.
    this.onHost = host;
  }

  /** The weight the previous average gets at the next update. */
  double nextDecay() {
    return Math.min(decay, (1.0 + updates) / (10.0 + updates));
  }

  /** Steps between two updates of the average: 1 unless the weights are many. */
  public int every() {
    return every;
  }

  /**
   * Call after every applied optimizer step: moves the average towards the current weights at every
   * {@link #every()}-th call.
   */
  public void update() {
    update(Lanes.SERIAL);
  }

  /** As {@link #update()}, with the weights spread over {@code lanes} ({@link Lanes#split}). */
  public void update(Lanes lanes) {
    if (++steps % every != 0) {
      return;
    }
    double d = nextDecay();
    updates++;
    List<Runnable> pieces = new ArrayList<>();
    for (List<String> group : lanes.split(params, Set.of())) {
      pieces.add(
          () -> {
            for (String name : group) {
              NDArray a = average.get(name);
              NDArray weight = params.get(name);
              if (onHost) {
                // a * d + w * (1 - d) in float, as the engine's operations below compute it.
                FloatBuffer af = views.of("a " + name, a);
                FloatBuffer wf = views.of("w " + name, weight);
                HostMemory.Scratch work = HostMemory.scratch();
                float keep = (float) d;
                float take = (float) (1 - d);
                for (int off = 0, n = af.limit(); off < n; off += HostMemory.BLOCK) {
                  int len = Math.min(HostMemory.BLOCK, n - off);
                  float[] aa = work.get(0, af, off, len);
                  float[] wa = work.get(1, wf, off, len);
                  for (int i = 0; i < len; i++) {
                    aa[i] = aa[i] * keep + wa[i] * take;
                  }
                  af.put(off, aa, 0, len);
                }
                continue;
              }
              try (NDArray w = weight.stopGradient();
                  NDArray t = w.mul(1 - d)) {
                a.muli(d).addi(t);
              }
            }
          });
    }
    lanes.runAll(pieces);
  }

  /** Exchanges every weight with its average. Two swaps leave both as they were. */
  public void swap() {
    for (var e : params.all().entrySet()) {
      NDArray a = average.get(e.getKey());
      try (NDArray w = e.getValue().stopGradient();
          NDArray kept = w.duplicate()) {
        w.set(new NDIndex("..."), a);
        a.set(new NDIndex("..."), kept);
      }
    }
  }

  /** Number of updates so far. */
  public long updates() {
    return updates;
  }

  /** Writes the step and update counts and the averages, for a checkpoint. */
  public void write(DataOutputStream out) throws IOException {
    out.writeLong(steps);
    out.writeLong(updates);
    Params.writeArrays(out, average);
  }

  /** Reads what {@link #write} wrote; the names and sizes must be this average's. */
  public void read(DataInputStream in) throws IOException {
    long s = in.readLong();
    long n = in.readLong();
    Params.readInto(in, average, "weight average");
    steps = s;
    updates = n;
  }

  @Override
  public void close() {
    average.values().forEach(NDArray::close);
  }
}
