package io.strec.stm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The memory of a float32 array on the CPU, read and written from Java in place, without a copy.
 *
 * <p>Why: the optimizer's step, the moving average of the weights and the sum of the shards'
 * gradients are a few element-wise operations on each of some seventy weight arrays. In the engine
 * each operation is a call that makes a scalar array, runs a kernel and frees it and its result, so
 * a step of the optimizer was some 2,000 calls (12-17 ms of a 150-170 ms step over 5,000 items in
 * {@code StmStepBench}, on one of the two cores); in Java over the arrays' own memory it is a loop
 * or two per weight. The loops do each engine operation's float arithmetic in the same order, so
 * the numbers are the same (what Java cannot match stays with the engine: {@link AdamW}).
 *
 * <p>Only for arrays that live in the host's memory ({@link #holds}): on a GPU the engine's
 * operations stay.
 */
public final class HostMemory {
  private HostMemory() {}

  /** Whether {@code a} is a float32 array in the host's memory whose memory Java can see. */
  public static boolean holds(NDArray a) {
    return a instanceof PtNDArray
        && !a.getDevice().isGpu()
        && a.getDataType() == DataType.FLOAT32
        && !a.isSparse();
  }

  /**
   * The elements of {@code a} (row-major), backed by its memory: what is put into the buffer is in
   * the array. Valid while {@code a} is open and its memory is not replaced.
   *
   * @throws IllegalStateException if {@code a} is not {@link #holds held}, or if the engine hands
   *     out copies of it (as it does for an array that is not contiguous): checked on every call,
   *     by a write into one view read back through a second
   */
  public static FloatBuffer floats(NDArray a) {
    if (!holds(a)) {
      throw new IllegalStateException(
          "not a float32 array in host memory: " + a.getDataType() + " on " + a.getDevice());
    }
    FloatBuffer view = view(a);
    if (view.limit() != a.size()) {
      throw new IllegalStateException(
          "the engine gave " + view.limit() + " floats of an array of shape " + a.getShape());
    }
    if (view.limit() > 0) {
      FloatBuffer other = view(a);
      float kept = view.get(0);
      float probe = Float.isNaN(kept) || kept == 0f ? 1f : -kept;
      view.put(0, probe);
      boolean shared = Float.floatToRawIntBits(other.get(0)) == Float.floatToRawIntBits(probe);
      view.put(0, kept);
      if (!shared) {
        throw new IllegalStateException(
            "the engine gave a copy, not the memory, of an array of shape " + a.getShape());
      }
    }
    return view;
  }

  private static FloatBuffer view(NDArray a) {
    return ((PtNDArray) a).toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  /**
   * Views ({@link #floats}) kept under names: a view made for an array object is kept while the
   * same object comes back under its name (its memory stays; the code here never replaces an
   * array's memory, only writes into it), so the arrays that live for a whole fit (weights,
   * moments, averages) pay the engine's calls for a view once. A gradient comes as a new handle at
   * every step: its view is made at every step, checked for being the memory only the first time.
   * Safe for use by several threads on different names.
   */
  public static final class Views {
    private record Kept(NDArray array, FloatBuffer view) {}

    private final Map<String, Kept> kept = new ConcurrentHashMap<>();
    private final Set<String> checked = ConcurrentHashMap.newKeySet();

    /** The view of {@code a}, kept under {@code key}. */
    public FloatBuffer of(String key, NDArray a) {
      Kept k = kept.get(key);
      if (k == null || k.array() != a) {
        k = new Kept(a, floats(a));
        kept.put(key, k);
      }
      return k.view();
    }

    /**
     * The view of the gradient handle {@code g} of the weight {@code key}: checked at its first
     * call for the key, then made with one call (a gradient written in place stays contiguous).
     */
    public FloatBuffer gradient(String key, NDArray g) {
      if (checked.contains(key)) {
        return view(g);
      }
      FloatBuffer f = floats(g);
      checked.add(key);
      return f;
    }
  }

  /** Elements a loop over an array's memory takes at a time ({@link Scratch}). */
  public static final int BLOCK = 1 << 15;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private static final float[] ZEROS = new float[BLOCK];

  /**
   * This thread's Java arrays of {@link #BLOCK} floats, reused from call to call: a block of an
   * array's memory is copied into one ({@link Scratch#get}), worked on, and copied back ({@link
   * FloatBuffer#put(int, float[], int, int)}). Blocks keep the memory this takes small whatever the
   * size of the weights (a catalogue's item table may have millions of floats).
   */
  public static Scratch scratch() {
    return SCRATCH.get();
  }

  /** A thread's reusable float arrays. */
  public static final class Scratch {
    private final float[][] arrays = new float[4][BLOCK];

    /**
     * Array {@code k} (0 to 3), holding elements {@code off} to {@code off + len - 1} of {@code
     * from} at its start ({@code len} at most {@link #BLOCK}).
     */
    public float[] get(int k, FloatBuffer from, int off, int len) {
      float[] a = arrays[k];
      from.get(off, a, 0, len);
      return a;
    }
  }

  /** Sets every element of {@code a} to 0. */
  public static void zero(FloatBuffer a) {
    int n = a.limit();
    for (int i = 0; i < n; i += ZEROS.length) {
      a.put(i, ZEROS, 0, Math.min(ZEROS.length, n - i));
    }
  }

  /**
   * The sum of the squares of {@code a}'s elements, each squared and added in float64 (the engine's
   * {@code a.toType(FLOAT64).square().sum()}, whose order of addition differs in the last bits).
   */
  public static double sumOfSquares(FloatBuffer a) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int n = a.limit();
    int i = 0;
    for (; i + 3 < n; i += 4) {
      double x0 = a.get(i);
      double x1 = a.get(i + 1);
      double x2 = a.get(i + 2);
      double x3 = a.get(i + 3);
      s0 += x0 * x0;
      s1 += x1 * x1;
      s2 += x2 * x2;
      s3 += x3 * x3;
    }
    for (; i < n; i++) {
      double x = a.get(i);
      s0 += x * x;
    }
    return (s0 + s1) + (s2 + s3);
  }
}
