package io.strec.stm;

import io.strec.feature.LocalTimeFeatures;
import io.strec.model.History;
import io.strec.model.Query;
import io.strec.stm.data.Batch;
import io.strec.stm.data.Features;
import io.strec.stm.data.Window;
import io.strec.stm.nn.Network;
import io.strec.stm.nn.ScoreTerm;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Why {@code stm} ranked what it ranked for one query: the top items with their score split into
 * its terms, and the past events the final attention weighed most.
 *
 * @param top the top items, best first
 * @param events the history events the query attended to most, heaviest first
 * @param hoursSinceLast hours from the last history event to the query time (NaN without history)
 */
public record Explanation(
    List<Scored> top,
    List<Attended> events,
    String queryTime,
    double hoursSinceLast,
    List<ScoreTerm> terms) {
  /**
   * One recommended item and its score, the sum of the network's score terms ({@link
   * Network#terms}: interest, prior, distance, then the slot terms repeat, transition, similar).
   *
   * @param parts the terms' values by {@link ScoreTerm#name}, in the network's order
   * @param km distance from the query place, NaN when unknown
   */
  public record Scored(
      String item, String title, float score, Map<String, Float> parts, double km) {
    /** The value of the term {@code name}; 0 when the network has no such term. */
    public float part(String name) {
      return parts.getOrDefault(name, 0f);
    }
  }

  /** A past event and the attention weight the query gave it. */
  public record Attended(String item, String title, long time, float weight, double kmFromQuery) {}

  static Explanation of(
      StmState state,
      Window w,
      Batch bt,
      Query q,
      int k,
      float[] logits,
      List<ScoreTerm> terms,
      List<float[]> parts,
      float[] attention) {
    if (parts.size() != terms.size()) {
      throw new IllegalArgumentException(parts.size() + " score parts for the terms " + terms);
    }
    int n = state.items().size();
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(
        order,
        Comparator.<Integer>comparingDouble(i -> -logits[i])
            .thenComparingInt(i -> state.items().tieOrder(i)));
    List<Scored> top = new ArrayList<>();
    for (int r = 0; r < Math.min(k, n); r++) {
      int i = order[r];
      double km = Features.distanceKm(q.latitude(), q.longitude(), state.lat()[i], state.lon()[i]);
      Map<String, Float> values = new LinkedHashMap<>();
      for (int g = 0; g < terms.size(); g++) {
        values.put(terms.get(g).name(), parts.get(g)[i]);
      }
      top.add(
          new Scored(
              state.items().id(i),
              title(state, i),
              logits[i],
              Collections.unmodifiableMap(values),
              km));
    }
    History h = w.history();
    List<Attended> events = new ArrayList<>();
    for (int j = 0; j < w.len(); j++) {
      int e = w.start() + j;
      int item = h.item(e);
      events.add(
          new Attended(
              item >= 0 ? state.items().id(item) : "(unknown item)",
              item >= 0 ? title(state, item) : "",
              h.time(e),
              attention[j],
              Features.distanceKm(q.latitude(), q.longitude(), h.latitude(e), h.longitude(e))));
    }
    events.sort(Comparator.comparingDouble(a -> -a.weight()));
    List<Attended> heaviest = List.copyOf(events.subList(0, Math.min(5, events.size())));
    double since = h.isEmpty() ? Double.NaN : (q.epochSecond() - h.time(h.size() - 1)) / 3600.0;
    String when =
        String.format(
            Locale.ROOT,
            "%s (local %s, hour %d)",
            Instant.ofEpochSecond(q.epochSecond()),
            day(LocalTimeFeatures.dayOfWeek(q.epochSecond(), q.tzOffsetMinutes())),
            LocalTimeFeatures.hourOfDay(q.epochSecond(), q.tzOffsetMinutes()));
    return new Explanation(List.copyOf(top), heaviest, when, since, List.copyOf(terms));
  }

  private static String title(StmState state, int i) {
    return state.itemTitles().get(i);
  }

  private static String day(int iso) {
    return List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun").get(iso - 1);
  }

  /** A few readable lines: the list, then what weighed most. */
  public String format() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "query at %s; %s since the last event%n",
            queryTime,
            Double.isNaN(hoursSinceLast)
                ? "no history"
                : String.format(Locale.ROOT, "%.1f h", hoursSinceLast)));
    b.append(String.format(Locale.ROOT, "%4s  %-28s %8s ", "rank", "item", "score"));
    for (ScoreTerm t : terms) {
      b.append(String.format(Locale.ROOT, " %8s", t.column()));
    }
    b.append(String.format(Locale.ROOT, "  %8s%n", "km"));
    int r = 1;
    for (Scored s : top) {
      String label = s.title().isEmpty() ? s.item() : s.item() + " " + s.title();
      b.append(String.format(Locale.ROOT, "%4d  %-28.28s %8.3f ", r++, label, shown(s.score())));
      for (ScoreTerm t : terms) {
        b.append(String.format(Locale.ROOT, " %8.3f", shown(s.part(t.name()))));
      }
      b.append(
          String.format(
              Locale.ROOT,
              "  %8s%n",
              Double.isNaN(s.km()) ? "-" : String.format(Locale.ROOT, "%.2f", s.km())));
    }
    if (!top.isEmpty()) {
      Scored s = top.get(0);
      ScoreTerm best = terms.get(0);
      for (ScoreTerm t : terms) {
        if (Math.abs(s.part(t.name())) > Math.abs(s.part(best.name()))) {
          best = t;
        }
      }
      b.append(
          String.format(
              Locale.ROOT,
              "top item: the largest term is %s (%.3f)%n",
              best.description(),
              s.part(best.name())));
    }
    if (!events.isEmpty()) {
      b.append("past events weighed most by the final attention:\n");
      for (Attended a : events) {
        String km =
            Double.isNaN(a.kmFromQuery())
                ? ""
                : String.format(Locale.ROOT, ", %.2f km from the query place", a.kmFromQuery());
        b.append(
            String.format(
                Locale.ROOT,
                "  %.3f  %s %s at %s%s%n",
                a.weight(),
                a.item(),
                a.title(),
                Instant.ofEpochSecond(a.time()),
                km));
      }
    }
    return b.toString();
  }

  /** A value as printed to three decimals, without a "-0.000" for tiny negatives. */
  private static double shown(double x) {
    return Math.abs(x) < 5e-4 ? 0.0 : x;
  }
}
