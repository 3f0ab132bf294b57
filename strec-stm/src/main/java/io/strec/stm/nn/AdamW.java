package io.strec.stm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
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
    double norm = gradientNorm();
    if (!Double.isFinite(norm)) {
      return false;
    }
    double clip = norm > MAX_NORM ? MAX_NORM / norm : 1.0;
    double lr = rate(step);
    step++;
    double c1 = 1 - Math.pow(BETA1, step);
    double c2 = 1 - Math.pow(BETA2, step);
    for (var e : params.all().entrySet()) {
      // Detached handles: none of this is recorded by autograd, so Java numbers are safe here.
      try (NDArray p = e.getValue().stopGradient();
          NDArray g = e.getValue().getGradient()) {
        if (clip < 1.0) {
          g.muli(clip);
        }
        NDArray mm = m.get(e.getKey());
        NDArray vv = v.get(e.getKey());
        mm.muli(BETA1);
        try (NDArray t = g.mul(1 - BETA1)) {
          mm.addi(t);
        }
        vv.muli(BETA2);
        try (NDArray sq = g.square();
            NDArray t = sq.muli(1 - BETA2)) {
          vv.addi(t);
        }
        if (weightDecay > 0 && decayed.contains(e.getKey())) {
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
    }
    params.zeroGradients();
    return true;
  }

  /**
   * Global L2 norm of the current gradients, summed in float64 so that large but finite gradients
   * do not overflow; NaN or infinite when some gradient entry is.
   */
  public double gradientNorm() {
    double sumSq = 0;
    for (NDArray a : params.all().values()) {
      try (NDArray g = a.getGradient();
          NDArray g64 = g.toType(DataType.FLOAT64, true);
          NDArray s2 = g64.square();
          NDArray t = s2.sum()) {
        sumSq += t.getDouble();
      }
    }
    return Math.sqrt(sumSq);
  }

  public void write(DataOutputStream out) throws IOException {
    out.writeLong(Long.reverseBytes(step));
    Params.writeArrays(out, m);
    Params.writeArrays(out, v);
  }

  public void read(DataInputStream in) throws IOException {
    step = Long.reverseBytes(in.readLong());
    readInto(in, m);
    readInto(in, v);
  }

  private static void readInto(DataInputStream in, Map<String, NDArray> target) throws IOException {
    Map<String, float[]> values = new LinkedHashMap<>();
    Map<String, ai.djl.ndarray.types.Shape> shapes = new LinkedHashMap<>();
    Params.readArrays(in, values, shapes);
    if (!values.keySet().equals(target.keySet())) {
      throw new IOException(
          "optimizer state for " + values.keySet() + " does not match " + target.keySet());
    }
    for (var e : target.entrySet()) {
      Params.set(e.getValue(), values.get(e.getKey()));
    }
  }
}
