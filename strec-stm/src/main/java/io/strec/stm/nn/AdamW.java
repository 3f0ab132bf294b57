package io.strec.stm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), linear warm-up to the peak rate and
 * cosine decay to a tenth of it. Its moments and step count can be written and read back, so a
 * resumed run continues exactly where it stopped.
 */
public final class AdamW {
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPS = 1e-8;

  private final Params params;
  private final double peak;
  private final double weightDecay;
  private final int warmup;
  private final long totalSteps;
  private final Set<String> decayed;
  private final Map<String, NDArray> m = new LinkedHashMap<>();
  private final Map<String, NDArray> v = new LinkedHashMap<>();
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
    Map<String, Double> sums = new java.util.concurrent.ConcurrentHashMap<>();
    double[] rowSum = new double[1];
    List<Runnable> pieces = new ArrayList<>();
    for (List<String> group : groups) {
      pieces.add(
          () -> {
            for (String name : group) {
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
              // Detached handles: none of this is recorded by autograd, so Java numbers are safe.
              try (NDArray p = weight.stopGradient();
                  NDArray g = weight.getGradient()) {
                if (clip < 1.0) {
                  g.muli(clip);
                }
                adam(p, g, m.get(name), v.get(name), decayed.contains(name), lr, c1, c2);
              }
            }
            params.zeroGradientsOf(group);
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
