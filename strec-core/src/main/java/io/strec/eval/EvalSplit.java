package io.strec.eval;

import io.strec.data.Dataset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Training data plus the cases to evaluate on, as a protocol defined them.
 *
 * @param protocol protocol name, e.g. {@code loo}
 * @param train the training rows; its item vocabulary is the ranked catalogue
 * @param cases evaluation cases
 * @param settings the protocol's settings and counts (split, mode, skipped cases, ...) for reports
 */
public record EvalSplit(
    String protocol, Dataset train, List<EvalCase> cases, Map<String, Object> settings) {
  public EvalSplit {
    cases = List.copyOf(cases);
    settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
  }

  /**
   * The same split restricted to the cases that pass {@code keep}, with a note in the settings
   * (filters applied in turn join their labels; the count before the first filter is kept).
   */
  public EvalSplit filter(String label, Predicate<EvalCase> keep) {
    List<EvalCase> kept = cases.stream().filter(keep).toList();
    Map<String, Object> s = new LinkedHashMap<>(settings);
    s.merge("filter", label, (a, b) -> a + "; " + b);
    s.putIfAbsent("cases_before_filter", cases.size());
    return new EvalSplit(protocol, train, kept, s);
  }
}
