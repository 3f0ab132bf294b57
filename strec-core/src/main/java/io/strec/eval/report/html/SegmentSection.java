package io.strec.eval.report.html;

import io.strec.eval.Experiment.ModelRun;
import io.strec.eval.ReciprocalRank;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** MRR per segment of the cases (local hour, day, distance, history, popularity), per model. */
final class SegmentSection {
  /** Titles and explanations of the segmentations the evaluator keeps, by name. */
  private static final Map<String, String[]> NAMES =
      Map.of(
          "hour_of_day",
          new String[] {"local hour of day", "Hour of the query in the user's local time."},
          "day_type",
          new String[] {"weekday or weekend", "Local calendar day of the query."},
          "day_of_week",
          new String[] {"day of week", "Local day of the week of the query."},
          "target_distance_km",
          new String[] {
            "distance of the target from the query place (km)",
            "Great-circle distance from the query place to where the target event happened;"
                + " unknown when either has no place."
          },
          "history_length",
          new String[] {"history length (events)", "Events of the user before the query."},
          "target_in_history",
          new String[] {
            "the target in the user's history",
            "Whether the target is the last item of the query's history, an earlier item of it,"
                + " or an item new to the user."
          },
          "target_popularity",
          new String[] {
            "target popularity",
            "Training events of the target item, in equal thirds of all training events: head ="
                + " the few most popular items holding the first third, tail = the many holding"
                + " the last (and items never seen in training)."
          });

  private static final Pattern LEADING_NUMBER = Pattern.compile("^(\\d+(?:\\.\\d+)?)");
  private static final Pattern ORDINAL = Pattern.compile("^\\d+ (\\D.*)$");

  private SegmentSection() {}

  static String render(ReportData d) {
    StringBuilder sb = new StringBuilder();
    sb.append("<p class=\"note\">MRR of each model within each segment of the evaluation cases")
        .append(" (first seed); the number under a label is how many cases fall in it. Small")
        .append(" segments are noisy.</p>");
    Set<String> names = new LinkedHashSet<>();
    d.runs().forEach(r -> names.addAll(r.first().segments().keySet()));
    if (names.isEmpty()) {
      return sb.append("<p class=\"note\">The evaluator kept no segments for this run.</p>")
          .toString();
    }
    sb.append("<div class=\"charts\">");
    for (String name : names) {
      String[] what = NAMES.getOrDefault(name, new String[] {name, ""});
      sb.append("<figure>")
          .append(chart(d, name, what[0]).optWidth(515).render("chart-segment-" + slug(name)));
      if (!what[1].isEmpty()) {
        sb.append("<p class=\"note\">").append(Html.escape(what[1])).append("</p>");
      }
      sb.append("</figure>");
    }
    return sb.append("</div>").toString();
  }

  /** One bar per model in each segment of {@code name}; NaN where a model has no such segment. */
  static BarChart chart(ReportData d, String name, String title) {
    Set<String> labels = new TreeSet<>(NATURAL);
    for (ModelRun r : d.runs()) {
      labels.addAll(r.first().segments().getOrDefault(name, Map.of()).keySet());
    }
    BarChart chart =
        new BarChart("MRR by " + title, "MRR (higher is better)", d.models(), d.colours());
    for (String label : labels) {
      double[] v = new double[d.runs().size()];
      int n = 0;
      for (int s = 0; s < v.length; s++) {
        Map<String, Double> m =
            d.runs().get(s).first().segments().getOrDefault(name, Map.of()).get(label);
        v[s] = m == null ? Double.NaN : m.getOrDefault(ReciprocalRank.MRR.name(), Double.NaN);
        if (m != null) {
          n = Math.max(n, m.getOrDefault("n", 0.0).intValue());
        }
      }
      chart.group(display(label), "n=" + n, v);
    }
    return chart;
  }

  /** A label as shown: the ordinal that makes "1 Mon" sort before "2 Tue" is dropped. */
  static String display(String label) {
    Matcher m = ORDINAL.matcher(label);
    return m.matches() ? m.group(1) : label;
  }

  /**
   * Labels that start with a number in numeric order ("3-10" before "10+"), then the others
   * alphabetically ("unknown" last among distance bands).
   */
  static final Comparator<String> NATURAL =
      (a, b) -> {
        Matcher ma = LEADING_NUMBER.matcher(a);
        Matcher mb = LEADING_NUMBER.matcher(b);
        boolean na = ma.find();
        boolean nb = mb.find();
        if (na && nb) {
          int c = Double.compare(Double.parseDouble(ma.group(1)), Double.parseDouble(mb.group(1)));
          return c != 0 ? c : a.compareTo(b);
        }
        if (na != nb) {
          return na ? -1 : 1;
        }
        return a.compareTo(b);
      };

  static String slug(String name) {
    String s = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    return s.replaceAll("^-+|-+$", "");
  }
}
