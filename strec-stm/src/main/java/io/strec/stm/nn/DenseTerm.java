package io.strec.stm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.strec.stm.data.Batch;
import java.util.Map;
import java.util.Optional;

/**
 * A score term with a value for every scored item of every query ({@link InterestTerm}, {@link
 * PriorTerm}, {@link DistanceTerm}). It declares its parameters and their weight-decay rule where
 * it creates them ({@link #declare}, {@link #decays}), computes its values from the step's features
 * ({@link #values}), and names itself ({@link ScoreTerm}). The network sums its terms ({@link
 * Network#denseTerms}) in order: a further term of this kind is one class, one entry there and,
 * where it needs them, its features.
 */
public interface DenseTerm extends ScoreTerm {
  /**
   * What a term's values are computed from at one step.
   *
   * @param manager the step's manager: every array made belongs to it
   * @param batch the positions scored
   * @param weights the network's weights by name ({@link Params#viewsIn} or {@link
   *     Params#leavesIn})
   * @param query the user states and per-query coefficients ({@link Network.QueryTerms})
   * @param items the vectors of the scored items of {@code table}, (scored items, d)
   * @param table the items scored, in column order
   * @param rows the per-item parameters the step reads through rows of its own ({@link ItemRows})
   */
  record Step(
      NDManager manager,
      Batch batch,
      Map<String, NDArray> weights,
      Network.QueryTerms query,
      NDArray items,
      ItemTable table,
      ItemRows rows) {}

  /**
   * Creates the term's parameters in {@code params}; {@code d} is the network's width. Initial
   * values that are drawn come from {@code params}' own draws in the order the terms are declared.
   */
  void declare(Params params, int d);

  /** Whether the parameter {@code param} is one of this term's. */
  boolean owns(String param);

  /** Whether weight decay applies to this term's parameter {@code param}. */
  boolean decays(String param);

  /**
   * The term's values at the scored items of {@code s.table()}: (positions, scored items), or (1,
   * scored items) when they depend on no query; empty when they are zero everywhere in this step.
   */
  Optional<NDArray> values(Step s);

  /**
   * The distinct places the training queries ask from, as their batches carry them ({@link
   * Batch#qLat}, {@link Batch#qLon}): a term may keep what depends on them alone for its training
   * steps ({@link #addTo}) until {@link #forgetTrainingPlaces}. The default keeps nothing.
   */
  default void trainingPlaces(float[] lat, float[] lon) {}

  /** Frees what {@link #trainingPlaces} kept. */
  default void forgetTrainingPlaces() {}

  /**
   * Adds the term's values to {@code logits} (positions, scored items) in place, for training,
   * where no part is reported and every catalogue-wide temporary counts. The default adds {@link
   * #values}.
   */
  default void addTo(NDArray logits, Step s) {
    values(s).ifPresent(logits::addi);
  }
}
