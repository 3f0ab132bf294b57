package io.strec.encoder.store;

import io.strec.encoder.EncoderException;
import io.strec.encoder.TextEncoder;
import io.strec.util.Progress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * Embeddings of one encoder model, persisted in {@code dir} and keyed by a hash of each text
 * ({@link TextKey}), so that a run encodes only the texts no earlier run has. Vectors on disk are
 * memory-mapped; vectors encoded since the last {@link #flush()} are held in memory until it writes
 * the whole store (old and new, keys sorted) to a temporary file and renames it over the old one,
 * so a crash at any moment leaves either the previous file or the new one, never a mix. The file
 * format is described in {@code StoreFile}.
 *
 * <p>Safe to use from several threads: concurrent {@link #getOrEncode} calls encode a text that
 * both need once (the second waits for the first). One process per store file: two processes
 * flushing the same file do not corrupt it, but the later rename drops the other's new vectors.
 */
public final class EmbeddingStore implements AutoCloseable {
  /** Texts per {@link TextEncoder#encode} call unless a caller asks otherwise. */
  public static final int DEFAULT_BATCH_SIZE = 64;

  private static final double PROGRESS_SECONDS = 2.0;
  private static final int MAX_NAME_CHARS = 80;

  private final Path file;
  private final String modelId;
  private final int dimension;
  private final long chunkBytes;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final ReentrantLock flushLock = new ReentrantLock();
  // Guarded by lock. Keys in pending are never in persisted; keys in inFlight are in neither.
  private StoreFile persisted;
  private final Map<TextKey, float[]> pending = new HashMap<>();
  private final Map<TextKey, CompletableFuture<float[]>> inFlight = new HashMap<>();
  private boolean closed;

  private EmbeddingStore(
      Path file, String modelId, int dimension, long chunkBytes, StoreFile persisted) {
    this.file = file;
    this.modelId = modelId;
    this.dimension = dimension;
    this.chunkBytes = chunkBytes;
    this.persisted = persisted;
  }

  /**
   * Opens the store of {@code modelId} in {@code dir}, creating the directory if needed; the file
   * itself is created by the first {@link #flush()}.
   *
   * @throws StoreFormatException when the existing file is corrupt, or holds another model or
   *     dimension; the message names the file
   */
  public static EmbeddingStore open(Path dir, String modelId, int dimension) throws IOException {
    return open(dir, modelId, dimension, StoreFile.DEFAULT_CHUNK_BYTES);
  }

  /**
   * As {@link #open(Path, String, int)}, mapping vectors in slices of at most {@code chunkBytes}.
   */
  static EmbeddingStore open(Path dir, String modelId, int dimension, long chunkBytes)
      throws IOException {
    Objects.requireNonNull(dir, "dir");
    if (modelId == null || modelId.isBlank()) {
      throw new IllegalArgumentException("model id must not be blank, got '" + modelId + "'");
    }
    if (modelId.getBytes(StandardCharsets.UTF_8).length > StoreFile.MAX_ID_BYTES) {
      throw new IllegalArgumentException(
          "model id longer than " + StoreFile.MAX_ID_BYTES + " bytes: " + modelId);
    }
    if (dimension < 1 || dimension > StoreFile.MAX_DIMENSION) {
      throw new IllegalArgumentException(
          "dimension must be in 1.." + StoreFile.MAX_DIMENSION + ", got " + dimension);
    }
    Files.createDirectories(dir);
    Path file = dir.resolve(fileName(modelId));
    StoreFile persisted =
        Files.exists(file)
            ? StoreFile.map(file, modelId, dimension, chunkBytes)
            : StoreFile.empty(dimension);
    return new EmbeddingStore(file, modelId, dimension, chunkBytes, persisted);
  }

  /**
   * The file name of a model's store: the id with every character outside {@code [A-Za-z0-9._-]}
   * replaced by {@code _} (cut to 80 characters), then 8 hex digits of the id's SHA-256, since
   * sanitising alone would map {@code a/b} and {@code a:b} to the same name.
   */
  public static String fileName(String modelId) {
    String safe = modelId.replaceAll("[^A-Za-z0-9._-]", "_").replaceFirst("^\\.", "_");
    if (safe.length() > MAX_NAME_CHARS) {
      safe = safe.substring(0, MAX_NAME_CHARS);
    }
    byte[] h = TextKey.sha256().digest(modelId.getBytes(StandardCharsets.UTF_8));
    return String.format(
        java.util.Locale.ROOT, "%s-%02x%02x%02x%02x.emb", safe, h[0], h[1], h[2], h[3]);
  }

  public Path file() {
    return file;
  }

  public String modelId() {
    return modelId;
  }

  public int dimension() {
    return dimension;
  }

  /** The stored vector of {@code text} (a copy), if any; includes vectors not yet flushed. */
  public Optional<float[]> get(String text) {
    TextKey key = TextKey.of(Objects.requireNonNull(text, "text"));
    lock.readLock().lock();
    try {
      requireOpen();
      return Optional.ofNullable(lookup(key));
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Distinct texts stored, flushed or not. */
  public int size() {
    lock.readLock().lock();
    try {
      return persisted.count() + pending.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Vectors encoded since the last {@link #flush()}, which it would write. */
  public int unflushed() {
    lock.readLock().lock();
    try {
      return pending.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * {@link #getOrEncode(List, TextEncoder, int, Consumer)} silently, in batches of {@value
   * #DEFAULT_BATCH_SIZE}.
   */
  public float[][] getOrEncode(List<String> texts, TextEncoder encoder) {
    return getOrEncode(texts, encoder, DEFAULT_BATCH_SIZE, line -> {});
  }

  /**
   * {@link #getOrEncode(List, TextEncoder, int, Consumer)} in batches of {@value
   * #DEFAULT_BATCH_SIZE}.
   */
  public float[][] getOrEncode(List<String> texts, TextEncoder encoder, Consumer<String> progress) {
    return getOrEncode(texts, encoder, DEFAULT_BATCH_SIZE, progress);
  }

  /**
   * One vector per text, in input order (each a fresh array). Only texts not already stored are
   * encoded, each distinct text once, in batches of {@code batchSize}; their vectors join the store
   * in memory as each batch completes, so if the encoder fails midway the finished batches are kept
   * and the next call (or {@link #flush()}) does not lose them.
   *
   * @param progress receives a line at most every ~2 s with done/total, rate and ETA
   * @throws IllegalArgumentException when the encoder's model id or dimension is not the store's
   * @throws EncoderException when the encoder fails or returns malformed vectors
   */
  public float[][] getOrEncode(
      List<String> texts, TextEncoder encoder, int batchSize, Consumer<String> progress) {
    return getOrEncode(texts, encoder, batchSize, progress, PROGRESS_SECONDS);
  }

  float[][] getOrEncode(
      List<String> texts,
      TextEncoder encoder,
      int batchSize,
      Consumer<String> progress,
      double progressSeconds) {
    Objects.requireNonNull(progress, "progress");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    if (!encoder.modelId().equals(modelId) || encoder.dimension() != dimension) {
      throw new IllegalArgumentException(
          "encoder '"
              + encoder.modelId()
              + "' (dimension "
              + encoder.dimension()
              + ") does not match store "
              + file
              + " of '"
              + modelId
              + "' (dimension "
              + dimension
              + ")");
    }
    int n = texts.size();
    TextKey[] keys = new TextKey[n];
    for (int i = 0; i < n; i++) {
      String text = texts.get(i);
      if (text == null) {
        throw new NullPointerException("texts[" + i + "] is null");
      }
      keys[i] = TextKey.of(text);
    }
    float[][] out = new float[n][];
    Map<TextKey, String> mine = new LinkedHashMap<>();
    Map<TextKey, CompletableFuture<float[]>> theirs = new HashMap<>();
    lock.writeLock().lock();
    try {
      requireOpen();
      for (int i = 0; i < n; i++) {
        TextKey k = keys[i];
        if (mine.containsKey(k) || theirs.containsKey(k)) {
          continue;
        }
        out[i] = lookup(k);
        if (out[i] != null) {
          continue;
        }
        CompletableFuture<float[]> other = inFlight.get(k);
        if (other != null) {
          theirs.put(k, other);
        } else {
          mine.put(k, texts.get(i));
          inFlight.put(k, new CompletableFuture<>());
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
    Map<TextKey, float[]> encoded =
        encode(
            new ArrayList<>(mine.entrySet()),
            encoder,
            batchSize,
            new Progress("embedding with " + modelId, mine.size(), progressSeconds, progress));
    for (int i = 0; i < n; i++) {
      if (out[i] == null) {
        float[] v = encoded.get(keys[i]);
        out[i] = v != null ? v.clone() : await(theirs.get(keys[i]), keys[i]).clone();
      }
    }
    return out;
  }

  /** Encodes the entries this call owns; each finished batch is published at once. */
  private Map<TextKey, float[]> encode(
      List<Map.Entry<TextKey, String>> todo,
      TextEncoder encoder,
      int batchSize,
      Progress progress) {
    Map<TextKey, float[]> done = new HashMap<>();
    int from = 0;
    try {
      for (; from < todo.size(); from += batchSize) {
        List<Map.Entry<TextKey, String>> batch =
            todo.subList(from, Math.min(todo.size(), from + batchSize));
        List<String> batchTexts = batch.stream().map(Map.Entry::getValue).toList();
        float[][] vectors = checked(encoder.encode(batchTexts), batchTexts.size());
        List<CompletableFuture<float[]>> waiting = new ArrayList<>(batch.size());
        lock.writeLock().lock();
        try {
          requireOpen();
          for (int b = 0; b < batch.size(); b++) {
            TextKey k = batch.get(b).getKey();
            pending.put(k, vectors[b]);
            done.put(k, vectors[b]);
            waiting.add(inFlight.remove(k));
          }
        } finally {
          lock.writeLock().unlock();
        }
        for (int b = 0; b < batch.size(); b++) {
          waiting.get(b).complete(vectors[b]);
        }
        for (int b = 0; b < batch.size(); b++) {
          progress.step();
        }
      }
    } catch (Throwable t) {
      // Release the texts not encoded, so that waiting calls fail too and later calls retry them.
      List<CompletableFuture<float[]>> failed = new ArrayList<>();
      lock.writeLock().lock();
      try {
        for (Map.Entry<TextKey, String> e :
            todo.subList(Math.min(from, todo.size()), todo.size())) {
          CompletableFuture<float[]> f = inFlight.remove(e.getKey());
          if (f != null) {
            failed.add(f);
          }
        }
      } finally {
        lock.writeLock().unlock();
      }
      failed.forEach(f -> f.completeExceptionally(t));
      throw t;
    }
    return done;
  }

  /** Copies of the encoder's vectors after checking their count, length and values. */
  private float[][] checked(float[][] vectors, int expected) {
    if (vectors == null || vectors.length != expected) {
      throw new EncoderException(
          "encoder '"
              + modelId
              + "' returned "
              + (vectors == null ? "null" : vectors.length + " vectors")
              + " for "
              + expected
              + " texts");
    }
    float[][] out = new float[expected][];
    for (int i = 0; i < expected; i++) {
      float[] v = vectors[i];
      if (v == null || v.length != dimension) {
        throw new EncoderException(
            "encoder '"
                + modelId
                + "' returned a vector of "
                + (v == null ? "null" : v.length + " values")
                + " for text "
                + i
                + " of a batch, expected "
                + dimension);
      }
      for (int d = 0; d < dimension; d++) {
        if (!Float.isFinite(v[d])) {
          throw new EncoderException(
              "encoder '"
                  + modelId
                  + "' returned "
                  + v[d]
                  + " at position "
                  + d
                  + " for text "
                  + i
                  + " of a batch");
        }
      }
      out[i] = v.clone();
    }
    return out;
  }

  private float[] await(CompletableFuture<float[]> f, TextKey key) {
    try {
      return f.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new EncoderException(
          "a concurrent call encoding the same text (key "
              + key
              + ") failed: "
              + cause.getMessage(),
          cause);
    }
  }

  /** A copy of the stored vector, or null. Caller holds a lock. */
  private float[] lookup(TextKey key) {
    float[] v = pending.get(key);
    if (v != null) {
      return v.clone();
    }
    int row = persisted.find(key);
    return row < 0 ? null : persisted.vector(row);
  }

  /**
   * Writes every stored vector to the file, atomically replacing it; does nothing when nothing
   * changed and the file exists. Vectors encoded while it writes are kept for the next flush.
   */
  public void flush() throws IOException {
    flushLock.lock();
    try {
      StoreFile base;
      TextKey[] keys;
      float[][] vectors;
      lock.readLock().lock();
      try {
        requireOpen();
        if (pending.isEmpty() && Files.exists(file)) {
          return;
        }
        // persisted only changes under flushLock, which this thread holds: base stays current.
        base = persisted;
        keys = pending.keySet().toArray(new TextKey[0]);
        Arrays.sort(keys);
        vectors = new float[keys.length][];
        for (int i = 0; i < keys.length; i++) {
          vectors[i] = pending.get(keys[i]);
        }
      } finally {
        lock.readLock().unlock();
      }
      StoreWriter.write(file, modelId, dimension, base, keys, vectors);
      StoreFile fresh = StoreFile.map(file, modelId, dimension, chunkBytes);
      lock.writeLock().lock();
      try {
        persisted = fresh;
        for (TextKey k : keys) {
          pending.remove(k);
        }
      } finally {
        lock.writeLock().unlock();
      }
    } finally {
      flushLock.unlock();
    }
  }

  /**
   * Flushes unsaved vectors, then closes the store; later calls fail. Vectors of a run that failed
   * midway are therefore kept too: each one is a complete, valid embedding.
   */
  @Override
  public void close() throws IOException {
    lock.readLock().lock();
    try {
      if (closed) {
        return;
      }
    } finally {
      lock.readLock().unlock();
    }
    try {
      flush();
    } finally {
      lock.writeLock().lock();
      try {
        closed = true;
        pending.clear();
        persisted = StoreFile.empty(dimension);
      } finally {
        lock.writeLock().unlock();
      }
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("embedding store " + file + " is closed");
    }
  }

  @Override
  public String toString() {
    return "EmbeddingStore["
        + file
        + ", "
        + modelId
        + ", d="
        + dimension
        + ", "
        + size()
        + " vectors]";
  }
}
