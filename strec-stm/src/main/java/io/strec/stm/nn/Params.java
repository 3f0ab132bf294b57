package io.strec.stm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Named trainable arrays, in creation order, owned by one manager. Initial values are drawn in Java
 * from a {@link SplittableRandom}, so they depend on the seed only, not on the engine.
 *
 * <p>Some arrays are fixed ({@link #fixed}): values the network derives from its data when it is
 * fitted (such as the text input's whitening) and keeps with its weights, so that a loaded network
 * reads them back, but that no optimizer changes: they are saved, read and loaded with the others
 * ({@link #write}, {@link #read}, {@link #values}, {@link #load}, {@link #names}), and left out of
 * {@link #all}, the views and leaves and the gradients.
 *
 * <p>Binary form (little-endian): an int count, then per array its name (int length + UTF-8 bytes),
 * an int rank, the dimensions as longs, and the values as float32.
 */
public final class Params {
  private final NDManager manager;
  private final DataType type;
  private final Map<String, NDArray> arrays = new LinkedHashMap<>();
  private final Map<String, NDArray> trainable = new LinkedHashMap<>();

  /** Whether {@link #normal} draws; placeholders whose values will be read draw nothing. */
  private final boolean draws;

  public Params(NDManager manager, DataType type) {
    this(manager, type, true);
  }

  private Params(NDManager manager, DataType type, boolean draws) {
    this.manager = manager;
    this.type = type;
    this.draws = draws;
  }

  /**
   * Parameters whose values will all be {@link #read} or {@link #load}ed: {@link #normal} gives an
   * array of the right shape whose values are not set (not even zeroed: a million-item ID table is
   * 64 million draws and a double array of 512 MB, or 256 MB written with zeros, at every model
   * load, only to be overwritten).
   */
  public static Params placeholders(NDManager manager, DataType type) {
    return new Params(manager, type, false);
  }

  public DataType type() {
    return type;
  }

  /** A new parameter with entries drawn from N(0, std^2); std 0 gives zeros. */
  public NDArray normal(String name, SplittableRandom rnd, double std, long... shape) {
    Shape s = new Shape(shape);
    if (!draws) {
      return add(name, manager.create(s, type));
    }
    double[] v = new double[Math.toIntExact(s.size())];
    if (std > 0) {
      for (int i = 0; i < v.length; i++) {
        v[i] = rnd.nextGaussian() * std;
      }
    }
    return add(name, v, s);
  }

  /** A new parameter filled with {@code value}. */
  public NDArray constant(String name, double value, long... shape) {
    Shape s = new Shape(shape);
    double[] v = new double[Math.toIntExact(s.size())];
    java.util.Arrays.fill(v, value);
    return add(name, v, s);
  }

  /**
   * A new fixed array ({@link Params above}) with the given values, row-major; on {@link
   * #placeholders} the values are not read (they will be), only their count checked.
   */
  public NDArray fixed(String name, float[] values, long... shape) {
    Shape s = new Shape(shape);
    if (values.length != s.size()) {
      throw new IllegalArgumentException(
          "fixed array '" + name + "' of shape " + s + " given " + values.length + " values");
    }
    return register(
        name, draws ? manager.create(values, s).toType(type, false) : manager.create(s, type));
  }

  /** A new one-dimensional parameter with the given initial values. */
  public NDArray add(String name, double[] values) {
    return add(name, values, new Shape(values.length));
  }

  private NDArray add(String name, double[] values, Shape shape) {
    return add(name, manager.create(values, shape).toType(type, false));
  }

  private NDArray add(String name, NDArray a) {
    register(name, a).setRequiresGradient(true);
    trainable.put(name, a);
    return a;
  }

  /** Keeps {@code a} as {@code name}, refusing (and closing it) when the name is taken. */
  private NDArray register(String name, NDArray a) {
    if (arrays.containsKey(name)) {
      a.close();
      throw new IllegalArgumentException("duplicate parameter '" + name + "'");
    }
    arrays.put(name, a);
    return a;
  }

  public NDArray get(String name) {
    NDArray a = arrays.get(name);
    if (a == null) {
      throw new NoSuchElementException("no parameter '" + name + "'");
    }
    return a;
  }

  public boolean has(String name) {
    return arrays.containsKey(name);
  }

  /** The trainable parameters (not the {@link #fixed} arrays), in creation order. */
  public Map<String, NDArray> all() {
    return Collections.unmodifiableMap(trainable);
  }

  /** Number of trainable scalar weights. */
  public long size() {
    long n = 0;
    for (NDArray a : trainable.values()) {
      n += a.size();
    }
    return n;
  }

  /**
   * Views of every parameter owned by {@code step}: results of operations on them belong to {@code
   * step} and are freed with it, while gradients still reach the parameters unless {@code detached}
   * (inference: no autograd record on any thread).
   */
  public Map<String, NDArray> viewsIn(NDManager step, boolean detached) {
    Map<String, NDArray> v = new LinkedHashMap<>();
    for (var e : trainable.entrySet()) {
      NDArray view = e.getValue().get(step, new NDIndex("..."));
      v.put(e.getKey(), detached ? view.stopGradient() : view);
    }
    return v;
  }

  /**
   * Leaves of every parameter owned by {@code step}: they share the parameters' values, not their
   * gradients. A backward pass through them leaves its gradients on the leaves (each leaf's {@code
   * getGradient()}), so passes on several threads never add into the same gradient.
   */
  public Map<String, NDArray> leavesIn(NDManager step) {
    Map<String, NDArray> v = new LinkedHashMap<>();
    for (var e : trainable.entrySet()) {
      NDArray leaf = e.getValue().get(step, new NDIndex("...")).stopGradient();
      leaf.setRequiresGradient(true);
      v.put(e.getKey(), leaf);
    }
    return v;
  }

  /**
   * Sets every gradient to zero. By assignment, not by {@code muli(0)}: {@code 0 * NaN} is NaN, so
   * one non-finite gradient would otherwise survive every later step.
   */
  public void zeroGradients() {
    zeroGradients(Set.of());
  }

  /** Sets the gradients of the named weights to zero, as {@link #zeroGradients()} does. */
  public void zeroGradientsOf(List<String> names) {
    for (String name : names) {
      try (NDArray g = get(name).getGradient()) {
        g.set(new NDIndex("..."), 0);
      }
    }
  }

  /** As {@link #zeroGradients()}, but leaves the gradients of {@code skipped} as they are. */
  public void zeroGradients(Set<String> skipped) {
    List<String> names = new ArrayList<>();
    for (String name : trainable.keySet()) {
      if (!skipped.contains(name)) {
        names.add(name);
      }
    }
    zeroGradientsOf(names);
  }

  public void write(DataOutputStream out) throws IOException {
    writeArrays(out, arrays);
  }

  /**
   * Overwrites the values of every parameter from {@code in}; names, order and shapes must match.
   */
  public void read(DataInputStream in) throws IOException {
    Map<String, float[]> values = new LinkedHashMap<>();
    Map<String, Shape> shapes = new LinkedHashMap<>();
    readArrays(in, values, shapes);
    if (!values.keySet().equals(arrays.keySet())) {
      throw new IOException(
          "stored parameters " + values.keySet() + " differ from the network's " + arrays.keySet());
    }
    for (var e : arrays.entrySet()) {
      Shape want = e.getValue().getShape();
      Shape got = shapes.get(e.getKey());
      if (!want.equals(got)) {
        throw new IOException(
            "parameter "
                + e.getKey()
                + " has shape "
                + got
                + " on disk but "
                + want
                + " in the network");
      }
      set(e.getValue(), values.get(e.getKey()));
    }
  }

  /** A copy of every parameter's values as float32, row-major, by name in creation order. */
  public Map<String, float[]> values() {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (var e : arrays.entrySet()) {
      try (NDArray detached = e.getValue().stopGradient();
          NDArray f = detached.toType(DataType.FLOAT32, true)) {
        out.put(e.getKey(), f.toFloatArray());
      }
    }
    return out;
  }

  /** Overwrites every parameter with the values in {@code values} (same names and sizes). */
  public void load(Map<String, float[]> values) {
    if (!values.keySet().equals(arrays.keySet())) {
      throw new IllegalArgumentException(
          "values for " + values.keySet() + " do not match parameters " + arrays.keySet());
    }
    for (var e : arrays.entrySet()) {
      float[] v = values.get(e.getKey());
      if (v.length != e.getValue().size()) {
        throw new IllegalArgumentException(
            "parameter "
                + e.getKey()
                + " has "
                + e.getValue().size()
                + " values, given "
                + v.length);
      }
      set(e.getValue(), v);
    }
  }

  /** Copies {@code values} into {@code target} in place (no autograd record). */
  static void set(NDArray target, float[] values) {
    try (NDArray src = target.getManager().create(values, target.getShape());
        NDArray typed = src.toType(target.getDataType(), false)) {
      NDArray d = target.stopGradient();
      d.set(new NDIndex("..."), typed);
      d.close();
    }
  }

  /** Writes named arrays in the binary form described above. */
  public static void writeArrays(DataOutputStream out, Map<String, NDArray> named)
      throws IOException {
    out.writeInt(Integer.reverseBytes(named.size()));
    for (var e : named.entrySet()) {
      byte[] name = e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.writeInt(Integer.reverseBytes(name.length));
      out.write(name);
      long[] dims = e.getValue().getShape().getShape();
      out.writeInt(Integer.reverseBytes(dims.length));
      for (long d : dims) {
        out.writeLong(Long.reverseBytes(d));
      }
      float[] v;
      try (NDArray f = e.getValue().stopGradient().toType(DataType.FLOAT32, true)) {
        v = f.toFloatArray();
      }
      ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      buf.asFloatBuffer().put(v);
      out.write(buf.array());
    }
  }

  /** Reads named arrays written by {@link #writeArrays}. */
  public static void readArrays(
      DataInputStream in, Map<String, float[]> values, Map<String, Shape> shapes)
      throws IOException {
    int n = Integer.reverseBytes(in.readInt());
    if (n < 0 || n > 100_000) {
      throw new IOException("corrupt parameter file: " + n + " arrays");
    }
    for (int k = 0; k < n; k++) {
      int len = Integer.reverseBytes(in.readInt());
      if (len < 0 || len > 10_000) {
        throw new IOException("corrupt parameter file: name length " + len);
      }
      byte[] name = in.readNBytes(len);
      int rank = Integer.reverseBytes(in.readInt());
      if (rank < 0 || rank > 8) {
        throw new IOException("corrupt parameter file: rank " + rank);
      }
      long[] dims = new long[rank];
      long size = 1;
      for (int r = 0; r < rank; r++) {
        dims[r] = Long.reverseBytes(in.readLong());
        size = Math.multiplyExact(size, dims[r]);
      }
      // Read a block at a time into the values: a million items' table is 256 MB, which a
      // whole-array read would hold twice while a server starts.
      float[] v = new float[Math.toIntExact(size)];
      byte[] block = new byte[(int) Math.min(1 << 20, size * 4)];
      ByteBuffer view = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
      for (int from = 0; from < v.length; ) {
        int count = Math.min(v.length - from, block.length / 4);
        if (in.readNBytes(block, 0, count * 4) != count * 4) {
          throw new IOException("corrupt parameter file: truncated values");
        }
        view.clear();
        view.asFloatBuffer().get(v, from, count);
        from += count;
      }
      String key = new String(name, java.nio.charset.StandardCharsets.UTF_8);
      values.put(key, v);
      shapes.put(key, new Shape(dims));
    }
  }

  /**
   * Reads named arrays written by {@link #writeArrays} into {@code target}, whose names and shapes
   * they must have (state kept beside the weights: optimizer moments, weight averages); {@code
   * what} names that state in the error.
   */
  static void readInto(DataInputStream in, Map<String, NDArray> target, String what)
      throws IOException {
    Map<String, float[]> values = new LinkedHashMap<>();
    Map<String, Shape> shapes = new LinkedHashMap<>();
    readArrays(in, values, shapes);
    if (!values.keySet().equals(target.keySet())) {
      throw new IOException(
          "stored " + what + " for " + values.keySet() + " does not match " + target.keySet());
    }
    for (var e : target.entrySet()) {
      if (!shapes.get(e.getKey()).equals(e.getValue().getShape())) {
        throw new IOException(
            what
                + " "
                + e.getKey()
                + " has shape "
                + shapes.get(e.getKey())
                + " on disk but "
                + e.getValue().getShape());
      }
      set(e.getValue(), values.get(e.getKey()));
    }
  }

  /** Parameter names in creation order. */
  public List<String> names() {
    return new ArrayList<>(arrays.keySet());
  }
}
