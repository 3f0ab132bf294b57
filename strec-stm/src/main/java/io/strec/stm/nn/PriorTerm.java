package io.strec.stm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.Map;
import java.util.Optional;

/**
 * The item prior {@code pop.w log(1 + count_i) + seen_i id.bias_i}: a learned weight on each item's
 * training popularity, plus a learned bias per item where the configuration keeps item IDs. The
 * same for every query; a vector index folds it into the item side.
 *
 * <p>An item never seen in training has no bias ({@code seen_i = 0}), as it has no ID vector
 * ({@link ItemEncoder}): its bias would only ever be a negative of the full softmax, and Adam,
 * which moves a weight by about the learning rate whatever the size of a steady gradient, drove it
 * down by about 0.1 an epoch (-0.47 after 4 NYC epochs, against -0.01 for items seen 11 to 100
 * times), burying the catalogue's new items under a bias learned from nothing.
 */
final class PriorTerm implements DenseTerm {
  static final String NAME = "prior";

  /** (numItems, 1) {@code log(1 + training events)} of each item. */
  private final NDArray logCount;

  /** (numItems, 1) 1 for items seen in training, else 0. */
  private final NDArray seen;

  private final int numItems;
  private final boolean itemBias;

  /**
   * @param logCount (numItems, 1) log(1 + training events) per item, owned by the network
   * @param seen (numItems, 1) 1 for items seen in training, else 0, owned by the network
   * @param itemBias whether each item has a learned bias ({@code id.bias}; off when IDs are
   *     ablated)
   */
  PriorTerm(NDArray logCount, NDArray seen, int numItems, boolean itemBias) {
    this.logCount = logCount;
    this.seen = seen;
    this.numItems = numItems;
    this.itemBias = itemBias;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String column() {
    return "prior";
  }

  @Override
  public String description() {
    return "item prior";
  }

  /** {@code pop.w} (1) at 0 and, with item IDs, {@code id.bias} (numItems) at 0. */
  @Override
  public void declare(Params params, int d) {
    if (itemBias) {
      params.constant("id.bias", 0, numItems);
    }
    params.constant("pop.w", 0, 1);
  }

  @Override
  public boolean owns(String param) {
    return param.equals("pop.w") || param.equals("id.bias");
  }

  /** Never: a bias table and one weight, which decay would pull towards plain popularity. */
  @Override
  public boolean decays(String param) {
    return false;
  }

  @Override
  public Optional<NDArray> values(Step s) {
    return Optional.of(prior(s.manager(), s.table(), s.weights(), s.rows()));
  }

  /** The prior of every item under the weights {@code w}, (numItems), an array of {@code step}. */
  NDArray all(NDManager step, Map<String, NDArray> w) {
    return prior(step, ItemTable.whole(numItems), w, ItemRows.none()).reshape(numItems);
  }

  /**
   * The prior at the scored items of {@code table}, (1, scored items), reading the item bias from
   * the step's {@code rows} where they hold it.
   */
  private NDArray prior(NDManager step, ItemTable table, Map<String, NDArray> w, ItemRows rows) {
    int cols = table.scored();
    NDArray prior = table.take(step, logCount, 0, cols).reshape(1, cols).mul(w.get("pop.w"));
    NDArray bias = null;
    if (rows.has("id.bias")) {
      bias = rows.leaf("id.bias").get(new NDIndex(":{}", cols));
    } else if (w.containsKey("id.bias")) {
      bias = table.take(step, w.get("id.bias"), 0, cols);
    }
    if (bias != null) {
      NDArray seenHere = table.take(step, seen, 0, cols).reshape(1, cols);
      prior = prior.add(bias.reshape(1, cols).mul(seenHere));
    }
    return prior;
  }

  @Override
  public String toString() {
    return NAME;
  }
}
