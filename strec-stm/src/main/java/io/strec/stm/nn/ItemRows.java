package io.strec.stm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows of the per-item parameters ({@code id.emb}, {@code id.bias}) that one sampled training
 * step reads, gathered once into leaves of their own. The step's graph reads the leaves instead of
 * the catalogue-sized parameters, so its backward pass writes a gradient of the step's rows only,
 * and {@link AdamW#update(Gradients)} updates those rows only: the cost of a step no longer grows
 * with the catalogue (a million items made every step touch 2 × 256 MB of gradient and moments).
 *
 * <p>The rows are those of the step's {@link ItemTable}: the targets, the negatives and the items
 * of the histories, each once, so writing them back never collides.
 */
public final class ItemRows {
  /** The parameters with one row per catalogue item, trained row by row under a sampled softmax. */
  public static final List<String> TABLES = List.of("id.emb", "id.bias");

  private final long[] ids;
  private final Map<String, NDArray> leaves;

  private ItemRows(long[] ids, Map<String, NDArray> leaves) {
    this.ids = ids;
    this.leaves = leaves;
  }

  /** No rows of their own: the graph reads the per-item parameters themselves. */
  static ItemRows none() {
    return new ItemRows(new long[0], Map.of());
  }

  /** Leaves of {@code step} holding the rows of {@code table} of every per-item parameter. */
  static ItemRows of(NDManager step, Params params, ItemTable table) {
    long[] ids = table.ids();
    Map<String, NDArray> leaves = new LinkedHashMap<>();
    NDArray at = step.create(ids);
    for (String name : TABLES) {
      if (params.has(name)) {
        NDArray rows = params.get(name).get(step, new NDIndex("...")).stopGradient().get(at);
        rows.setRequiresGradient(true);
        leaves.put(name, rows);
      }
    }
    return new ItemRows(ids, leaves);
  }

  boolean has(String name) {
    return leaves.containsKey(name);
  }

  /** The leaf of {@code name}: its rows in table order. */
  NDArray leaf(String name) {
    return leaves.get(name);
  }

  /**
   * The leaves' gradients after the backward pass, copied into arrays of {@code manager}, which
   * outlive the step. Close the result after the update.
   */
  public Gradients gradients(NDManager manager) {
    NDManager own = manager.newSubManager();
    Map<String, NDArray> g = new LinkedHashMap<>();
    for (var e : leaves.entrySet()) {
      try (NDArray grad = e.getValue().getGradient()) {
        NDArray copy = grad.duplicate();
        copy.attach(own);
        g.put(e.getKey(), copy);
      }
    }
    return new Gradients(own, own.create(ids), g);
  }

  /**
   * Gradients of some rows of per-item parameters: row {@code ids[k]} of parameter {@code name} has
   * gradient row {@code k} of {@link #of(String)}; every other row has gradient zero.
   */
  public static final class Gradients implements AutoCloseable {
    /** No row gradients: every parameter's gradient is on the parameter itself. */
    public static final Gradients NONE = new Gradients(null, null, Map.of());

    private final NDManager manager;
    private final NDArray ids;
    private final Map<String, NDArray> grads;

    Gradients(NDManager manager, NDArray ids, Map<String, NDArray> grads) {
      this.manager = manager;
      this.ids = ids;
      this.grads = grads;
    }

    /** A gradient of rows {@code ids} of {@code name}, for tests and tools. */
    public static Gradients of(NDManager manager, long[] ids, Map<String, NDArray> grads) {
      NDManager own = manager.newSubManager();
      Map<String, NDArray> g = new LinkedHashMap<>();
      for (var e : grads.entrySet()) {
        NDArray copy = e.getValue().duplicate();
        copy.attach(own);
        g.put(e.getKey(), copy);
      }
      return new Gradients(own, own.create(ids), g);
    }

    /** Names of the parameters whose gradient is held here. */
    public Set<String> names() {
      return grads.keySet();
    }

    /** The catalogue rows, (k) int64. */
    public NDArray ids() {
      return ids;
    }

    /** The gradient rows of {@code name}, in the order of {@link #ids()}. */
    public NDArray of(String name) {
      NDArray g = grads.get(name);
      if (g == null) {
        throw new IllegalArgumentException("no row gradient of '" + name + "'; have " + names());
      }
      return g;
    }

    @Override
    public void close() {
      if (manager != null) {
        manager.close();
      }
    }
  }
}
