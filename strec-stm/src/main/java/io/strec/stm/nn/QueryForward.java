package io.strec.stm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.strec.stm.StmConfig;
import io.strec.stm.data.Batch;
import io.strec.stm.data.Features;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Network#queryTerms} in plain Java, for serving: the same transformer over the history
 * window and the same query attention, computed on float32 arrays copied once from a frozen
 * network's weights. One query's forward pass is a few million multiply-adds; through the engine it
 * is ~150 operations whose per-call cost (JNI, array bookkeeping) was most of a served request's
 * time. The numbers equal the engine's to float rounding ({@code QueryForwardTest}).
 *
 * <p>Read-only after construction: any number of threads may call {@link #terms} at once, each on
 * its own scratch arrays. The weights are those of the moment of construction; a network trained
 * further needs a new one.
 */
public final class QueryForward {
  /**
   * The query terms of a batch as row-major arrays, as {@link Network.QueryTerms} read back: {@code
   * user} (m x d), {@code distCoef} (m x 2), {@code slotValues} (per slot term of the network, in
   * {@link Network#slotTerms} order, m x its slots) and {@code attention}, the final attention's
   * weights averaged over heads (m x l).
   */
  public record Terms(float[] user, float[] distCoef, List<float[]> slotValues, float[] attention) {
    /** The engine's terms read back into arrays. */
    public static Terms of(Network.QueryTerms t) {
      List<float[]> slots = new ArrayList<>(t.slotValues().size());
      for (NDArray v : t.slotValues()) {
        slots.add(v.toFloatArray());
      }
      return new Terms(
          t.user().toFloatArray(),
          t.distCoef().toFloatArray(),
          List.copyOf(slots),
          t.queryWeights().mean(new int[] {1}).toFloatArray());
    }
  }

  /** The weights of one pre-norm transformer block. */
  private record Block(
      float[] ln1g,
      float[] ln1b,
      FloatAttention att,
      float[] ln2g,
      float[] ln2b,
      float[][] w1,
      float[] b1,
      float[][] w2,
      float[] b2) {}

  private final int d;
  private final int heads;
  private final int maxLen;
  private final int numItems;
  private final int userDim;

  /** (numItems x d) item vectors, shared with the caller; the padding id reads zeros. */
  private final float[] items;

  private final float[][] timeW;
  private final float[][] spaceW;
  private final float[] regionEmb;
  private final float[] posEmb;
  private final Block[] blocks;
  private final float[] finalG;
  private final float[] finalB;
  private final float[][] qTimeW;
  private final float[][] userW;
  private final float[] qLnG;
  private final float[] qLnB;
  private final FloatAttention queryAtt;
  private final float[] uLnG;
  private final float[] uLnB;
  private final float[][] distW;
  private final float[] distB;
  private final List<SlotTerm.Weights> slotWeights;

  /**
   * Copies the weights the query terms read from {@code network}; {@code itemVectors} is kept, not
   * copied.
   *
   * @param itemVectors the frozen item vectors ({@link Network#servingItemVectors}), numItems x d
   * @throws IllegalArgumentException when the weights are not float32 or the vectors do not fit
   */
  public QueryForward(Network network, float[] itemVectors) {
    Params p = network.params();
    if (p.type() != DataType.FLOAT32) {
      throw new IllegalArgumentException(
          "the Java forward pass takes float32 weights, not " + p.type());
    }
    StmConfig c = network.config();
    this.d = c.dim();
    this.heads = c.heads();
    this.maxLen = c.maxLen();
    this.numItems = network.numItems();
    this.userDim = network.userDim();
    if (itemVectors.length != (long) numItems * d) {
      throw new IllegalArgumentException(
          itemVectors.length + " item vector values for " + numItems + " items of width " + d);
    }
    this.items = itemVectors;
    this.timeW = matrix(p, "time.w");
    this.spaceW = matrix(p, "space.w");
    this.regionEmb = copy(p, "region.emb");
    this.posEmb = copy(p, "pos.emb");
    this.blocks = new Block[c.layers()];
    for (int l = 0; l < blocks.length; l++) {
      String pre = "l" + l + ".";
      blocks[l] =
          new Block(
              copy(p, pre + "ln1.g"),
              copy(p, pre + "ln1.b"),
              attention(p, pre + "att."),
              copy(p, pre + "ln2.g"),
              copy(p, pre + "ln2.b"),
              matrix(p, pre + "ff.w1"),
              copy(p, pre + "ff.b1"),
              matrix(p, pre + "ff.w2"),
              copy(p, pre + "ff.b2"));
    }
    this.finalG = copy(p, "final.ln.g");
    this.finalB = copy(p, "final.ln.b");
    this.qTimeW = matrix(p, "q.time.w");
    this.userW = userDim > 0 ? matrix(p, "user.w") : null;
    this.qLnG = copy(p, "q.ln.g");
    this.qLnB = copy(p, "q.ln.b");
    this.queryAtt = attention(p, "q.att.");
    this.uLnG = copy(p, "u.ln.g");
    this.uLnB = copy(p, "u.ln.b");
    this.distW = matrix(p, "dist.w");
    this.distB = copy(p, "dist.b");
    List<SlotTerm.Weights> weights = new ArrayList<>();
    for (SlotTerm t : network.slotTerms()) {
      weights.add(t.weights(p));
    }
    this.slotWeights = List.copyOf(weights);
  }

  private FloatAttention attention(Params p, String pre) {
    return new FloatAttention(
        matrix(p, pre + "wq"),
        matrix(p, pre + "wk"),
        matrix(p, pre + "wv"),
        matrix(p, pre + "wo"),
        copy(p, pre + "tbias"),
        copy(p, pre + "dbias"),
        d,
        heads);
  }

  /** A copy of the matrix {@code name} by rows ({@link FloatOps#rows}). */
  static float[][] matrix(Params p, String name) {
    long[] shape = p.get(name).getShape().getShape();
    if (shape.length != 2) {
      throw new IllegalArgumentException(
          "parameter "
              + name
              + " has shape "
              + java.util.Arrays.toString(shape)
              + ", not a matrix");
    }
    return FloatOps.rows(copy(p, name), Math.toIntExact(shape[1]));
  }

  static float[] copy(Params p, String name) {
    try (NDArray detached = p.get(name).stopGradient()) {
      return detached.toFloatArray();
    }
  }

  /** What {@link Network#queryTerms} gives for {@code bt}, as arrays. */
  public Terms terms(Batch bt) {
    int l = bt.l;
    int m = bt.m;
    if (l > maxLen) {
      throw new IllegalArgumentException(
          "batch windows of " + l + " events exceed maxLen " + maxLen);
    }
    if (bt.userDim != userDim) {
      throw new IllegalArgumentException(
          "batch carries behaviour vectors of dimension "
              + bt.userDim
              + ", the network takes "
              + userDim);
    }
    float[][] states = new float[bt.b][];
    int[] extent = new int[bt.b];
    List<float[]> slots = new ArrayList<>(slotWeights.size());
    if (bt.slotTerms() != slotWeights.size()) {
      throw new IllegalArgumentException(
          "batch carries the slots of "
              + bt.slotTerms()
              + " slot terms, the network has "
              + slotWeights.size());
    }
    for (int g = 0; g < slotWeights.size(); g++) {
      slots.add(new float[m * bt.slots(g).count()]);
    }
    Terms out = new Terms(new float[m * d], new float[m * 2], List.copyOf(slots), new float[m * l]);
    for (int p = 0; p < m; p++) {
      int w = Math.toIntExact(bt.selSeq[p]);
      if (states[w] == null) {
        extent[w] = extent(bt, w);
        states[w] = window(bt, w, extent[w]);
      }
      query(bt, p, w, states[w], extent[w], out);
    }
    return out;
  }

  /**
   * How many leading slots of window {@code w} the query terms depend on: up to the last scored
   * slot and the last slot a query may attend to. Attention is causal, so a slot never reads a
   * later one; should the batch's mask say otherwise, or a query row allow no slot, the whole
   * window is computed, as the engine does.
   */
  private static int extent(Batch bt, int w) {
    int l = bt.l;
    int n = 0;
    for (int p = 0; p < bt.m; p++) {
      if (bt.selSeq[p] != w) {
        continue;
      }
      n = Math.max(n, Math.toIntExact(bt.selRow[p] - (long) w * l) + 1);
      int last = -1;
      for (int j = 0; j < l; j++) {
        if (bt.qMask[p * l + j] != 0f) {
          last = j;
        }
      }
      if (last < 0) {
        return l;
      }
      n = Math.max(n, last + 1);
    }
    for (int i = 0; i < n; i++) {
      for (int j = n; j < l; j++) {
        if (bt.attMask[(w * l + i) * l + j] != 0f) {
          return l;
        }
      }
    }
    return n;
  }

  /** The final-normalised states of the first {@code n} slots of window {@code w} (n x d). */
  private float[] window(Batch bt, int w, int n) {
    int l = bt.l;
    float[] x = new float[n * d];
    float[] tmp = new float[n * d];
    for (int t = 0; t < n; t++) {
      long id = bt.item[w * l + t];
      if (id >= 0 && id < numItems) {
        System.arraycopy(items, Math.toIntExact(id * d), x, t * d, d);
      }
    }
    FloatOps.matMul(bt.timeFeat, w * l * Features.TIME_DIM, n, timeW, tmp);
    add(x, tmp, n * d);
    FloatOps.matMul(bt.spaceFeat, w * l * Features.SPACE_DIM, n, spaceW, tmp);
    add(x, tmp, n * d);
    for (int t = 0; t < n; t++) {
      int r = Math.toIntExact(bt.region[w * l + t]) * d;
      for (int j = 0; j < d; j++) {
        x[t * d + j] += regionEmb[r + j];
      }
    }
    add(x, posEmb, n * d);

    float[] xn = new float[n * d];
    float[] hidden = new float[n * 2 * d];
    for (Block b : blocks) {
      FloatOps.layerNorm(x, 0, n, d, b.ln1g(), b.ln1b(), xn);
      b.att()
          .apply(
              xn, n, xn, 0, n, bt.timeBucket, bt.distBucket, bt.attMask, w * l * l, l, tmp, null);
      add(x, tmp, n * d);
      FloatOps.layerNorm(x, 0, n, d, b.ln2g(), b.ln2b(), xn);
      FloatOps.matMul(xn, 0, n, b.w1(), hidden);
      FloatOps.addRow(hidden, n, b.b1());
      FloatOps.gelu(hidden, n * 2 * d);
      FloatOps.matMul(hidden, 0, n, b.w2(), tmp);
      FloatOps.addRow(tmp, n, b.b2());
      add(x, tmp, n * d);
    }
    FloatOps.layerNorm(x, 0, n, d, finalG, finalB, xn);
    return xn;
  }

  /**
   * The terms of scored position {@code p}, whose window's first {@code n} states are {@code hs}.
   */
  private void query(Batch bt, int p, int w, float[] hs, int n, Terms out) {
    int l = bt.l;
    int t = Math.toIntExact(bt.selRow[p] - (long) w * l);
    float[] qv = new float[d];
    FloatOps.matMul(bt.qTimeFeat, p * Features.TIME_DIM, 1, qTimeW, qv);
    add(qv, 0, regionEmb, Math.toIntExact(bt.qRegion[p]) * d, d);
    if (userDim > 0) {
      float[] user = new float[d];
      FloatOps.matMul(bt.user, w * userDim, 1, userW, user);
      add(qv, user, d);
    }
    float[] z = new float[d];
    System.arraycopy(hs, t * d, z, 0, d);
    add(z, qv, d);
    float[] zn = new float[d];
    FloatOps.layerNorm(z, 0, 1, d, qLnG, qLnB, zn);
    float[] attended = new float[d];
    float[] weights = new float[heads * n];
    queryAtt.apply(
        zn, 1, hs, 0, n, bt.qTimeBucket, bt.qDistBucket, bt.qMask, p * l, l, attended, weights);
    add(z, attended, d);
    float[] u = new float[d];
    FloatOps.layerNorm(z, 0, 1, d, uLnG, uLnB, u);
    System.arraycopy(u, 0, out.user(), p * d, d);

    float[] coef = linear(u, distW, distB);
    for (int k = 0; k < 2; k++) {
      out.distCoef()[p * 2 + k] = coef[k] * bt.qHasLoc[p];
    }
    for (int g = 0; g < slotWeights.size(); g++) {
      slotWeights.get(g).values(u, bt.slots(g), p, out.slotValues().get(g));
    }
    for (int j = 0; j < n; j++) {
      float sum = 0f;
      for (int h = 0; h < heads; h++) {
        sum += weights[h * n + j];
      }
      out.attention()[p * l + j] = sum / heads;
    }
  }

  /** {@code u W + b} for a row {@code u}. */
  private static float[] linear(float[] u, float[][] w, float[] b) {
    float[] y = new float[b.length];
    FloatOps.matMul(u, 0, 1, w, y);
    FloatOps.addRow(y, 1, b);
    return y;
  }

  private static void add(float[] x, float[] y, int len) {
    add(x, 0, y, 0, len);
  }

  private static void add(float[] x, int xOff, float[] y, int yOff, int len) {
    for (int j = 0; j < len; j++) {
      x[xOff + j] += y[yOff + j];
    }
  }
}
