package io.strec.stm.nn;

/**
 * {@link BiasedAttention} over one window in float32 arrays, for the Java forward pass ({@link
 * QueryForward}): the same logits {@code q k^T / sqrt(d_h) + T[bucket_t] + D[bucket_d] + (allowed -
 * 1) 1e9}, softmax over the keys, heads concatenated and projected by {@code wo}.
 *
 * <p>A disallowed key's logit is {@code -1e9} plus a few units, whose exponential after the
 * softmax's shift by the row maximum is exactly 0 in float32 whenever the row allows some key; such
 * keys are skipped instead of exponentiated. A row allowing none (which the batch builder never
 * makes) takes the engine's arithmetic in full.
 *
 * @param wq query projection (d x d) by rows ({@link FloatOps#rows}); likewise {@code wk}, {@code
 *     wv}, {@code wo}
 * @param timeTable bias per time bucket and head (buckets x heads)
 * @param distTable bias per distance bucket and head (buckets x heads)
 */
record FloatAttention(
    float[][] wq,
    float[][] wk,
    float[][] wv,
    float[][] wo,
    float[] timeTable,
    float[] distTable,
    int d,
    int heads) {
  FloatAttention {
    if (heads < 1 || d % heads != 0) {
      throw new IllegalArgumentException(heads + " heads do not divide the width " + d);
    }
    for (float[][] w : java.util.List.of(wq, wk, wv, wo)) {
      if (w.length != d || w[0].length != d) {
        throw new IllegalArgumentException(
            "attention projection of " + w.length + " x " + w[0].length + ", width " + d);
      }
    }
  }

  /**
   * Attends {@code lq} query rows over {@code lk} key rows.
   *
   * @param xq queries' input (lq x d)
   * @param xk keys' and values' input, rows {@code [kOff / d, kOff / d + lk)} of {@code xk}
   * @param timeBucket bucket of pair (i, j) at {@code pairOff + i * pairStride + j}; likewise
   *     {@code distBucket} and {@code allowed} (1 where query i may attend to key j)
   * @param out receives the output (lq x d), overwritten
   * @param weights receives the weights (heads x lq x lk), or null when not wanted
   */
  void apply(
      float[] xq,
      int lq,
      float[] xk,
      int kOff,
      int lk,
      long[] timeBucket,
      long[] distBucket,
      float[] allowed,
      int pairOff,
      int pairStride,
      float[] out,
      float[] weights) {
    int dh = d / heads;
    float scale = (float) (1 / Math.sqrt(dh));
    float[] q = new float[lq * d];
    float[] k = new float[lk * d];
    float[] v = new float[lk * d];
    float[] joined = new float[lq * d];
    float[] row = new float[lk];
    FloatOps.matMul(xq, 0, lq, wq, q);
    FloatOps.matMul(xk, kOff, lk, wk, k);
    FloatOps.matMul(xk, kOff, lk, wv, v);
    for (int h = 0; h < heads; h++) {
      int c0 = h * dh;
      for (int i = 0; i < lq; i++) {
        int pairs = pairOff + i * pairStride;
        boolean any = false;
        for (int j = 0; j < lk; j++) {
          any |= allowed[pairs + j] != 0f;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < lk; j++) {
          if (any && allowed[pairs + j] == 0f) {
            continue;
          }
          float dot = 0f;
          for (int c = 0; c < dh; c++) {
            dot += q[i * d + c0 + c] * k[j * d + c0 + c];
          }
          float s = dot * scale;
          s += timeTable[(int) timeBucket[pairs + j] * heads + h];
          s += distTable[(int) distBucket[pairs + j] * heads + h];
          s += (allowed[pairs + j] - 1f) * 1e9f;
          row[j] = s;
          max = Math.max(max, s);
        }
        float sum = 0f;
        for (int j = 0; j < lk; j++) {
          if (any && allowed[pairs + j] == 0f) {
            row[j] = 0f;
            continue;
          }
          row[j] = (float) Math.exp(row[j] - max);
          sum += row[j];
        }
        int o = i * d + c0;
        for (int j = 0; j < lk; j++) {
          float a = row[j] / sum;
          if (weights != null) {
            weights[(h * lq + i) * lk + j] = a;
          }
          if (a == 0f) {
            continue;
          }
          int vj = j * d + c0;
          for (int c = 0; c < dh; c++) {
            joined[o + c] += a * v[vj + c];
          }
        }
      }
    }
    FloatOps.matMul(joined, 0, lq, wo, out);
  }
}
