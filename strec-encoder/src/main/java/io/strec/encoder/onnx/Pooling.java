package io.strec.encoder.onnx;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Locale;

/** How a sequence of token vectors becomes one text vector. */
public enum Pooling {
  /**
   * The average of the token vectors where the attention mask is 1, padding excluded (what
   * sentence-transformers does for all-MiniLM-L6-v2).
   */
  MEAN {
    @Override
    void pool(
        FloatBuffer hidden,
        int offset,
        LongBuffer mask,
        int maskOffset,
        int length,
        float[] row,
        float[] out) {
      int dim = out.length;
      java.util.Arrays.fill(out, 0f);
      int count = 0;
      for (int t = 0; t < length; t++) {
        if (mask.get(maskOffset + t) == 0) {
          continue;
        }
        hidden.get(offset + t * dim, row, 0, dim);
        for (int d = 0; d < dim; d++) {
          out[d] += row[d];
        }
        count++;
      }
      // sentence-transformers clamps the count at 1e-9; an all-masked row (impossible with
      // [CLS]/[SEP] added) then stays zero instead of becoming NaN.
      float inv = 1f / Math.max(count, 1e-9f);
      for (int d = 0; d < dim; d++) {
        out[d] *= inv;
      }
    }
  },
  /** The vector of the first token ({@code [CLS]}), as BGE specifies. */
  CLS {
    @Override
    void pool(
        FloatBuffer hidden,
        int offset,
        LongBuffer mask,
        int maskOffset,
        int length,
        float[] row,
        float[] out) {
      hidden.get(offset, out, 0, out.length);
    }
  };

  /**
   * Pools one text.
   *
   * @param hidden the last hidden state, [batch, length, dim] row-major
   * @param offset index in {@code hidden} of this text's first token
   * @param mask the attention mask, [batch, length]
   * @param maskOffset index in {@code mask} of this text's first token
   * @param length the padded sequence length
   * @param row scratch of {@code dim} floats
   * @param out receives the pooled vector; its length is the dimension
   */
  abstract void pool(
      FloatBuffer hidden,
      int offset,
      LongBuffer mask,
      int maskOffset,
      int length,
      float[] row,
      float[] out);

  /** The lower-case name used in specs and model ids. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code mean} or {@code cls}, ignoring case. */
  public static Pooling parse(String s) {
    for (Pooling p : values()) {
      if (p.name().equalsIgnoreCase(s)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown pooling '" + s + "': expected mean or cls");
  }
}
