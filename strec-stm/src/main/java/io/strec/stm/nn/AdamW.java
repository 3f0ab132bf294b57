package io.strec.stm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
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
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), linear warm-up to the peak rate and
 * cosine decay to a tenth of it. Its moments and step count can be written and read back, so a
 * resumed run continues exactly where it stopped.
 */
@SuppressForbidden(
    reason = "the update runs outside the recorded graph: nothing here has a backward pass")
public final class AdamW {
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPS = 1e-8;

  private final Params params;
  private final double peak;
  private final double weightDecay;
  private final int warmup;
  private long totalSteps;
  private final Set<String> decayed;
  private final Map<String, NDArray> m = new LinkedHashMap<>();
  private final Map<String, NDArray> v = new LinkedHashMap<>();
  private final boolean onHost;

  /** Views of the weights, moments and denominators, and of the gradients, for the Java step. */
  private final HostMemory.Views views = new HostMemory.Views();

  /** Per weight, where the Java step puts {@code v / c2} for the engine's square root. */
  private final Map<String, NDArray> denominators = new ConcurrentHashMap<>();

  private long step;

  /**
   * @param decayed names of the parameters that weight decay applies to (matrices and embeddings;
   *     not biases, gains or scalars)
   */
  public AdamW(
      Params params,
      NDManager manager,
      double peak,
      double weightDecay,
      int warmup,
      long totalSteps,
      Set<String> decayed) {
    this(params, manager, peak, weightDecay, warmup, totalSteps, decayed, true);
  }

  /**
   * As the public constructor; {@code inJava} false keeps every step in the engine's operations
   * also where the weights are in host memory (to check the Java step against them).
   */
  AdamW(
      Params params,
      NDManager manager,
      double peak,
      double weightDecay,
      int warmup,
      long totalSteps,
      Set<String> decayed,
      boolean inJava) {
    this.params = params;
    this.peak = peak;
    this.weightDecay = weightDecay;
    this.warmup = warmup;
    this.totalSteps = Math.max(1, totalSteps);
    this.decayed = Set.copyOf(decayed);
    for (var e : params.all().entrySet()) {
      m.put(e.getKey(), manager.zeros(e.getValue().getShape(), e.getValue().getDataType()));
      v.put(e.getKey(), manager.zeros(e.getValue().getShape(), e.getValue().getDataType()));
    }
    boolean host = inJava;
    for (var e : params.all().entrySet()) {
      host &= HostMemory.holds(e.getValue()) && HostMemory.holds(m.get(e.getKey()));
    }
    this.onHost = host;
  }

  /**
   * Whether the dense weights' steps run in Java over the arrays' own memory ({@link HostMemory}),
   * as on the CPU, rather than as the engine's operations (on a GPU).
   */
  public boolean onHost() {
    return onHost;
  }

  /** Learning rate at optimizer step {@code s} (0-based). */
  public double rate(long s) {
    if (s < warmup) {
      return peak * (s + 1) / warmup;
    }
    double progress = Math.min(1.0, (double) (s - warmup) / Math.max(1, totalSteps - warmup));
    double floor = 0.1 * peak;
    return floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
  }

  /**
   * Fits the schedule to {@code totalSteps} steps in all from now on: the warm-up is unchanged, and
   * the cosine decay reaches its floor at the new last step ({@link io.strec.stm.FitBudget}). A
   * checkpoint does not carry the length; the fit that planned it sets it again on resuming.
   *
   * @throws IllegalArgumentException when {@code totalSteps} is below the steps already taken
   */
  public void scheduleOver(long totalSteps) {
    if (totalSteps < step || totalSteps < 1) {
      throw new IllegalArgumentException(
          "a schedule of " + totalSteps + " steps cannot end before step " + step + ", taken");
    }
    this.totalSteps = totalSteps;
  }

  /** The number of steps the schedule spans. */
  public long totalSteps() {
    return totalSteps;
  }

  /** The peak learning rate, reached at the end of the warm-up. */
  public double peak() {
    return peak;
  }

  public long step() {
    return step;
  }

  /** Largest global gradient norm; larger gradients are scaled down to it. */
  static final double MAX_NORM = 5.0;

  /**
   * One update from the current gradients, which are then zeroed. Gradients are clipped to a global
   * norm of {@link #MAX_NORM}. When some gradient is not finite nothing changes, not even the
   * gradients, and false is returned: the caller decides what to do with the step.
   */
  public boolean update() {
    return update(ItemRows.Gradients.NONE);
  }

  /**
   * As {@link #update()}, with the gradients of the per-item parameters named in {@code rows} taken
   * from {@code rows} (their own gradients are left alone, and zero): only the rows it holds are
   * updated, and only their moments move. This is lazy Adam (as in TensorFlow's {@code LazyAdam}):
   * a row the step did not read keeps its weight and moments instead of drifting on its momentum,
   * and weight decay reaches it when a step reads it. The bias corrections use the global step
   * count. The clipping norm is over all gradients, rows included.
   */
  public boolean update(ItemRows.Gradients rows) {
    return update(rows, Lanes.SERIAL);
  }

  /**
   * As {@link #update(ItemRows.Gradients)}, with the weights' sums of squares and their steps
   * spread over {@code lanes} ({@link Lanes#split}), every piece of engine work on a lane's thread.
   * The sums are added up in creation order, and each weight's step is the same arithmetic on any
   * lane, so the result is bit for bit that of one lane.
   */
  public boolean update(ItemRows.Gradients rows, Lanes lanes) {
    Set<String> sparse = rows.names();
    List<List<String>> groups = lanes.split(params, sparse);
    Map<String, Double> sums = new ConcurrentHashMap<>();
    // On the host, each weight's gradient handle and view, open until the step is done.
    Map<String, NDArray> grads = new ConcurrentHashMap<>();
    Map<String, FloatBuffer> gradViews = new ConcurrentHashMap<>();
    try {
      double[] rowSum = new double[1];
      List<Runnable> pieces = new ArrayList<>();
      for (List<String> group : groups) {
        pieces.add(
            () -> {
              for (String name : group) {
                if (onHost) {
                  NDArray g = params.get(name).getGradient();
                  grads.put(name, g);
                  FloatBuffer view = views.gradient(name, g);
                  gradViews.put(name, view);
                  sums.put(name, HostMemory.sumOfSquares(view));
                  continue;
                }
                try (NDArray g = params.get(name).getGradient()) {
                  sums.put(name, sumOfSquares(g));
                }
              }
            });
      }
      pieces.add(() -> rowSum[0] = rowSumOfSquares(rows));
      lanes.runAll(pieces);
      double sumSq = 0;
      for (String name : params.all().keySet()) {
        if (!sparse.contains(name)) {
          sumSq += sums.get(name);
        }
      }
      double norm = Math.sqrt(sumSq + rowSum[0]);
      if (!Double.isFinite(norm)) {
        return false;
      }
      if (onHost && norm > MAX_NORM * (1 - 1e-9)) {
        // The step is clipped (or may be): the clip factor is the norm's to the last bit, and
        // Java adds the squares in another order than the engine. The engine's sums, as on a GPU,
        // keep the weights bit for bit what the engine's step gives; unclipped steps do not need
        // them.
        norm = Math.sqrt(sumOfSquares(sparse) + rowSum[0]);
      }
      double clip = norm > MAX_NORM ? MAX_NORM / norm : 1.0;
      double lr = rate(step);
      step++;
      double c1 = 1 - Math.pow(BETA1, (double) step);
      double c2 = 1 - Math.pow(BETA2, (double) step);
      pieces.clear();
      for (List<String> group : groups) {
        pieces.add(
            () -> {
              for (String name : group) {
                NDArray weight = params.get(name);
                if (onHost) {
                  adamInJava(name, weight, gradViews.get(name), clip, lr, c1, c2);
                  continue;
                }
                // Detached handles: none of this is recorded by autograd, so Java numbers are
                // safe.
                try (NDArray p = weight.stopGradient();
                    NDArray g = weight.getGradient()) {
                  if (clip < 1.0) {
                    g.muli(clip);
                  }
                  adam(p, g, m.get(name), v.get(name), decayed.contains(name), lr, c1, c2);
                }
              }
              if (!onHost) {
                params.zeroGradientsOf(group);
              }
            });
      }
      if (!sparse.isEmpty()) {
        pieces.add(
            () -> {
              for (String name : sparse) {
                updateRows(name, rows, clip, lr, c1, c2);
              }
            });
      }
      lanes.runAll(pieces);
      return true;
    } finally {
      grads.values().forEach(NDArray::close);
    }
  }

  /**
   * {@link #adam}'s step of the weight {@code name} in Java, over the memory of the weight, its
   * gradient {@code grad} (clipped by {@code clip} first, as there) and its moments, with the
   * engine's float arithmetic in the engine's order (every operation rounded to float, the scalars
   * to float first); the gradient is zeroed on the way.
   */
  private void adamInJava(
      String name, NDArray weight, FloatBuffer g, double clip, double lr, double c1, double c2) {
    FloatBuffer p = views.of("p " + name, weight);
    FloatBuffer mm = views.of("m " + name, m.get(name));
    FloatBuffer vv = views.of("v " + name, v.get(name));
    boolean clipped = clip < 1.0;
    float fClip = (float) clip;
    float b1 = (float) BETA1;
    float g1 = (float) (1 - BETA1);
    float b2 = (float) BETA2;
    float g2 = (float) (1 - BETA2);
    boolean decays = weightDecay > 0 && decayed.contains(name);
    float keep = (float) (1 - lr * weightDecay);
    float fc1 = (float) c1;
    float fc2 = (float) c2;
    float eps = (float) EPS;
    float rate = (float) lr;
    NDArray denominator = denominators.computeIfAbsent(name, k -> m.get(k).zerosLike());
    FloatBuffer den = views.of("den " + name, denominator);
    int n = p.limit();
    // Blocks in and out of Java arrays (copies the JIT turns into block moves), the arithmetic
    // over the arrays (loops it vectorises); element by element through the buffers it took 3
    // times longer.
    HostMemory.Scratch work = HostMemory.scratch();
    for (int off = 0; off < n; off += HostMemory.BLOCK) {
      int len = Math.min(HostMemory.BLOCK, n - off);
      float[] ga = work.get(0, g, off, len);
      float[] ma = work.get(1, mm, off, len);
      float[] va = work.get(2, vv, off, len);
      for (int i = 0; i < len; i++) {
        float gi = clipped ? ga[i] * fClip : ga[i];
        float mi = ma[i] * b1 + gi * g1;
        float vi = va[i] * b2 + (gi * gi) * g2;
        ma[i] = mi;
        va[i] = vi;
        ga[i] = vi / fc2;
      }
      mm.put(off, ma, 0, len);
      vv.put(off, va, 0, len);
      den.put(off, ga, 0, len);
    }
    HostMemory.zero(g);
    // The engine's square root is not correctly rounded (a few floats in a thousand are one ulp
    // from Java's), so it takes the root.
    try (NDArray root = denominator.sqrt()) {
      FloatBuffer roots = HostMemory.floats(root);
      for (int off = 0; off < n; off += HostMemory.BLOCK) {
        int len = Math.min(HostMemory.BLOCK, n - off);
        float[] sa = work.get(0, roots, off, len);
        float[] ma = work.get(1, mm, off, len);
        float[] pa = work.get(2, p, off, len);
        for (int i = 0; i < len; i++) {
          float pi = decays ? pa[i] * keep : pa[i];
          pa[i] = pi - ((ma[i] / fc1) / (sa[i] + eps)) * rate;
        }
        p.put(off, pa, 0, len);
      }
    }
  }

  /** The Adam step of {@code p} from gradient {@code g} and moments {@code mm}, {@code vv}. */
  private void adam(
      NDArray p,
      NDArray g,
      NDArray mm,
      NDArray vv,
      boolean decays,
      double lr,
      double c1,
      double c2) {
    mm.muli(BETA1);
    try (NDArray t = g.mul(1 - BETA1)) {
      mm.addi(t);
    }
    vv.muli(BETA2);
    try (NDArray sq = g.square();
        NDArray t = sq.muli(1 - BETA2)) {
      vv.addi(t);
    }
    if (weightDecay > 0 && decays) {
      p.muli(1 - lr * weightDecay);
    }
    try (NDArray den = vv.div(c2);
        NDArray s = den.sqrt();
        NDArray s2 = s.addi(EPS);
        NDArray num = mm.div(c1);
        NDArray upd = num.divi(s2)) {
      p.subi(upd.muli(lr));
    }
  }

  /**
   * The Adam step of the rows {@code rows.ids()} of {@code name}: they and their moments are
   * gathered, stepped as a dense array, and written back (the rows are distinct).
   */
  private void updateRows(
      String name, ItemRows.Gradients rows, double clip, double lr, double c1, double c2) {
    NDArray param = params.get(name);
    NDIndex at = new NDIndex("{}", rows.ids());
    try (NDManager tmp = param.getManager().newSubManager()) {
      NDArray p = param.get(tmp, new NDIndex("...")).stopGradient();
      NDArray mAll = m.get(name);
      NDArray vAll = v.get(name);
      NDArray g = rows.of(name).duplicate();
      g.attach(tmp);
      if (clip < 1.0) {
        g.muli(clip);
      }
      NDArray pr = p.get(at);
      NDArray mr = mAll.get(tmp, new NDIndex("...")).get(at);
      NDArray vr = vAll.get(tmp, new NDIndex("...")).get(at);
      adam(pr, g, mr, vr, decayed.contains(name), lr, c1, c2);
      p.set(at, pr);
      mAll.set(at, mr);
      vAll.set(at, vr);
    }
  }

  /**
   * Global L2 norm of the current gradients, summed in float64 so that large but finite gradients
   * do not overflow; NaN or infinite when some gradient entry is.
   */
  public double gradientNorm() {
    return Math.sqrt(sumOfSquares(Set.of()));
  }

  private double sumOfSquares(Set<String> skipped) {
    double sumSq = 0;
    for (var e : params.all().entrySet()) {
      if (skipped.contains(e.getKey())) {
        continue;
      }
      try (NDArray g = e.getValue().getGradient()) {
        sumSq += sumOfSquares(g);
      }
    }
    return sumSq;
  }

  private static double rowSumOfSquares(ItemRows.Gradients rows) {
    double sumSq = 0;
    for (String name : rows.names()) {
      sumSq += sumOfSquares(rows.of(name));
    }
    return sumSq;
  }

  private static double sumOfSquares(NDArray g) {
    try (NDArray g64 = g.toType(DataType.FLOAT64, true);
        NDArray s2 = g64.square();
        NDArray t = s2.sum()) {
      return t.getDouble();
    }
  }

  public void write(DataOutputStream out) throws IOException {
    out.writeLong(Long.reverseBytes(step));
    Params.writeArrays(out, m);
    Params.writeArrays(out, v);
  }

  public void read(DataInputStream in) throws IOException {
    step = Long.reverseBytes(in.readLong());
    Params.readInto(in, m, "optimizer state");
    Params.readInto(in, v, "optimizer state");
  }
}
