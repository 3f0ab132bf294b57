package io.strec.stm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * Item vectors from the frozen language-model vector and a learned ID embedding:
 *
 * <pre>
 *   e_i = adaptor(t_i) + g_i * seen_i * id_i,   adaptor(t) = W2 gelu(W1 t + b1) + b2,
 *   g_i = sigmoid(a * log(1 + count_i) + c)
 * </pre>
 *
 * The gate grows with how often the item was seen in training, so rare items lean on their text;
 * items never seen in training ({@code seen_i = 0}) use the text alone, since their ID vector was
 * never trained on a positive example.
 */
public final class ItemEncoder {
  private ItemEncoder() {}

  /**
   * The item vectors {@code e_i} of the formula above, for n items at once.
   *
   * @param text (n, D) frozen language-model vectors, or null when text is switched off
   * @param id (n, d) ID embeddings, or null when the ID part is switched off
   * @param logCount (n, 1) log(1 + training count)
   * @param seen (n, 1) 1 for items seen in training, else 0
   * @param gateA scalar (1) slope of the gate in the log count
   * @param gateC scalar (1) offset of the gate
   * @return (n, d) item vectors
   */
  public static NDArray apply(
      NDArray text,
      NDArray w1,
      NDArray b1,
      NDArray w2,
      NDArray b2,
      NDArray id,
      NDArray logCount,
      NDArray seen,
      NDArray gateA,
      NDArray gateC) {
    NDArray fromText =
        text == null ? null : Layers.linear(Activation.gelu(Layers.linear(text, w1, b1)), w2, b2);
    if (id == null) {
      return fromText;
    }
    NDArray gate = Activation.sigmoid(logCount.mul(gateA).add(gateC)).mul(seen);
    NDArray fromId = id.mul(gate);
    return fromText == null ? fromId : fromText.add(fromId);
  }
}
