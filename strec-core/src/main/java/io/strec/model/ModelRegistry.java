package io.strec.model;

import io.strec.util.BadInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Looks up {@link ModelFactory} services by name. */
public final class ModelRegistry {
  private final Map<String, ModelFactory> byName = new LinkedHashMap<>();

  private ModelRegistry(Iterable<ModelFactory> factories) {
    for (ModelFactory f : factories) {
      ModelFactory prev = byName.put(f.name(), f);
      if (prev != null) {
        throw new IllegalStateException(
            "two models named '"
                + f.name()
                + "': "
                + prev.getClass().getName()
                + " and "
                + f.getClass().getName());
      }
    }
  }

  /** Every factory on the class path. */
  public static ModelRegistry load() {
    return new ModelRegistry(ServiceLoader.load(ModelFactory.class));
  }

  public static ModelRegistry of(List<ModelFactory> factories) {
    return new ModelRegistry(factories);
  }

  /**
   * The factory called {@code name}.
   *
   * @throws BadInputException listing the available names when there is none
   */
  public ModelFactory get(String name) {
    ModelFactory f = byName.get(name);
    if (f == null) {
      throw new BadInputException(
          "unknown model '" + name + "'; available: " + String.join(", ", byName.keySet()));
    }
    return f;
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /** The names of the models {@code --model all} runs ({@link ModelFactory#includedInAll()}). */
  public List<String> defaultNames() {
    return byName.values().stream()
        .filter(ModelFactory::includedInAll)
        .map(ModelFactory::name)
        .toList();
  }
}
