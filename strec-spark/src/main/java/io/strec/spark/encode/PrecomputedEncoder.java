package io.strec.spark.encode;

import io.strec.encoder.EncoderException;
import io.strec.encoder.TextEncoder;
import java.util.List;
import java.util.Map;

/**
 * The vectors the executors computed, seen as an encoder of the same model id and dimension, so
 * that {@link io.strec.encoder.store.EmbeddingStore#getOrEncode} files them under their texts with
 * its own checks: a text it asks for that no executor encoded is an error, never a zero vector.
 */
final class PrecomputedEncoder implements TextEncoder {
  private final String modelId;
  private final int dimension;
  private final Map<String, float[]> vectors;

  PrecomputedEncoder(String modelId, int dimension, Map<String, float[]> vectors) {
    this.modelId = modelId;
    this.dimension = dimension;
    this.vectors = vectors;
  }

  @Override
  public String modelId() {
    return modelId;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public float[][] encode(List<String> texts) {
    float[][] out = new float[texts.size()][];
    for (int i = 0; i < out.length; i++) {
      float[] v = vectors.get(texts.get(i));
      if (v == null) {
        throw new EncoderException(
            "no executor encoded the text '"
                + texts.get(i).substring(0, Math.min(60, texts.get(i).length()))
                + "'");
      }
      out[i] = v;
    }
    return out;
  }

  @Override
  public void close() {}
}
