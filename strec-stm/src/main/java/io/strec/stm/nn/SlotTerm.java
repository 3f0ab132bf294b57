package io.strec.stm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.strec.stm.Ablation;
import io.strec.stm.StmConfig;
import io.strec.stm.data.Batch;
import io.strec.stm.data.BatchBuilder;
import io.strec.stm.data.RepeatFeatures;
import io.strec.stm.data.SlotSource;
import io.strec.stm.data.TextNeighbours;
import io.strec.stm.data.Transitions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * A score term that gives a value to a few items per query, its slots, and zero to the others: the
 * repeat term (the user's own history items), the transition term (the last item's successors) and
 * the text-neighbour term (the items whose language-model vectors are nearest to the recent ones).
 * A slot carries {@link #dim()} features, which the term's {@link SlotSource} writes into the
 * batch; the term's value at a slot is the features' dot product with a coefficient vector, learned
 * per query from the user state ({@code u W + b}, a query-dependent term) or learned once ({@code
 * w}).
 *
 * <p>The term says where its slots come from ({@link #inputs}: its source, how many slots the
 * configuration gives it, the ablation that switches it off), declares its parameters and their
 * weight-decay rule here, where it creates them, computes its values in the engine ({@link
 * #values}) and in plain Java for serving ({@link Weights#values}), and names itself in
 * explanations ({@link #name()}). The batch builder, the network and the Java forward pass go
 * through the list of {@link #of the configuration's terms}: a further term of this kind is one
 * more entry there, plus its {@code SlotSource}.
 */
public final class SlotTerm implements ScoreTerm {
  private final String name;
  private final String column;
  private final String description;
  private final String prefix;
  private final int dim;
  private final boolean queryDependent;
  private final ToIntFunction<StmConfig> count;
  private final Optional<Ablation> ablation;
  private final boolean apart;
  private final Function<Sources, SlotSource> source;
  private final int hidden;

  /** What the terms' sources are made from: the model's item-to-item graphs. */
  public record Sources(Transitions transitions, TextNeighbours neighbours) {}

  private SlotTerm(
      String name,
      String column,
      String description,
      String prefix,
      int dim,
      boolean queryDependent,
      ToIntFunction<StmConfig> count,
      Optional<Ablation> ablation,
      boolean apart,
      Function<Sources, SlotSource> source,
      int hidden) {
    this.name = name;
    this.column = column;
    this.description = description;
    this.prefix = prefix;
    this.dim = dim;
    this.queryDependent = queryDependent;
    this.count = count;
    this.ablation = ablation;
    this.apart = apart;
    this.source = source;
    this.hidden = hidden;
  }

  /**
   * This term with {@code units} hidden units in its small network ({@link #values}); 0 leaves it
   * linear.
   */
  public SlotTerm withHidden(int units) {
    if (units < 0) {
      throw new IllegalArgumentException(
          "term " + name + ": hidden units must be >= 0, got " + units);
    }
    if (units == hidden) {
      return this;
    }
    return new SlotTerm(
        name,
        column,
        description,
        prefix,
        dim,
        queryDependent,
        count,
        ablation,
        apart,
        source,
        units);
  }

  /** Hidden units of the term's small network; 0 when it is linear. */
  public int hidden() {
    return hidden;
  }

  /**
   * The repeat term: the user's own history items, with the time-of-day, day-of-week, sequence,
   * place, recency and route features ({@link RepeatFeatures.Kind#ROUTED}).
   */
  public static final SlotTerm REPEAT = repeat(RepeatFeatures.Kind.ROUTED);

  /**
   * The repeat term of models saved before the route features ({@link RepeatFeatures.Kind#PLACED}).
   */
  public static final SlotTerm REPEAT_PLACED = repeat(RepeatFeatures.Kind.PLACED);

  /**
   * The repeat term of models saved before the place and recency features ({@link
   * RepeatFeatures.Kind#TIMED}).
   */
  public static final SlotTerm REPEAT_TIMED = repeat(RepeatFeatures.Kind.TIMED);

  /**
   * The repeat term of models saved before the timed features ({@link
   * RepeatFeatures.Kind#HISTORY}).
   */
  public static final SlotTerm REPEAT_HISTORY = repeat(RepeatFeatures.Kind.HISTORY);

  private static SlotTerm repeat(RepeatFeatures.Kind kind) {
    SlotSource source = kind.source();
    return new SlotTerm(
        "repeat",
        "repeat",
        "repeat of own history",
        "repeat",
        kind.dim(),
        true,
        StmConfig::repeatItems,
        Optional.of(Ablation.REPEAT),
        false,
        sources -> source,
        0);
  }

  /**
   * The transition term: the last item's successors ({@link Transitions}), apart from the repeat
   * slots (a successor that is a history item is left to the repeat term; its transition evidence
   * is lost for that position), weighed by coefficients the user state chooses per query ({@link
   * StmConfig.TransitionWeights#QUERY}): how much the flow from the last place matters depends on
   * the moment and the user.
   */
  public static final SlotTerm TRANSITION = transition(true);

  /**
   * The transition term of models saved before its weights depended on the query ({@link
   * StmConfig.TransitionWeights#FIXED}): coefficients learned once.
   */
  public static final SlotTerm TRANSITION_FIXED = transition(false);

  private static SlotTerm transition(boolean queryDependent) {
    return new SlotTerm(
        "transition",
        "flow",
        "item-to-item flow",
        "trans",
        Transitions.DIM,
        queryDependent,
        StmConfig::successors,
        Optional.of(Ablation.GRAPH),
        true,
        Sources::transitions,
        0);
  }

  /** The text-neighbour term ({@link TextNeighbours}). */
  public static final SlotTerm SIMILAR =
      new SlotTerm(
          "similar",
          "text",
          "text similarity to recent items",
          "nb",
          TextNeighbours.DIM,
          true,
          StmConfig::textNeighbours,
          Optional.empty(),
          false,
          Sources::neighbours,
          0);

  /**
   * The slot terms of a network under {@code config}, in the order their values are summed and
   * reported: repeat, transition, then the text-neighbour term when the configuration uses it.
   * Repeat and transition slots never share an item within a position (the transition term keeps
   * {@linkplain BatchBuilder.SlotInput#apart apart}); a text-neighbour slot may share one with an
   * earlier term's.
   */
  public static List<SlotTerm> of(StmConfig config) {
    SlotTerm repeat =
        (switch (config.repeatFeatures()) {
              case ROUTED -> REPEAT;
              case PLACED -> REPEAT_PLACED;
              case TIMED -> REPEAT_TIMED;
              case HISTORY -> REPEAT_HISTORY;
            })
            .withHidden(config.repeatHidden());
    SlotTerm transition =
        config.transitionWeights() == StmConfig.TransitionWeights.QUERY
            ? TRANSITION
            : TRANSITION_FIXED;
    List<SlotTerm> out = new ArrayList<>(List.of(repeat, transition));
    if (config.usesTextNeighbours()) {
      out.add(SIMILAR);
    }
    return List.copyOf(out);
  }

  /** The name the term is reported under (explanations, score parts). */
  @Override
  public String name() {
    return name;
  }

  /** The term's column heading in a printed explanation (at most 8 characters). */
  @Override
  public String column() {
    return column;
  }

  /** What the term stands for, in words, for a printed explanation. */
  @Override
  public String description() {
    return description;
  }

  /** Features per slot. */
  public int dim() {
    return dim;
  }

  /**
   * The batch builder's inputs for the terms of {@link #of config}, in that order, over a catalogue
   * of {@code numItems} items: each term's source, or padding only where the configuration ablates
   * the term (its parameters stay, so that the network's shape does not depend on the ablation).
   */
  public static List<BatchBuilder.SlotInput> inputs(
      StmConfig config, Transitions transitions, TextNeighbours neighbours, int numItems) {
    if (transitions.numItems() != numItems) {
      throw new IllegalArgumentException(
          "transition graph over " + transitions.numItems() + " items, catalogue " + numItems);
    }
    if (neighbours.numItems() != numItems) {
      throw new IllegalArgumentException(
          "text neighbours of " + neighbours.numItems() + " items, catalogue " + numItems);
    }
    Sources sources = new Sources(transitions, neighbours);
    List<BatchBuilder.SlotInput> out = new ArrayList<>();
    for (SlotTerm t : of(config)) {
      boolean on = t.ablation.map(config::uses).orElse(true);
      SlotSource src = on ? t.source.apply(sources) : SlotSource.none(t.dim);
      if (src.dim() != t.dim) {
        throw new IllegalStateException(
            "term " + t.name + " has " + t.dim + " features per slot, its source " + src.dim());
      }
      out.add(new BatchBuilder.SlotInput(src, t.count.applyAsInt(config), t.apart));
    }
    return List.copyOf(out);
  }

  /**
   * Creates the term's parameters: {@code prefix.w} (d, dim) at 0 and {@code prefix.b} (dim) at 1
   * for a query-dependent term, so that it starts as the plain sum of its features; {@code
   * prefix.w} (dim, 1) at 1 otherwise. With hidden units, the small network's {@code prefix.h.wf}
   * (dim, hidden) and {@code prefix.h.wu} (d, hidden) drawn from {@code rnd}, {@code prefix.h.b}
   * (hidden) at 0 and {@code prefix.h.v} (hidden, 1) at 0, so that the term starts as the linear
   * one.
   */
  void declare(Params params, int d, SplittableRandom rnd) {
    if (queryDependent) {
      params.constant(prefix + ".w", 0, d, dim);
      params.constant(prefix + ".b", 1, dim);
    } else {
      params.constant(prefix + ".w", 1, dim, 1);
    }
    if (hidden > 0) {
      params.normal(prefix + ".h.wf", rnd, 1 / Math.sqrt(dim), dim, hidden);
      params.normal(prefix + ".h.wu", rnd, 1 / Math.sqrt(d), d, hidden);
      params.constant(prefix + ".h.b", 0, hidden);
      params.constant(prefix + ".h.v", 0, hidden, 1);
    }
  }

  /** Whether the parameter {@code name} is one of this term's. */
  boolean owns(String param) {
    return param.startsWith(prefix + ".");
  }

  /**
   * Whether weight decay applies to the parameter {@code param} of this term: to the small
   * network's input matrices only. The linear coefficients weigh a handful of hand-made features;
   * shrinking them towards zero would switch the term off rather than regularise it.
   */
  boolean decays(String param) {
    return param.equals(prefix + ".h.wf") || param.equals(prefix + ".h.wu");
  }

  /**
   * The term's values at its slots {@code s} of a batch of {@code m} positions, (m, slots), from
   * the user states {@code u} (m, d); (m, 0) when the batch has no slots of this term.
   */
  NDArray values(
      NDManager step, Map<String, NDArray> w, NDArray u, Batch.Slots s, long m, DataType type) {
    if (s.count() == 0) {
      return step.zeros(new Shape(m, 0), type);
    }
    NDArray feat = step.create(s.features(), new Shape(m, s.count(), dim));
    if (type != DataType.FLOAT32) {
      feat = feat.toType(type, false);
    }
    NDArray linear =
        queryDependent
            ? feat.mul(
                    Layers.linear(u, w.get(prefix + ".w"), w.get(prefix + ".b")).reshape(m, 1, dim))
                .sum(new int[] {2})
            : feat.matMul(w.get(prefix + ".w")).reshape(m, s.count());
    if (hidden == 0) {
      return linear;
    }
    // Products of two-dimensional arrays: a (m, slots, dim) array times a matrix went through the
    // engine's batched product, which copies the matrix for every position first.
    long rows = m * s.count();
    NDArray query =
        Layers.linear(u, w.get(prefix + ".h.wu"), w.get(prefix + ".h.b")).reshape(m, 1, hidden);
    NDArray pre =
        feat.reshape(rows, dim).matMul(w.get(prefix + ".h.wf")).reshape(m, s.count(), hidden);
    NDArray h = Activation.gelu(pre.add(query)).reshape(rows, hidden);
    return linear.add(h.matMul(w.get(prefix + ".h.v")).reshape(m, s.count()));
  }

  /** The term's weights copied out of {@code params}, for the Java forward pass. */
  Weights weights(Params params) {
    Hidden net =
        hidden == 0
            ? null
            : new Hidden(
                QueryForward.matrix(params, prefix + ".h.wf"),
                QueryForward.matrix(params, prefix + ".h.wu"),
                QueryForward.copy(params, prefix + ".h.b"),
                QueryForward.copy(params, prefix + ".h.v"));
    return queryDependent
        ? new Weights(
            this,
            QueryForward.matrix(params, prefix + ".w"),
            QueryForward.copy(params, prefix + ".b"),
            net)
        : new Weights(this, null, QueryForward.copy(params, prefix + ".w"), net);
  }

  /**
   * The small network's weights as float32 arrays: {@code wf} (dim rows of hidden), {@code wu} (d
   * rows of hidden), {@code b} and {@code v} (hidden).
   */
  record Hidden(float[][] wf, float[][] wu, float[] b, float[] v) {}

  /**
   * A term's weights as float32 arrays: {@code w} (d rows of dim) and {@code b} (dim) for a
   * query-dependent term, only {@code b} (the fixed coefficients) otherwise; {@code net} the small
   * network's, null when the term is linear.
   */
  record Weights(SlotTerm term, float[][] w, float[] b, Hidden net) {
    /**
     * The values of position {@code p}'s slots of {@code s} into {@code out} (m x slots), as {@link
     * #values}.
     */
    void values(float[] u, Batch.Slots s, int p, float[] out) {
      float[] coef = b;
      if (w != null) {
        coef = new float[b.length];
        FloatOps.matMul(u, 0, 1, w, coef);
        FloatOps.addRow(coef, 1, b);
      }
      int dim = coef.length;
      float[] query = null;
      float[] h = null;
      if (net != null) {
        query = new float[net.b.length];
        FloatOps.matMul(u, 0, 1, net.wu, query);
        FloatOps.addRow(query, 1, net.b);
        h = new float[net.b.length];
      }
      for (int k = 0; k < s.count(); k++) {
        int f = (p * s.count() + k) * dim;
        float sum = 0f;
        for (int j = 0; j < dim; j++) {
          sum += s.features()[f + j] * coef[j];
        }
        if (net != null) {
          FloatOps.matMul(s.features(), f, 1, net.wf, h);
          float more = 0f;
          for (int j = 0; j < h.length; j++) {
            more += FloatOps.gelu(h[j] + query[j]) * net.v[j];
          }
          sum += more;
        }
        out[p * s.count() + k] = sum;
      }
    }
  }

  /**
   * Equal terms compute the same kind of value: the same name, parameter prefix, features per slot,
   * query dependence, slot placement and hidden units.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof SlotTerm t
        && name.equals(t.name)
        && prefix.equals(t.prefix)
        && dim == t.dim
        && queryDependent == t.queryDependent
        && apart == t.apart
        && hidden == t.hidden;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, prefix, dim, queryDependent, apart, hidden);
  }

  @Override
  public String toString() {
    return name;
  }
}
