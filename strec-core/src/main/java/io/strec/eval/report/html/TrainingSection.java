package io.strec.eval.report.html;

import io.strec.model.TrainingCurve;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Loss and inner-validation MRR per epoch of every model that trains in epochs. */
final class TrainingSection {
  /** Summary entries shown in the table, with their headings. */
  private static final List<Map.Entry<String, String>> FACTS =
      List.of(
          Map.entry("epochs_trained", "epochs"),
          Map.entry("best_epoch", "best epoch"),
          Map.entry("inner_valid_mrr", "best inner-valid MRR"),
          Map.entry("train_loss", "last loss"),
          Map.entry("seconds_per_epoch", "s / epoch"),
          Map.entry("skipped_steps", "skipped steps"),
          Map.entry("device", "device"));

  private TrainingSection() {}

  static String render(ReportData d) {
    Map<String, TrainingCurve> curves = new LinkedHashMap<>();
    for (String model : d.models()) {
      Map<String, String> summary = d.training().getOrDefault(model, Map.of());
      TrainingCurve.fromSummary(summary, "model " + model).ifPresent(c -> curves.put(model, c));
    }
    StringBuilder sb = new StringBuilder();
    if (curves.isEmpty()) {
      return sb.append("<p class=\"note\">No model in this run trains in epochs (the baselines are")
          .append(" fitted in one pass), so there is no training curve.</p>")
          .toString();
    }
    sb.append("<p class=\"note\">Per epoch of the first seed's fit: the mean training loss")
        .append(" (cross-entropy of the next item) and the MRR on the inner validation split (each")
        .append(" user's last training event), on which the best epoch is chosen. A red \u00d7")
        .append(" marks an epoch without a value.</p><div class=\"charts\">");
    LineChart loss = new LineChart("Training loss per epoch", "epoch", "mean training loss (nats)");
    LineChart mrr =
        new LineChart("Inner-validation MRR per epoch", "epoch", "inner-validation MRR");
    for (Map.Entry<String, TrainingCurve> e : curves.entrySet()) {
      double[] x = java.util.Arrays.stream(e.getValue().epochs()).asDoubleStream().toArray();
      loss.series(e.getKey(), d.colour(e.getKey()), x, e.getValue().loss());
      mrr.series(e.getKey(), d.colour(e.getKey()), x, e.getValue().validMrr());
    }
    sb.append("<figure>").append(loss.render("chart-training-loss")).append("</figure>");
    sb.append("<figure>").append(mrr.render("chart-training-mrr")).append("</figure></div>");
    List<String> header = new java.util.ArrayList<>(List.of("model"));
    FACTS.forEach(f -> header.add(f.getValue()));
    Table t = new Table(header.toArray(String[]::new)).numeric(1, 2, 3, 4, 5, 6);
    for (String model : curves.keySet()) {
      Map<String, String> summary = d.training().get(model);
      List<String> row = new java.util.ArrayList<>(List.of(model));
      FACTS.forEach(f -> row.add(shown(f.getKey(), summary.getOrDefault(f.getKey(), ""))));
      t.row(row.toArray(String[]::new));
    }
    return sb.append("<div class=\"table-wrap\">")
        .append(t.render("training"))
        .append("</div>")
        .toString();
  }

  /** A loss or MRR with four decimals, as the rest of the report; other entries as recorded. */
  private static String shown(String key, String value) {
    if (!key.equals("inner_valid_mrr") && !key.equals("train_loss")) {
      return value;
    }
    try {
      return Html.number(Double.parseDouble(value), 4);
    } catch (NumberFormatException e) {
      // Recorded by another version in another form: shown as it is rather than hidden.
      return value;
    }
  }
}
