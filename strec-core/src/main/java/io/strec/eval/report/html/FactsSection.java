package io.strec.eval.report.html;

import io.strec.data.ReadStats;
import io.strec.eval.Experiment.ModelRun;
import io.strec.model.TrainingCurve;
import io.strec.util.BuildInfo;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The data, the protocol and the provenance of the run, as tables. */
final class FactsSection {
  private FactsSection() {}

  static String render(ReportData d) {
    StringBuilder sb = new StringBuilder("<div class=\"charts\"><div>");
    Table data = Table.withoutHeader(2);
    data.row("dataset", d.dataset());
    data.row("source", d.source());
    data.row("catalogue (ranked items)", count(d.catalogue()));
    data.row("training users", count(d.trainUsers()));
    data.row("training events", count(d.trainEvents()));
    data.row("evaluation cases", count(d.cases()));
    for (Map.Entry<String, ReadStats.FileCounts> f : d.read().entrySet()) {
      ReadStats.FileCounts c = f.getValue();
      data.row(
          "read " + f.getKey(),
          String.format(
              Locale.ROOT,
              "%,d rows = %,d accepted + %,d rejected",
              c.read(),
              c.accepted(),
              c.rejected()));
    }
    sb.append("<h3>Data</h3>").append(data.render("facts"));
    Table protocol = Table.withoutHeader(2);
    protocol.row("protocol", d.protocol());
    d.protocolSettings().forEach((k, v) -> protocol.row(k, text(v)));
    d.settings().forEach((k, v) -> protocol.row(k, text(v)));
    protocol.row("ranking", "full catalogue; ties broken by item id ascending");
    sb.append("<h3>Protocol</h3>").append(protocol.render("facts")).append("</div><div>");
    Table prov = Table.withoutHeader(2);
    prov.row("training data SHA-256", d.dataHash());
    prov.row("STREC version", BuildInfo.version());
    prov.row("git commit", BuildInfo.commit());
    prov.row(
        "seeds",
        d.runs().stream()
            .flatMap(r -> r.seeds().stream())
            .distinct()
            .map(String::valueOf)
            .collect(Collectors.joining(", ")));
    prov.row("created", d.created());
    prov.row("Java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
    prov.row("processors", Integer.toString(Runtime.getRuntime().availableProcessors()));
    d.timings().forEach((k, v) -> prov.row(k.replace('_', ' '), Html.number(v, 1)));
    sb.append("<h3>Provenance</h3>").append(prov.render("facts")).append("</div></div>");
    sb.append("<h3>Models</h3><div class=\"table-wrap\">").append(models(d)).append("</div>");
    return sb.toString();
  }

  private static String models(ReportData d) {
    Table t = new Table("model", "setting", "seeds", "fit s (per seed)", "training summary");
    for (ModelRun r : d.runs()) {
      String fits =
          r.runs().stream()
              .map(e -> Html.number(e.fitSeconds(), 2))
              .collect(Collectors.joining(", "));
      String summary =
          d.training().getOrDefault(r.model(), Map.of()).entrySet().stream()
              .filter(
                  e ->
                      !e.getKey().equals(TrainingCurve.LOSS_KEY)
                          && !e.getKey().equals(TrainingCurve.VALID_MRR_KEY))
              .sorted(Map.Entry.comparingByKey())
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining("; "));
      t.row(
          r.model(),
          r.chosen(),
          r.seeds().stream().map(String::valueOf).collect(Collectors.joining(", ")),
          fits,
          summary);
    }
    return t.render("models");
  }

  private static String count(int n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A setting's value as text: lists joined by commas, everything else by its string form. */
  private static String text(Object v) {
    if (v instanceof Collection<?> c) {
      return c.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
    return String.valueOf(v);
  }
}
