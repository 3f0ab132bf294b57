package io.strec.encoder.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A fixed map from vectors to vectors, fitted once on a catalogue's embeddings (e.g. {@link
 * Standardize}, {@link Whitening}, {@link Pca}) and then applied to every vector, catalogue or
 * query alike. Implementations are immutable and safe to share between threads.
 */
public interface VectorTransform {
  /** The transformed vector, a new array of {@link #outputDimension()} values. */
  float[] apply(float[] vector);

  /** Length of the vectors {@link #apply} accepts. */
  int inputDimension();

  /** Length of the vectors {@link #apply} returns. */
  int outputDimension();

  /** One line for logs and provenance, e.g. {@code pca(768 -> 128, 61.2% of variance)}. */
  String describe();

  /**
   * Saves the fitted parameters to {@code file} (replaced atomically); {@link #read} loads them.
   */
  void write(Path file) throws IOException;

  /** {@link #apply} on each vector. */
  default float[][] applyAll(float[][] vectors) {
    float[][] out = new float[vectors.length][];
    for (int i = 0; i < vectors.length; i++) {
      out[i] = apply(vectors[i]);
    }
    return out;
  }

  /**
   * Loads a transform written by {@link #write}, whatever its kind.
   *
   * @throws StoreFormatException when the file is damaged or of an unknown kind or version
   */
  static VectorTransform read(Path file) throws IOException {
    return TransformFile.read(file);
  }
}
