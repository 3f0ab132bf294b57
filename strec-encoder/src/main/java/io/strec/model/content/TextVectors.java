package io.strec.model.content;

import io.strec.encoder.Encoders;
import io.strec.encoder.TextEncoder;
import io.strec.encoder.store.EmbeddingStore;
import io.strec.model.ModelContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Encodes texts through the context's shared encoder and embedding store: texts already stored are
 * not encoded again, new vectors are flushed to disk after each call. Without a store directory the
 * store lives in a temporary directory that is deleted on close.
 */
final class TextVectors implements AutoCloseable {
  private final TextEncoder encoder;
  private final EmbeddingStore store;
  private final Path tempDir;

  private TextVectors(TextEncoder encoder, EmbeddingStore store, Path tempDir) {
    this.encoder = encoder;
    this.store = store;
    this.tempDir = tempDir;
  }

  /** The context's shared instance for its encoder spec, opened on first use. */
  static TextVectors of(ModelContext context) {
    return context.shared(
        "text-vectors:" + context.encoder(), TextVectors.class, () -> open(context));
  }

  private static TextVectors open(ModelContext context) {
    TextEncoder enc = Encoders.open(context.encoder());
    try {
      Path dir;
      Path temp = null;
      if (context.storeDir().isPresent()) {
        dir = context.storeDir().get();
      } else {
        temp = Files.createTempDirectory("strec-embeddings");
        dir = temp;
      }
      context
          .log()
          .accept(
              "encoder " + enc.modelId() + " (" + enc.dimension() + "-d), embeddings in " + dir);
      return new TextVectors(enc, EmbeddingStore.open(dir, enc.modelId(), enc.dimension()), temp);
    } catch (IOException | RuntimeException e) {
      enc.close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  int dimension() {
    return encoder.dimension();
  }

  String modelId() {
    return encoder.modelId();
  }

  /**
   * Vectors for {@code texts}, in order; empty texts get a zero vector without encoding. New
   * vectors stay in memory until {@link #save()} or {@link #close()}.
   */
  float[][] encode(List<String> texts, java.util.function.Consumer<String> progress) {
    float[][] out = new float[texts.size()][];
    List<String> nonEmpty = texts.stream().filter(t -> !t.isBlank()).toList();
    float[][] enc = store.getOrEncode(nonEmpty, encoder, progress);
    int j = 0;
    for (int i = 0; i < out.length; i++) {
      out[i] = texts.get(i).isBlank() ? new float[encoder.dimension()] : enc[j++];
    }
    return out;
  }

  /** Writes new vectors to the store's file (atomically), unless the store is temporary. */
  void save() {
    if (tempDir != null) {
      return;
    }
    try {
      store.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save embeddings", e);
    }
  }

  /** Closes the store (which saves new vectors) and the encoder, then removes a temporary store. */
  @Override
  public void close() {
    try {
      try (encoder) {
        store.close();
      }
      if (tempDir != null) {
        try (var files = Files.walk(tempDir)) {
          for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("closing the embedding store failed", e);
    }
  }
}
