package io.strec.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A named family of models, found through {@link java.util.ServiceLoader}. It offers the
 * hyper-parameter settings to choose from; the choice is made on validation data only, never on the
 * cases being reported.
 */
public interface ModelFactory {
  /** The name used on the command line, e.g. {@code markov}. */
  String name();

  /** One line on what the model does. */
  String description();

  /** The settings to tune over; a single one when there is nothing to tune. Never empty. */
  List<Trainer> candidates();

  /**
   * Whether {@code --model all} and the quickstart include this model; experimental or expensive
   * models say no and are run by name.
   */
  default boolean includedInAll() {
    return true;
  }

  /**
   * The settings to tune over, for models that draw on the context (an encoder, an embedding
   * store); by default the context is not needed and this is {@link #candidates()}.
   */
  default List<Trainer> candidates(ModelContext context) {
    return candidates();
  }

  /**
   * Checks settings given for this family through {@link ModelContext#withSettings}, e.g. {@code
   * epochs=8,dim=32}, and throws {@link IllegalArgumentException} naming the bad key or value. By
   * default a model takes no settings, so any are refused.
   */
  default void checkSettings(String list) {
    throw new io.strec.util.BadInputException(
        "model '" + name() + "' takes no settings (got '" + list + "')");
  }

  /**
   * Loads a model this family saved with {@link ServableModel#save} from {@code dir}. The directory
   * has been checked (format version, checksums) by {@link io.strec.model.artifact.ModelDirectory};
   * {@code context} supplies the encoder and logging. By default a family cannot be loaded.
   *
   * @throws IOException when a file is missing or malformed; the message names it
   */
  default ServableModel load(Path dir, ModelContext context) throws IOException {
    throw new UnsupportedOperationException("model '" + name() + "' cannot be saved or loaded");
  }
}
