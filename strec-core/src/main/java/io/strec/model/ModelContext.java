package io.strec.model;

import io.strec.util.Closing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What models may draw on besides their training data: which text encoder to use, where to keep
 * embeddings, where to log progress, and resources shared between fits (an encoder session, an
 * embedding store) that the context owns and closes.
 */
public final class ModelContext implements AutoCloseable {
  private final String encoder;
  private final Optional<Path> storeDir;
  private final Consumer<String> log;
  private final String embeddingPost;
  private final Map<String, String> settings = new LinkedHashMap<>();
  private final Map<String, AutoCloseable> shared = new LinkedHashMap<>();

  /**
   * @param encoder encoder spec, e.g. {@code minilm-q} (see the encoder module)
   * @param storeDir directory of the persistent embedding store, or empty to keep embeddings in
   *     memory
   * @param log receives progress lines
   */
  public ModelContext(String encoder, Optional<Path> storeDir, Consumer<String> log) {
    this(encoder, storeDir, "none", log);
  }

  /**
   * @param embeddingPost post-processing of frozen embeddings fitted on the catalogue: {@code
   *     none}, {@code standardize}, {@code whiten}, {@code pca:K} or {@code pca-whiten:K}
   */
  public ModelContext(
      String encoder, Optional<Path> storeDir, String embeddingPost, Consumer<String> log) {
    this.encoder = Objects.requireNonNull(encoder, "encoder");
    this.storeDir = Objects.requireNonNull(storeDir, "storeDir");
    this.embeddingPost = Objects.requireNonNull(embeddingPost, "embeddingPost");
    this.log = Objects.requireNonNull(log, "log");
  }

  /**
   * Sets a model family's own settings, e.g. {@code ("stm", "epochs=6,dim=32")}; the model reads
   * them with {@link #settings(String)} and validates them itself. Later calls for the same family
   * append, so a key given twice takes its last value.
   *
   * @return this context
   */
  public synchronized ModelContext withSettings(String family, String list) {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(list, "list");
    if (!list.isBlank()) {
      settings.merge(family, list, (a, b) -> a + "," + b);
    }
    return this;
  }

  /**
   * The settings given for a model family, {@code key=value} pairs joined by commas; empty if none.
   */
  public synchronized String settings(String family) {
    return settings.getOrDefault(family, "");
  }

  /** How frozen embeddings are post-processed (see the constructor). */
  public String embeddingPost() {
    return embeddingPost;
  }

  /** The default encoder, embeddings in memory, no logging. */
  public static ModelContext defaults() {
    return new ModelContext("minilm-q", Optional.empty(), line -> {});
  }

  public String encoder() {
    return encoder;
  }

  public Optional<Path> storeDir() {
    return storeDir;
  }

  public Consumer<String> log() {
    return log;
  }

  /**
   * The shared resource under {@code key}, created by {@code open} on first use; closed with this
   * context.
   */
  public synchronized <T extends AutoCloseable> T shared(
      String key, Class<T> type, Supplier<T> open) {
    AutoCloseable r = shared.get(key);
    if (r == null) {
      r = Objects.requireNonNull(open.get(), "resource " + key);
      shared.put(key, r);
    }
    return type.cast(r);
  }

  /**
   * Closes the shared resources in reverse order of creation, each even when another fails; the
   * first failure is rethrown with the others suppressed.
   */
  @Override
  public synchronized void close() {
    List<AutoCloseable> all = new ArrayList<>(shared.values());
    shared.clear();
    Collections.reverse(all);
    Closing.closeAll(all);
  }
}
