package io.strec.stm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.strec.stm.StmConfig;
import io.strec.stm.data.Batch;
import io.strec.stm.data.RepeatFeatures;
import io.strec.stm.data.TextNeighbours;
import io.strec.stm.data.Transitions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A score term that gives a value to a few items per query, its slots, and zero to the others: the
 * repeat term (the user's own history items), the transition term (the last item's successors) and
 * the text-neighbour term (the items whose language-model vectors are nearest to the recent ones).
 * A slot carries {@link #dim()} features, which the batch builder writes; the term's value at a
 * slot is the features' dot product with a coefficient vector, learned per query from the user
 * state ({@code u W + b}, a query-dependent term) or learned once ({@code w}).
 *
 * <p>The term declares its parameters and their weight-decay rule here, where it creates them,
 * computes its values in the engine ({@link #values}) and in plain Java for serving ({@link
 * Weights#values}), and names itself in explanations ({@link #name()}). The network and the Java
 * forward pass go through the list of {@link #of the configuration's terms}: a further term of this
 * kind is one more entry there, plus its features in the batch.
 */
public final class SlotTerm {
  private final String name;
  private final String column;
  private final String description;
  private final String prefix;
  private final int dim;
  private final boolean queryDependent;
  private final Function<Batch, Slots> slots;

  /**
   * The slots of a batch: {@code count} per scored position, their items (m, count), padding where
   * unused, and their features (m, count, dim).
   */
  public record Slots(int count, long[] items, float[] features) {}

  private SlotTerm(
      String name,
      String column,
      String description,
      String prefix,
      int dim,
      boolean queryDependent,
      Function<Batch, Slots> slots) {
    this.name = name;
    this.column = column;
    this.description = description;
    this.prefix = prefix;
    this.dim = dim;
    this.queryDependent = queryDependent;
    this.slots = slots;
  }

  /** The repeat term: the user's own history items ({@link RepeatFeatures}). */
  public static final SlotTerm REPEAT =
      new SlotTerm(
          "repeat",
          "repeat",
          "repeat of own history",
          "repeat",
          RepeatFeatures.DIM,
          true,
          bt -> new Slots(bt.repeatSlots, bt.repeatItem, bt.repeatFeat));

  /** The transition term: the last item's successors ({@link Transitions}). */
  public static final SlotTerm TRANSITION =
      new SlotTerm(
          "transition",
          "flow",
          "item-to-item flow",
          "trans",
          Transitions.DIM,
          false,
          bt -> new Slots(bt.transitionSlots, bt.transItem, bt.transFeat));

  /** The text-neighbour term ({@link TextNeighbours}). */
  public static final SlotTerm SIMILAR =
      new SlotTerm(
          "similar",
          "text",
          "text similarity to recent items",
          "nb",
          TextNeighbours.DIM,
          true,
          bt -> new Slots(bt.neighbourSlots, bt.nbItem, bt.nbFeat));

  /**
   * The slot terms of a network under {@code config}, in the order their values are summed and
   * reported: repeat, transition, then the text-neighbour term when the configuration uses it.
   * Repeat and transition slots never share an item within a position (the batch builder drops a
   * successor that is a history item); a later term's slot may share one with an earlier term's.
   */
  public static List<SlotTerm> of(StmConfig config) {
    List<SlotTerm> out = new ArrayList<>(List.of(REPEAT, TRANSITION));
    if (config.usesTextNeighbours()) {
      out.add(SIMILAR);
    }
    return List.copyOf(out);
  }

  /** The name the term is reported under (explanations, score parts). */
  public String name() {
    return name;
  }

  /** The term's column heading in a printed explanation (at most 8 characters). */
  public String column() {
    return column;
  }

  /** What the term stands for, in words, for a printed explanation. */
  public String description() {
    return description;
  }

  /** Features per slot. */
  public int dim() {
    return dim;
  }

  /** This term's slots in {@code bt}. */
  public Slots slots(Batch bt) {
    return slots.apply(bt);
  }

  /**
   * Creates the term's parameters: {@code prefix.w} (d, dim) at 0 and {@code prefix.b} (dim) at 1
   * for a query-dependent term, so that it starts as the plain sum of its features; {@code
   * prefix.w} (dim, 1) at 1 otherwise.
   */
  void declare(Params params, int d) {
    if (queryDependent) {
      params.constant(prefix + ".w", 0, d, dim);
      params.constant(prefix + ".b", 1, dim);
    } else {
      params.constant(prefix + ".w", 1, dim, 1);
    }
  }

  /** Whether the parameter {@code name} is one of this term's. */
  boolean owns(String param) {
    return param.startsWith(prefix + ".");
  }

  /**
   * Whether weight decay applies to the parameter {@code param} of this term: never. The
   * coefficients weigh a handful of hand-made features; shrinking them towards zero would switch
   * the term off rather than regularise it.
   */
  boolean decays(String param) {
    return false;
  }

  /**
   * The term's values at its slots of {@code bt}, (m, slots), from the user states {@code u} (m,
   * d); (m, 0) when the batch has no slots of this term.
   */
  NDArray values(NDManager step, Map<String, NDArray> w, NDArray u, Batch bt, DataType type) {
    Slots s = slots(bt);
    long m = bt.m;
    if (s.count() == 0) {
      return step.zeros(new Shape(m, 0), type);
    }
    NDArray feat = step.create(s.features(), new Shape(m, s.count(), dim));
    if (type != DataType.FLOAT32) {
      feat = feat.toType(type, false);
    }
    if (!queryDependent) {
      return feat.matMul(w.get(prefix + ".w")).reshape(m, s.count());
    }
    return feat.mul(Layers.linear(u, w.get(prefix + ".w"), w.get(prefix + ".b")).reshape(m, 1, dim))
        .sum(new int[] {2});
  }

  /** The term's weights copied out of {@code params}, for the Java forward pass. */
  Weights weights(Params params) {
    return queryDependent
        ? new Weights(
            this,
            QueryForward.matrix(params, prefix + ".w"),
            QueryForward.copy(params, prefix + ".b"))
        : new Weights(this, null, QueryForward.copy(params, prefix + ".w"));
  }

  /**
   * A term's weights as float32 arrays: {@code w} (d rows of dim) and {@code b} (dim) for a
   * query-dependent term, only {@code b} (the fixed coefficients) otherwise.
   */
  record Weights(SlotTerm term, float[][] w, float[] b) {
    /**
     * The values of position {@code p}'s slots into {@code out} (m x slots), as {@link #values}.
     */
    void values(float[] u, Batch bt, int p, float[] out) {
      float[] coef = b;
      if (w != null) {
        coef = new float[b.length];
        FloatOps.matMul(u, 0, 1, w, coef);
        FloatOps.addRow(coef, 1, b);
      }
      Slots s = term.slots(bt);
      int dim = coef.length;
      for (int k = 0; k < s.count(); k++) {
        int f = (p * s.count() + k) * dim;
        float sum = 0f;
        for (int j = 0; j < dim; j++) {
          sum += s.features()[f + j] * coef[j];
        }
        out[p * s.count() + k] = sum;
      }
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
