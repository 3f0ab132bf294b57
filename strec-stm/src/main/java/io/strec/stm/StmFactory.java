package io.strec.stm;

import io.strec.model.ModelContext;
import io.strec.model.ModelFactory;
import io.strec.model.Trainer;
import io.strec.stm.artifact.ModelArtifact;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * {@code stm}: the spatio-temporal dependency model. The variants {@code stm-notext}, {@code
 * stm-notime}, {@code stm-nospace}, {@code stm-noid}, {@code stm-nograph}, {@code stm-norepeat} and
 * {@code stm-nousertext} are the same model with one component switched off, so that one {@code
 * strec evaluate --model stm,stm-notext,...} run yields the ablation table with paired tests.
 *
 * <p>Settings other than the defaults come from the command line, never from a system property: a
 * comma-separated {@code key=value} list over the keys of {@link StmConfig#toProperties()} in the
 * context ({@code --model-config stm:epochs=5,dim=32}); see {@link #config(ModelContext)} for the
 * order in which they merge.
 */
public class StmFactory implements ModelFactory {
  public static final String NAME = "stm";

  private final String name;
  private final Set<Ablation> ablated;
  private final Set<Ablation> restored;

  public StmFactory() {
    this(NAME, EnumSet.noneOf(Ablation.class));
  }

  protected StmFactory(String name, Set<Ablation> ablated) {
    this(name, ablated, EnumSet.noneOf(Ablation.class));
  }

  /**
   * @param ablated components this variant switches off
   * @param restored components this variant switches on although the settings switch them off
   */
  protected StmFactory(String name, Set<Ablation> ablated, Set<Ablation> restored) {
    this.name = name;
    this.ablated = ablated;
    this.restored = restored;
  }

  /**
   * {@code stm} itself is part of {@code --model all} and the quickstart; its ablations are not.
   */
  @Override
  public boolean includedInAll() {
    return ablated.isEmpty() && restored.isEmpty();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    String base =
        "causal self-attention over time/space-aware events with interval and distance biases, "
            + "language-model item vectors, query time and place; full-softmax cross-entropy "
            + "(label-smoothed by default), AdamW";
    if (!restored.isEmpty()) {
      return base + " (with " + Ablation.format(restored) + ")";
    }
    return ablated.isEmpty() ? base : base + " (without " + Ablation.format(ablated) + ")";
  }

  /**
   * The configuration this factory trains with outside any context: defaults, the {@code strec.stm}
   * overrides, its ablation.
   */
  public StmConfig config() {
    return config("");
  }

  /**
   * The configuration in {@code context}: defaults, then the context's {@code stm} settings ({@link
   * ModelContext#settings(String)}, e.g. {@code strec evaluate --model-config stm:epochs=8}), then
   * a variant's own settings ({@code stm-notext:...}), then this factory's ablation added to any
   * asked for.
   */
  public StmConfig config(ModelContext context) {
    String own = name.equals(NAME) ? "" : context.settings(name);
    String all = context.settings(NAME);
    return config(all.isEmpty() || own.isEmpty() ? all + own : all + "," + own);
  }

  StmConfig config(String contextSettings) {
    Properties p = overrides(contextSettings);
    p.remove(Tuned.KEY);
    StmConfig c = StmConfig.of(p);
    EnumSet<Ablation> all =
        c.ablations().isEmpty() ? EnumSet.noneOf(Ablation.class) : EnumSet.copyOf(c.ablations());
    all.addAll(ablated);
    all.removeAll(restored);
    return c.withAblations(all);
  }

  @Override
  public void checkSettings(String list) {
    if (overrides(list).containsKey(Tuned.KEY)) {
      throw new IllegalArgumentException(
          "'" + Tuned.KEY + "' is a setting of stm-auto, not of " + name);
    }
    config(list);
  }

  /** The tuning budget in {@code list} ({@code tune=...}), or {@code full} when it names none. */
  static TuningTrainer.Budget budget(String list) {
    return TuningTrainer.Budget.parse(overrides(list).getProperty(Tuned.KEY, "full"));
  }

  /** Without a context there is no encoder: the text part is switched off. */
  @Override
  public List<Trainer> candidates() {
    StmConfig c = config();
    EnumSet<Ablation> a = EnumSet.of(Ablation.TEXT);
    a.addAll(c.ablations());
    a.remove(Ablation.ID);
    return List.of(
        new StmTrainer(name, c.withAblations(a), ItemVectors.none(), TrainOptions.quiet()));
  }

  @Override
  public List<Trainer> candidates(ModelContext context) {
    TrainOptions options = new TrainOptions(context.log(), false, java.util.Optional.empty());
    return List.of(new StmTrainer(name, config(context), ContextVectors.of(context), options));
  }

  /**
   * Loads an {@code stm} directory of format 2, or of format 1 (saved before {@link
   * io.strec.model.artifact.ModelDirectory}); every variant loads through here, and the model's
   * name and setting are those saved. The model keeps {@code context} to encode the items added to
   * it ({@link StmModel#withItems}); the caller keeps it open while the model is used.
   */
  @Override
  public StmModel load(Path dir, ModelContext context) throws IOException {
    return ModelArtifact.read(dir, context);
  }

  /**
   * The settings of a {@code key=value} list as {@code --model-config stm:...} takes it: pairs
   * separated by commas or semicolons, a comma that starts no new {@code key=} staying in its value
   * ({@code ablate=space,repeat}).
   */
  public static Properties overrides(String list) {
    Properties p = new Properties();
    if (list.isBlank()) {
      return p;
    }
    try {
      p.load(new StringReader(list.replace(';', '\n').replaceAll(",(?=[A-Za-z]+=)", "\n")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /** {@code stm} without the language-model item vectors. */
  public static final class NoText extends StmFactory {
    public NoText() {
      super("stm-notext", EnumSet.of(Ablation.TEXT));
    }
  }

  /** {@code stm} without time features, interval biases and query time. */
  public static final class NoTime extends StmFactory {
    public NoTime() {
      super("stm-notime", EnumSet.of(Ablation.TIME));
    }
  }

  /** {@code stm} without space features, regions, distance biases and the distance score term. */
  public static final class NoSpace extends StmFactory {
    public NoSpace() {
      super("stm-nospace", EnumSet.of(Ablation.SPACE));
    }
  }

  /** {@code stm} without ID embeddings (text-only items). */
  public static final class NoId extends StmFactory {
    public NoId() {
      super("stm-noid", EnumSet.of(Ablation.ID));
    }
  }

  /** {@code stm} without the transition prior. */
  public static final class NoGraph extends StmFactory {
    public NoGraph() {
      super("stm-nograph", EnumSet.of(Ablation.GRAPH));
    }
  }

  /** {@code stm} with the user's encoded behaviour text (off by default, see StmConfig). */
  public static final class WithUserText extends StmFactory {
    public WithUserText() {
      super("stm-usertext", EnumSet.noneOf(Ablation.class), EnumSet.of(Ablation.USERTEXT));
    }
  }

  /**
   * {@code stm} with its setting chosen on the inner validation split ({@link TuningTrainer}): the
   * defaults, dropout, learning rate and the text-neighbour and transition terms compared by
   * successive halving within {@code tune=BUDGET} ({@code --model-config stm-auto:tune=600s};
   * epochs, seconds, minutes or {@code full}, the default, for every candidate).
   */
  public static final class Tuned extends StmFactory {
    static final String KEY = "tune";

    public Tuned() {
      super("stm-auto", EnumSet.noneOf(Ablation.class));
    }

    @Override
    public boolean includedInAll() {
      return false;
    }

    @Override
    public String description() {
      return "stm with dropout, learning rate and score terms chosen on its inner validation by"
          + " successive halving";
    }

    /**
     * Takes the tuning budget ({@code tune}) beside stm's settings, and refuses a fit budget beside
     * it, with the settings, before any fit.
     */
    @Override
    public void checkSettings(String list) {
      FitBudget fit = config(list).budget();
      TuningTrainer.Budget tune = budget(list);
      if (fit.limits()) {
        throw new IllegalArgumentException(
            "stm-auto compares its candidates within its own budget (tune="
                + tune
                + ") and cannot take a fit budget (budget="
                + fit
                + "); give tune alone");
      }
    }

    @Override
    public List<Trainer> candidates(ModelContext context) {
      StmTrainer base = (StmTrainer) super.candidates(context).get(0);
      return List.of(new TuningTrainer(base, budget(context.settings("stm-auto"))));
    }
  }

  /** {@code stm} without the repeat term. */
  public static final class NoRepeat extends StmFactory {
    public NoRepeat() {
      super("stm-norepeat", EnumSet.of(Ablation.REPEAT));
    }
  }
}
