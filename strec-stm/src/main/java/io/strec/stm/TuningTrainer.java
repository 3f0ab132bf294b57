package io.strec.stm;

import io.strec.data.Dataset;
import io.strec.eval.EvalSplit;
import io.strec.eval.Evaluator;
import io.strec.eval.QueryTime;
import io.strec.eval.ReciprocalRank;
import io.strec.model.Trainer;
import io.strec.model.artifact.ModelDirectory;
import io.strec.util.BadInputException;
import io.strec.util.Closing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses {@code stm}'s setting for the data it is given, on the inner validation split that early
 * stopping uses, within a budget: nothing is set by hand per dataset. The candidates are the
 * declared {@link #space(StmConfig)} (the defaults, then one change each: dropout, learning rate,
 * the text-neighbour and transition terms), and they are compared by successive halving: every
 * candidate trains {@link #FIRST_RUNG} epochs, the best third (and always the defaults, so that a
 * change must beat them at the longest comparison to replace them) goes on to {@link #ETA} times as
 * many, and so on until one is left, which then trains on to its early stop. At the last comparison
 * a change replaces the defaults only if it beats them by more than {@link #BEAT_BY} standard
 * errors of the paired difference of reciprocal ranks on the same inner-validation cases: a higher
 * inner-validation MRR alone is too often the sample's noise (measured before this rule, seed 1: on
 * NYC the doubled learning rate won on the inner validation, 0.4392 against 0.4371 after 6 epochs,
 * and lost on the validation cases, MRR 0.4399 against 0.4436). A candidate continues from its own
 * checkpoint, so no epoch is trained twice, and the one chosen ends exactly as if it had been
 * fitted alone (the same seed, the same epochs).
 *
 * <p>The budget counts the epochs of the comparison, before the chosen candidate's last part; a
 * budget in seconds is turned into epochs with the seconds an epoch took in the defaults' first
 * rung, which every search trains anyway. The largest number of candidates whose comparison fits is
 * taken, in the declared order. A budget in epochs gives the same choice on every machine and run;
 * one in seconds depends on the machine's speed, and the provenance of the model says what was done
 * ({@code tune_*} keys) so that the chosen setting can be fitted again on its own.
 */
public final class TuningTrainer implements Trainer {
  /** Epochs every candidate trains before the first comparison. */
  static final int FIRST_RUNG = 2;

  /** One candidate in {@code ETA} goes on at each comparison, to {@code ETA} times the epochs. */
  static final int ETA = 3;

  /**
   * Standard errors by which a change must beat the defaults at the last comparison to replace
   * them: the inner validation is a sample (about 1,000 to 2,000 cases here), and a choice made on
   * its noise costs as much on new data as it seemed to gain.
   */
  static final double BEAT_BY = 2.0;

  private static final Evaluator VALIDATION = Evaluator.builder().optSegments(false).build();

  /** One setting of the search, named by what it changes from the base setting. */
  public record Candidate(String name, StmConfig config) {}

  /**
   * How much the comparison may cost: {@code epochs} epochs of training (summed over candidates),
   * or, when {@code epochs} is 0, {@code seconds} seconds.
   */
  public record Budget(int epochs, double seconds) {
    public Budget {
      if (epochs < 0
          || !(seconds >= 0)
          || Double.isInfinite(seconds)
          || (epochs == 0) == (seconds == 0)) {
        throw new IllegalArgumentException(
            "a tuning budget is a positive number of epochs or of seconds, got "
                + epochs
                + " epochs and "
                + seconds
                + " s");
      }
    }

    /**
     * Reads {@code 26} or {@code 26e} (epochs), {@code 600s} or {@code 10m} (seconds), or {@code
     * full} (every candidate of the space).
     */
    public static Budget parse(String text) {
      if (text.strip().equalsIgnoreCase("full")) {
        return new Budget(Integer.MAX_VALUE, 0);
      }
      try {
        // The forms a fit's budget takes; "none" is no tuning budget (the constructor refuses 0).
        FitBudget b = FitBudget.parse(text);
        return new Budget(b.epochs(), b.seconds());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "tune must be epochs (26 or 26e), seconds (600s), minutes (10m) or 'full', got '"
                + text
                + "'",
            e);
      }
    }

    @Override
    public String toString() {
      if (epochs == Integer.MAX_VALUE) {
        return "full";
      }
      return epochs > 0 ? epochs + "e" : String.format(Locale.ROOT, "%.0fs", seconds);
    }
  }

  private final StmTrainer base;
  private final Budget budget;

  public TuningTrainer(StmTrainer base, Budget budget) {
    this.base = base;
    this.budget = budget;
  }

  @Override
  public String describe() {
    return base.describe() + "+tune(" + budget + ")";
  }

  @Override
  public TuningTrainer withQueryTime(QueryTime q) {
    return new TuningTrainer(base.withQueryTime(q), budget);
  }

  /**
   * The candidates, in the order a small budget takes them: the base setting, then dropout 0.1
   * lower and higher, the learning rate halved and doubled, without the text-neighbour term and
   * without the transition term (each only where the base setting has it).
   */
  public static List<Candidate> space(StmConfig c) {
    List<Candidate> out = new ArrayList<>();
    out.add(new Candidate("defaults", c));
    if (c.dropout() >= 0.1) {
      double d = Math.round((c.dropout() - 0.1) * 100) / 100.0;
      out.add(new Candidate("dropout=" + d, c.toBuilder().optDropout(d).build()));
    }
    if (c.dropout() + 0.1 < 0.9) {
      double d = Math.round((c.dropout() + 0.1) * 100) / 100.0;
      out.add(new Candidate("dropout=" + d, c.toBuilder().optDropout(d).build()));
    }
    out.add(
        new Candidate(
            "learningRate=" + c.learningRate() / 2,
            c.toBuilder().optLearningRate(c.learningRate() / 2).build()));
    out.add(
        new Candidate(
            "learningRate=" + c.learningRate() * 2,
            c.toBuilder().optLearningRate(c.learningRate() * 2).build()));
    if (c.usesTextNeighbours() && c.uses(Ablation.TEXT)) {
      out.add(new Candidate("textNeighbours=0", c.toBuilder().optTextNeighbours(0).build()));
    }
    if (c.uses(Ablation.GRAPH)) {
      EnumSet<Ablation> a = EnumSet.of(Ablation.GRAPH);
      a.addAll(c.ablations());
      out.add(new Candidate("no transition term", c.withAblations(a)));
    }
    return out;
  }

  /**
   * Epochs a comparison of the first {@code n} candidates trains at most: {@code n} times {@link
   * #FIRST_RUNG}, then the survivors' further epochs at each rung, until one is left.
   */
  static long cost(int n) {
    long total = 0;
    int alive = n;
    int done = 0;
    int rung = FIRST_RUNG;
    while (alive > 1) {
      total += (long) alive * (rung - done);
      done = rung;
      rung *= ETA;
      alive = survivors(alive);
    }
    return total;
  }

  /** How many of {@code alive} candidates go on after a comparison. */
  static int survivors(int alive) {
    return Math.max(1, (alive + ETA - 1) / ETA);
  }

  /** The most candidates of {@code available} whose comparison costs at most {@code epochs}. */
  static int affordable(int available, long epochs) {
    int n = 1;
    while (n < available && cost(n + 1) <= epochs) {
      n++;
    }
    return n;
  }

  @Override
  public StmModel fit(Dataset train, long seed) {
    StmConfig c = base.config();
    TrainOptions options = base.options();
    if (c.patience() == 0) {
      throw new IllegalArgumentException(
          "tuning compares settings on the inner validation split of early stopping; it needs"
              + " patience > 0, got 0");
    }
    if (options.epochBudget() > 0) {
      throw new IllegalArgumentException(
          "tuning cannot be time-boxed by an epoch budget per call ("
              + options.epochBudget()
              + "); give the tuning budget instead");
    }
    if (c.budget().limits()) {
      // Bad input, the user's settings asking for both: the candidates are compared at equal
      // epochs, and a fit budget would plan each one's schedule by its own pace.
      throw new BadInputException(
          "tuning has its own budget and cannot be combined with stm budget="
              + c.budget()
              + "; give the tuning budget alone");
    }
    boolean temporary = options.checkpoints().isEmpty();
    Path root;
    try {
      root =
          temporary
              ? Files.createTempDirectory("strec-tune-")
              : options.checkpoints().get().resolve("tune");
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the tuning checkpoint directory", e);
    }
    if (!temporary) {
      return search(train, seed, root);
    }
    // A temporary tree goes whether the search ends well or not; a failure to delete it does not
    // hide the search's own failure.
    AutoCloseable remove = () -> ModelDirectory.deleteTree(root);
    StmModel model;
    try {
      model = search(train, seed, root);
    } catch (RuntimeException | Error e) {
      Closing.closeOnFailure(e, remove);
      throw e;
    }
    try {
      ModelDirectory.deleteTree(root);
    } catch (IOException e) {
      model.close();
      throw new UncheckedIOException("cannot delete the tuning checkpoints in " + root, e);
    }
    return model;
  }

  /** Where a candidate stands: its best inner-valid MRR, epochs trained, and whether it failed. */
  private static final class Standing {
    final int index;
    final Candidate candidate;
    double mrr = Double.NEGATIVE_INFINITY;
    double[] reciprocalRanks = new double[0];
    int epochs;
    String failed = "";
    final StringBuilder history = new StringBuilder();

    Standing(int index, Candidate candidate) {
      this.index = index;
      this.candidate = candidate;
    }
  }

  private StmModel search(Dataset train, long seed, Path root) {
    var log = base.options().log();
    Optional<EvalSplit> inner = base.innerValidation(train, seed);
    if (inner.isEmpty()) {
      log.accept("stm tune: no user has two training events, nothing to compare on; the defaults");
      return base.withNotes(Map.of("tune_budget", budget.toString(), "tune_chosen", "defaults"))
          .fit(train, seed);
    }
    EvalSplit split = inner.get();
    List<Candidate> space = space(base.config());
    List<Standing> all = new ArrayList<>();
    for (int i = 0; i < space.size(); i++) {
      all.add(new Standing(i, space.get(i)));
    }
    // The defaults' first rung: always trained (it is also the start of their own fit), and the
    // measure of an epoch's seconds for a budget in seconds.
    Standing defaults = all.get(0);
    double secondsPerEpoch = run(defaults, FIRST_RUNG, train, seed, root, split);
    long epochs =
        budget.epochs() > 0
            ? budget.epochs()
            : (long) Math.floor(budget.seconds() / Math.max(1e-9, secondsPerEpoch));
    int n = affordable(space.size(), epochs);
    log.accept(
        String.format(
            Locale.ROOT,
            "stm tune: %d of %d candidates within the budget %s (%.1f s an epoch):"
                + " %d epochs each, then the best third and the defaults %d times as many, until"
                + " one is left; comparison at most %d epochs",
            n,
            space.size(),
            budget.epochs() > 0 ? budget.toString() : budget + " = " + epochs + " epochs",
            secondsPerEpoch,
            FIRST_RUNG,
            ETA,
            cost(n)));
    List<Standing> alive = new ArrayList<>(all.subList(0, n));
    int rung = FIRST_RUNG;
    while (alive.size() > 1) {
      for (Standing s : alive) {
        if (s.epochs < rung && s.failed.isEmpty()) {
          run(s, rung, train, seed, root, split);
        }
      }
      alive.removeIf(s -> !s.failed.isEmpty());
      List<Standing> ranked = new ArrayList<>(alive);
      ranked.sort(
          Comparator.comparingDouble((Standing s) -> -s.mrr).thenComparingInt(s -> s.index));
      List<Integer> kept =
          goingOn(
              alive.stream().mapToInt(s -> s.index).toArray(),
              alive.stream().mapToDouble(s -> s.mrr).toArray(),
              alive.stream().map(s -> s.reciprocalRanks).toArray(double[][]::new));
      List<Standing> next = alive.stream().filter(s -> kept.contains(s.index)).toList();
      log.accept(
          String.format(
              Locale.ROOT,
              "stm tune: after %d epochs %s; going on: %s%s",
              rung,
              String.join(", ", ranked.stream().map(TuningTrainer::score).toList()),
              String.join(", ", next.stream().map(s -> s.candidate.name()).toList()),
              next.size() == 1 && next.get(0) != ranked.get(0)
                  ? " ("
                      + ranked.get(0).candidate.name()
                      + " does not beat them by "
                      + BEAT_BY
                      + " standard errors)"
                  : ""));
      alive = new ArrayList<>(next);
      rung *= ETA;
    }
    Standing chosen = alive.get(0);
    Map<String, String> notes = new LinkedHashMap<>();
    notes.put("tune_budget", budget.toString());
    notes.put("tune_candidates", Integer.toString(n));
    notes.put("tune_chosen", chosen.candidate.name());
    StringBuilder scores = new StringBuilder();
    for (Standing s : all.subList(0, n)) {
      if (scores.length() > 0) {
        scores.append("; ");
      }
      scores.append(s.candidate.name()).append(": ").append(s.history);
      if (!s.failed.isEmpty()) {
        scores.append(" failed: ").append(s.failed);
      }
    }
    notes.put("tune_scores", scores.toString());
    log.accept("stm tune: chosen " + chosen.candidate.name() + "; it trains on to its early stop");
    // The chosen setting refits as it would alone; the comparison's fits never do.
    return trainer(chosen, 0, root, true).withNotes(notes).fit(train, seed);
  }

  /**
   * Which candidates go on after a comparison: the best {@link #survivors} of {@code index} by
   * {@code mrr} (a tie goes to the earlier candidate), and the defaults (index 0) in place of the
   * last of them if they are not among them. At the last comparison one goes on: the best, if it is
   * the defaults or beats them by more than {@link #BEAT_BY} standard errors of the paired
   * difference of their {@code reciprocalRanks} on the same inner-validation cases, else the
   * defaults. In candidate order.
   */
  static List<Integer> goingOn(int[] index, double[] mrr, double[][] reciprocalRanks) {
    Integer[] order = new Integer[index.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(
        order, Comparator.comparingDouble((Integer i) -> -mrr[i]).thenComparingInt(i -> index[i]));
    int keep = survivors(index.length);
    List<Integer> out = new ArrayList<>();
    for (int k = 0; k < keep; k++) {
      out.add(index[order[k]]);
    }
    int defaults = -1;
    for (int i = 0; i < index.length; i++) {
      if (index[i] == 0) {
        defaults = i;
      }
    }
    if (defaults >= 0 && !out.contains(0)) {
      if (keep > 1) {
        out.set(keep - 1, 0);
      } else if (!beats(reciprocalRanks[order[0]], reciprocalRanks[defaults])) {
        out.set(0, 0);
      }
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  /**
   * Whether {@code a} is better than {@code b} on the same cases by more than {@link #BEAT_BY}
   * standard errors of the mean paired difference.
   */
  static boolean beats(double[] a, double[] b) {
    if (a.length != b.length || a.length < 2) {
      throw new IllegalArgumentException(
          "paired reciprocal ranks of " + a.length + " and " + b.length + " cases");
    }
    int n = a.length;
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += a[i] - b[i];
    }
    mean /= n;
    double ss = 0;
    for (int i = 0; i < n; i++) {
      double d = a[i] - b[i] - mean;
      ss += d * d;
    }
    double se = Math.sqrt(ss / (n - 1) / n);
    return mean > BEAT_BY * se;
  }

  private static String score(Standing s) {
    return String.format(Locale.ROOT, "%s %.4f", s.candidate.name(), s.mrr);
  }

  /**
   * Trains {@code s} on from its checkpoint to {@code epochs} epochs in all and records its best
   * inner-valid MRR; returns the seconds an epoch took. A candidate other than the defaults that
   * diverges is dropped with its reason.
   */
  private double run(Standing s, int epochs, Dataset train, long seed, Path root, EvalSplit inner) {
    long t0 = System.nanoTime();
    try (StmModel m = trainer(s, epochs - s.epochs, root, false).fit(train, seed)) {
      Map<String, String> p = m.state().provenance();
      s.mrr = Double.parseDouble(p.get("inner_valid_mrr"));
      // The best epoch's weights are the model's: these are the cases behind its MRR.
      s.reciprocalRanks = VALIDATION.evaluate(m, inner).perCase(ReciprocalRank.MRR);
      int trained = Integer.parseInt(p.get("epochs_trained"));
      // A fit that stopped early has nothing more to train: it counts as done to every rung.
      s.epochs = trained < epochs ? Integer.MAX_VALUE : trained;
      if (s.history.length() > 0) {
        s.history.append(", ");
      }
      s.history.append(String.format(Locale.ROOT, "%.4f after %d epochs", s.mrr, trained));
      double secs = Double.parseDouble(p.get("seconds_per_epoch"));
      base.options()
          .log()
          .accept(
              String.format(
                  Locale.ROOT,
                  "stm tune: %s: inner-valid MRR %.4f after %d epochs (%.0f s)",
                  s.candidate.name(),
                  s.mrr,
                  trained,
                  (System.nanoTime() - t0) / 1e9));
      return Double.isNaN(secs) ? (System.nanoTime() - t0) / 1e9 / Math.max(1, epochs) : secs;
    } catch (IllegalStateException e) {
      if (s.index == 0) {
        throw e;
      }
      s.failed = String.valueOf(e.getMessage());
      base.options().log().accept("stm tune: " + s.candidate.name() + " dropped: " + s.failed);
      return Double.NaN;
    }
  }

  /**
   * The trainer of {@code s}, checkpointing in its own directory, for {@code epochs} more epochs.
   * Only the {@code chosen} one's fit refits and has a habit term as its setting says: a refit
   * trains on the inner-validation cases the candidates are compared on, and a habit weight is
   * chosen on them, so a comparison's fits have neither.
   */
  private StmTrainer trainer(Standing s, int epochs, Path root, boolean chosen) {
    String dir = s.index + "-" + s.candidate.name().replaceAll("[^A-Za-z0-9.=-]", "_");
    StmConfig c = s.candidate.config();
    return base.with(
        chosen ? c : c.toBuilder().optRefit(false).optHabit(0).build(),
        base.options().withCheckpoints(Optional.of(root.resolve(dir))).withEpochBudget(epochs));
  }
}
