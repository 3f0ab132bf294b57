package io.strec.stm;

import io.strec.model.FactoredModel;
import io.strec.stm.data.HourHabit;
import io.strec.stm.nn.ScoreTerm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The habit term of {@code stm}'s score: the item's share of the user's visits near the query's
 * hour ({@link HourHabit}) times the model's habit weight, which {@link HabitChoice} chooses after
 * the fit. It comes after the network's terms and is not trained with them; a model whose weight is
 * 0 has no such term.
 */
final class HabitTerm implements ScoreTerm {
  static final HabitTerm INSTANCE = new HabitTerm();

  private HabitTerm() {}

  @Override
  public String name() {
    return "habit";
  }

  @Override
  public String column() {
    return "habit";
  }

  @Override
  public String description() {
    return "the habit term (the item's share of the user's visits near this hour)";
  }

  @Override
  public String toString() {
    return name();
  }

  /**
   * A query's scorer with the habit term added: its items are boosted (always candidates), each by
   * {@code weight} times its share.
   */
  static final class Scorer implements FactoredModel.QueryScorer {
    private final FactoredModel.QueryScorer inner;
    private final HourHabit.Shares shares;
    private final float weight;
    private final int[] boosted;

    Scorer(FactoredModel.QueryScorer inner, HourHabit.Shares shares, float weight) {
      this.inner = inner;
      this.shares = shares;
      this.weight = weight;
      int[] own = inner.boosted();
      int[] both = Arrays.copyOf(own, own.length + shares.size());
      System.arraycopy(shares.items(), 0, both, own.length, shares.size());
      this.boosted = Arrays.stream(both).sorted().distinct().toArray();
    }

    @Override
    public float[] user() {
      return inner.user();
    }

    @Override
    public int[] boosted() {
      return boosted.clone();
    }

    @Override
    public Optional<FactoredModel.Place> place() {
      return inner.place();
    }

    @Override
    public float score(int i) {
      return inner.score(i) + weight * shares.of(i);
    }

    @Override
    public FactoredModel.Terms terms(int i) {
      FactoredModel.Terms t = inner.terms(i);
      List<String> names = new ArrayList<>(t.names());
      names.add(INSTANCE.name());
      float[] values = Arrays.copyOf(t.values(), t.values().length + 1);
      values[values.length - 1] = weight * shares.of(i);
      return new FactoredModel.Terms(List.copyOf(names), values);
    }

    @Override
    public float[] eventWeights() {
      return inner.eventWeights();
    }
  }
}
