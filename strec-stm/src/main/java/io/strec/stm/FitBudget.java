package io.strec.stm;

import java.util.Locale;

/**
 * How long one fit may train ({@link StmConfig#budget}): no limit, a number of epochs, or a number
 * of seconds. A fit with a budget plans its learning-rate schedule to end within it: after its
 * {@link #PLAN_AFTER}th epoch the cosine decay is fitted to the epochs the budget leaves room for
 * (in seconds: at the pace of the epoch just run), so that the fit anneals within the budget
 * instead of being cut at a high learning rate. Early stopping works as without a budget.
 *
 * <p>A budget in epochs gives the same fit on every machine; one in seconds depends on the
 * machine's speed, and the fit's log and provenance name the epochs it planned ({@code
 * budget_epochs}), so that {@code budget=<that>e} fits the same model anywhere.
 *
 * @param epochs the epochs the schedule ends after, or 0
 * @param seconds the seconds the fit may take, or 0; never both 0 unless this is {@link #NONE}
 */
public record FitBudget(int epochs, double seconds) {
  /** No budget: the schedule spans {@link StmConfig#epochs} and nothing cuts it. */
  public static final FitBudget NONE = new FitBudget(0, 0);

  /**
   * The epoch after which the schedule is planned: the first is slower than the rest (it builds the
   * batch features that later epochs copy, and the JIT compiles), so the second's pace is the one
   * to plan by. Before it the schedule is the one over {@link StmConfig#epochs}; the change of its
   * length at this point moves the learning rate by a few per cent at most.
   */
  public static final int PLAN_AFTER = 2;

  public FitBudget {
    if (epochs < 0 || !(seconds >= 0) || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException(
          "a fit budget is a number of epochs or of seconds >= 0, got "
              + epochs
              + " epochs and "
              + seconds
              + " s");
    }
    if (epochs > 0 && seconds > 0) {
      throw new IllegalArgumentException(
          "a fit budget is epochs or seconds, not both: "
              + epochs
              + " epochs and "
              + seconds
              + " s");
    }
  }

  /** Whether the fit has a budget at all. */
  public boolean limits() {
    return epochs > 0 || seconds > 0;
  }

  /** Whether the budget is in seconds (and so depends on the machine's speed). */
  public boolean inSeconds() {
    return seconds > 0;
  }

  /**
   * The epochs the schedule should end after, planned at the end of epoch {@code done} ({@link
   * #PLAN_AFTER}) of a fit whose schedule spans {@code epochs}: for a budget in epochs its own
   * number, for one in seconds as many more epochs as fit in the seconds left at the pace of the
   * last one; never more than {@code epochs}, never fewer than {@code done}.
   *
   * @param elapsed seconds the fit has taken so far
   * @param pace seconds the last epoch took, its validation included
   */
  public int plan(int done, int epochs, double elapsed, double pace) {
    int planned;
    if (this.epochs > 0) {
      planned = this.epochs;
    } else if (seconds > 0) {
      double more = Math.floor((seconds - elapsed) / Math.max(pace, 1e-9));
      planned = more <= 0 ? done : (int) Math.min(epochs, done + more);
    } else {
      planned = epochs;
    }
    return Math.max(done, Math.min(epochs, planned));
  }

  /**
   * Whether an epoch that would take {@code pace} seconds must not start after {@code elapsed}
   * seconds of the fit: only a budget in seconds stops a fit before its plan ends (when the machine
   * has slowed down since the plan).
   */
  public boolean wouldPass(double elapsed, double pace) {
    return seconds > 0 && elapsed + pace > seconds;
  }

  /**
   * Reads {@code none}, {@code 12} or {@code 12e} (epochs), {@code 150s} or {@code 2.5m} (seconds).
   *
   * @throws IllegalArgumentException naming the text and the forms it may take
   */
  public static FitBudget parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.equals("none")) {
        return NONE;
      }
      FitBudget b;
      if (t.endsWith("s")) {
        b = new FitBudget(0, Double.parseDouble(t.substring(0, t.length() - 1)));
      } else if (t.endsWith("m")) {
        b = new FitBudget(0, 60 * Double.parseDouble(t.substring(0, t.length() - 1)));
      } else {
        b =
            new FitBudget(
                Integer.parseInt(t.endsWith("e") ? t.substring(0, t.length() - 1) : t), 0);
      }
      if (!b.limits()) {
        throw new IllegalArgumentException("a budget of nothing");
      }
      return b;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "budget must be none, epochs (12 or 12e), seconds (150s) or minutes (2.5m), got '"
              + text
              + "'",
          e);
    }
  }

  /** The form {@link #parse} reads: {@code none}, {@code 12e} or {@code 150s}. */
  @Override
  public String toString() {
    if (epochs > 0) {
      return epochs + "e";
    }
    if (seconds > 0) {
      return seconds == Math.rint(seconds)
          ? String.format(Locale.ROOT, "%.0fs", seconds)
          : Double.toString(seconds) + "s";
    }
    return "none";
  }
}
