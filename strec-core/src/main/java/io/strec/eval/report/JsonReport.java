package io.strec.eval.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strec.eval.EvalSplit;
import io.strec.eval.Evaluation;
import io.strec.eval.Experiment.ModelRun;
import io.strec.eval.stats.Summary;
import io.strec.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The JSON report of an evaluation: {@code
 * {"results":[{"model":..,"metrics":{"HR@1":..,...,"MRR":..,"n":..}},...]}} plus dataset, protocol,
 * settings, per-seed values, beyond-accuracy figures, segments, significance and timings. Metrics
 * are means over seeds; NaN is written as null.
 */
public final class JsonReport {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ObjectNode root = JSON.createObjectNode();
  private final ArrayNode results = JSON.createArrayNode();
  private final ArrayNode significance = JSON.createArrayNode();

  public JsonReport(String dataset, String source, EvalSplit split, Map<String, Object> settings) {
    root.put(
        "strec_version",
        JsonReport.class.getPackage().getImplementationVersion() == null
            ? "dev"
            : JsonReport.class.getPackage().getImplementationVersion());
    root.put("created", java.time.Instant.now().toString());
    root.put("dataset", dataset);
    root.put("source", source);
    root.put("protocol", split.protocol());
    ObjectNode s = root.putObject("settings");
    split.settings().forEach((k, v) -> s.set(k, JSON.valueToTree(v)));
    settings.forEach((k, v) -> s.set(k, JSON.valueToTree(v)));
    ObjectNode d = root.putObject("data");
    d.put("catalogue_size", split.train().numItems());
    d.put("train_users", split.train().numUsers());
    d.put("train_events", split.train().numEvents());
    d.put("cases", split.cases().size());
    root.put("ranking", "full catalogue; ties broken by item id ascending");
    root.set("results", results);
    root.set("significance", significance);
  }

  /** Row counts of the import, per file. */
  public JsonReport read(io.strec.data.ReadStats stats) {
    ObjectNode r = root.putObject("read");
    stats
        .byFile()
        .forEach(
            (f, c) -> {
              ObjectNode o = r.putObject(f);
              o.put("read", c.read());
              o.put("accepted", c.accepted());
              o.put("rejected", c.rejected());
            });
    return this;
  }

  public JsonReport add(ModelRun run) {
    ObjectNode o = results.addObject();
    o.put("model", run.model());
    o.put("setting", run.chosen());
    ObjectNode tuning = o.putObject("tuning_inner_valid_mrr");
    run.tuningMrr().forEach((k, v) -> number(tuning, k, v));
    ObjectNode metrics = o.putObject("metrics");
    ObjectNode std = o.putObject("std");
    for (String m : run.first().metrics().keySet()) {
      double[] v = run.runs().stream().mapToDouble(e -> e.metric(m)).toArray();
      boolean finite = java.util.Arrays.stream(v).allMatch(Double::isFinite);
      Summary sum = finite ? Summary.of(v) : null;
      number(metrics, m, finite ? sum.mean() : Double.NaN);
      number(std, m, finite ? sum.std() : Double.NaN);
    }
    metrics.put("n", run.first().numCases());
    ArrayNode seeds = o.putArray("per_seed");
    for (int i = 0; i < run.runs().size(); i++) {
      ObjectNode s = seeds.addObject();
      s.put("seed", run.seeds().get(i));
      Evaluation e = run.runs().get(i);
      ObjectNode sm = s.putObject("metrics");
      e.metrics().forEach((k, v) -> number(sm, k, v));
      s.put("fit_seconds", e.fitSeconds());
      s.put("eval_seconds", e.evalSeconds());
    }
    Evaluation e = run.first();
    ObjectNode ba = o.putObject("beyond_accuracy");
    e.beyondAccuracy().forEach((k, v) -> number(ba, k, v));
    ObjectNode seg = o.putObject("segments");
    e.segments()
        .forEach(
            (name, labels) -> {
              ObjectNode sn = seg.putObject(name);
              labels.forEach(
                  (label, ms) -> {
                    ObjectNode l = sn.putObject(label);
                    ms.forEach(
                        (k, v) -> {
                          if (k.equals("n")) {
                            l.put("n", v.intValue());
                          } else {
                            number(l, k, v);
                          }
                        });
                  });
            });
    e.sampled()
        .ifPresent(
            s -> {
              ObjectNode so = o.putObject("sampled");
              so.put(
                  "label",
                  "SAMPLED: target ranked against "
                      + s.negatives()
                      + " sampled negatives, not the full catalogue");
              so.put("negatives", s.negatives());
              so.put("seed", s.seed());
              ObjectNode sm = so.putObject("metrics");
              s.metrics().forEach((k, v) -> number(sm, k, v));
            });
    ObjectNode t = o.putObject("timings");
    t.put("fit_seconds", e.fitSeconds());
    t.put("eval_seconds", e.evalSeconds());
    return this;
  }

  /** A paired comparison, as a map of named numbers. */
  public JsonReport significance(
      String model, String reference, String metric, Map<String, Double> values) {
    ObjectNode o = significance.addObject();
    o.put("model", model);
    o.put("reference", reference);
    o.put("metric", metric);
    values.forEach((k, v) -> number(o, k, v));
    return this;
  }

  public JsonReport timing(String name, double seconds) {
    ObjectNode t =
        root.has("timings") ? (ObjectNode) root.get("timings") : root.putObject("timings");
    t.put(name, seconds);
    return this;
  }

  private static void number(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    } else {
      o.putNull(key);
    }
  }

  public String toJson() throws IOException {
    return JSON.writeValueAsString(root);
  }

  /** Replaces {@code file} with the report, atomically ({@link AtomicFiles}). */
  public void write(Path file) throws IOException {
    AtomicFiles.writeString(file, toJson());
  }

  /** The model names in the report, for tests. */
  public List<String> models() {
    List<String> out = new java.util.ArrayList<>();
    results.forEach(r -> out.add(r.get("model").asText()));
    return out;
  }
}
