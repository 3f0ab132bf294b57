package io.strec.encoder;

import java.util.List;

/**
 * Encodes texts into fixed-size float vectors with a pretrained language model. Instances hold
 * native or network resources: close them. {@link #encode} is safe to call from several threads.
 */
public interface TextEncoder extends AutoCloseable {
  /**
   * A stable identifier of the model and its settings (pooling, normalisation, dimension), used to
   * key stored embeddings; two encoders with the same id give the same vectors.
   */
  String modelId();

  /** Length of every vector {@link #encode} returns. */
  int dimension();

  /**
   * Encodes a batch; the result has one vector of {@link #dimension()} floats per text, in order.
   *
   * @throws EncoderException when the model or endpoint fails, with the reason
   */
  float[][] encode(List<String> texts);

  @Override
  void close();
}
