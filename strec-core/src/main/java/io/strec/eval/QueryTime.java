package io.strec.eval;

import io.strec.model.History;
import io.strec.model.Query;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a case tells the model about the moment it predicts for. The protocols build cases with the
 * target's own timestamp ({@link #TARGET}), as LLM4POI, ROTAN and most LLM next-POI systems do; a
 * product asked "what next?" knows only "now", and the next event happens later. {@link #LAST}
 * gives the time (and local-time offset) of the last history event instead, as GETNext and STHGCN
 * do: the model then knows nothing that the history does not. A case whose history is empty keeps
 * the target's time under either setting (there is no earlier moment to give); their number is in
 * the split's settings ({@code query_time_kept_target}).
 */
public enum QueryTime {
  /** The target event's timestamp and offset. */
  TARGET,
  /** The last history event's timestamp and offset. */
  LAST;

  /** The option value: {@code target} or {@code last}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The setting named {@code label}.
   *
   * @throws IllegalArgumentException naming the value and the valid ones
   */
  public static QueryTime parse(String label) {
    for (QueryTime q : values()) {
      if (q.label().equals(label)) {
        return q;
      }
    }
    throw new IllegalArgumentException("query time must be target or last, not '" + label + "'");
  }

  /**
   * The setting {@code split}'s cases were built under: the {@code query_time} {@link #apply}
   * recorded, or {@link #TARGET} for a split it did not touch (the protocols build cases with the
   * target's time).
   *
   * @throws IllegalArgumentException if the recorded value is not a setting
   */
  public static QueryTime of(EvalSplit split) {
    Object v = split.settings().get("query_time");
    return v == null ? TARGET : parse(v.toString());
  }

  /**
   * {@code split} with every case's query time set by this setting, recorded in its settings as
   * {@code query_time}. Histories, places, targets and exclusions are unchanged.
   */
  public EvalSplit apply(EvalSplit split) {
    Map<String, Object> settings = new LinkedHashMap<>(split.settings());
    settings.put("query_time", label());
    if (this == TARGET) {
      return new EvalSplit(split.protocol(), split.train(), split.cases(), settings);
    }
    List<EvalCase> out = new ArrayList<>(split.cases().size());
    int keptTarget = 0;
    for (EvalCase c : split.cases()) {
      Query q = c.query();
      History h = q.history();
      if (h.size() == 0) {
        keptTarget++;
        out.add(c);
        continue;
      }
      int last = h.size() - 1;
      Query moved =
          new Query(
              q.user(), h, h.time(last), h.tzOffsetMinutes(last), q.latitude(), q.longitude());
      out.add(
          new EvalCase(
              c.id(),
              c.user(),
              c.target(),
              moved,
              c.excluded(),
              c.targetLatitude(),
              c.targetLongitude()));
    }
    settings.put("query_time_kept_target", keptTarget);
    return new EvalSplit(split.protocol(), split.train(), out, settings);
  }
}
