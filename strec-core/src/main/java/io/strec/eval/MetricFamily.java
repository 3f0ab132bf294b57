package io.strec.eval;

import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The metrics of one kind, as {@link Metrics} reads them from names: a family with a cut-off names
 * its metrics {@code PREFIX@k} ({@code HR@10}); one without has a single metric ({@code MRR}).
 */
public sealed interface MetricFamily {
  /**
   * The metric {@code name} denotes, or empty when it is not a name of this family.
   *
   * @throws IllegalArgumentException when the name is of this family but malformed, e.g. {@code
   *     HR@x}
   */
  Optional<Metric> parse(String name);

  /** The metrics of this family that reports give for the cut-offs {@code ks}, in order. */
  List<Metric> reported(List<Integer> ks);

  /** The names this family reads, for messages, e.g. {@code HR@k (also Acc@k, Recall@k)}. */
  String describe();

  /** Metrics named {@code prefix@k}, or {@code alias@k}, made by {@code atK}. */
  static MetricFamily withCutoff(String prefix, IntFunction<Metric> atK, String... aliases) {
    return new WithCutoff(prefix, List.of(aliases), atK);
  }

  /** The family of one metric that has no cut-off. */
  static MetricFamily single(Metric metric) {
    return new Single(metric);
  }

  /** Metrics named {@code prefix@k} (or {@code alias@k}), one per cut-off k >= 1. */
  record WithCutoff(String prefix, List<String> aliases, IntFunction<Metric> atK)
      implements MetricFamily {
    public WithCutoff {
      aliases = List.copyOf(aliases);
    }

    @Override
    public Optional<Metric> parse(String name) {
      if (name.equals(prefix) || aliases.contains(name)) {
        throw new IllegalArgumentException(
            "metric '" + name + "' needs a cut-off, e.g. " + name + "@10");
      }
      int at = name.indexOf('@');
      if (at < 0 || !(name.startsWith(prefix + "@") || aliases.contains(name.substring(0, at)))) {
        return Optional.empty();
      }
      String k = name.substring(at + 1);
      if (!k.matches("[0-9]+")) {
        throw new IllegalArgumentException(
            "metric '" + name + "' needs a whole-number cut-off after '@', e.g. " + prefix + "@10");
      }
      return Optional.of(atK.apply(Integer.parseInt(k)));
    }

    @Override
    public List<Metric> reported(List<Integer> ks) {
      return ks.stream().map(atK::apply).toList();
    }

    @Override
    public String describe() {
      return aliases.isEmpty()
          ? prefix + "@k"
          : prefix + "@k (also " + String.join("@k, ", aliases) + "@k)";
    }
  }

  /** A metric without a cut-off, named by its name alone. */
  record Single(Metric metric) implements MetricFamily {
    @Override
    public Optional<Metric> parse(String name) {
      if (name.startsWith(metric.name() + "@")) {
        throw new IllegalArgumentException(
            "metric '" + name + "': " + metric.name() + " has no cut-off");
      }
      return name.equals(metric.name()) ? Optional.of(metric) : Optional.empty();
    }

    @Override
    public List<Metric> reported(List<Integer> ks) {
      return List.of(metric);
    }

    @Override
    public String describe() {
      return metric.name();
    }
  }
}
