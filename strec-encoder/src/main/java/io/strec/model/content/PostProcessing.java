package io.strec.model.content;

import io.strec.encoder.store.Pca;
import io.strec.encoder.store.Standardize;
import io.strec.encoder.store.VectorTransform;
import io.strec.encoder.store.Whitening;
import io.strec.util.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Post-processing of frozen embeddings, fitted on the catalogue's non-zero item vectors: {@code
 * none}, {@code standardize}, {@code whiten}, {@code pca:K} or {@code pca-whiten:K}. Whitening
 * removes the dominant common directions that make all sentence vectors look alike.
 */
record PostProcessing(String kind, int k) {
  static final double EPSILON = 1e-6;

  static PostProcessing parse(String spec) {
    String s = spec.trim();
    if (s.equals("none") || s.equals("standardize") || s.equals("whiten")) {
      return new PostProcessing(s, 0);
    }
    int colon = s.indexOf(':');
    if (colon > 0 && (s.startsWith("pca:") || s.startsWith("pca-whiten:"))) {
      try {
        int k = Integer.parseInt(s.substring(colon + 1));
        if (k >= 1) {
          return new PostProcessing(s.substring(0, colon), k);
        }
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw new BadInputException(
        "embedding post-processing '"
            + spec
            + "' must be none, standardize, whiten, pca:K or pca-whiten:K with K >= 1");
  }

  /** The transform fitted on the non-zero rows of {@code vectors}, or empty for {@code none}. */
  Optional<VectorTransform> fit(float[][] vectors) {
    if (kind.equals("none")) {
      return Optional.empty();
    }
    List<float[]> rows = new ArrayList<>();
    for (float[] v : vectors) {
      if (!isZero(v)) {
        rows.add(v);
      }
    }
    float[][] x = rows.toArray(new float[0][]);
    if (x.length < 2) {
      throw new BadInputException(
          "embedding post-processing "
              + kind
              + " needs at least 2 items with text, have "
              + x.length);
    }
    return Optional.of(
        switch (kind) {
          case "standardize" -> Standardize.fit(x);
          case "whiten" -> Whitening.fit(x, EPSILON);
          case "pca" -> Pca.fit(x, Math.min(k, x[0].length));
          case "pca-whiten" -> Pca.fitWhitened(x, Math.min(k, x[0].length), EPSILON);
          default -> throw new IllegalStateException(kind);
        });
  }

  static boolean isZero(float[] v) {
    for (float x : v) {
      if (x != 0f) {
        return false;
      }
    }
    return true;
  }

  /** Applies {@code t} to a vector, keeping zero vectors (no text) at zero. */
  static float[] apply(Optional<VectorTransform> t, float[] v) {
    if (t.isEmpty()) {
      return v;
    }
    return isZero(v) ? new float[t.get().outputDimension()] : t.get().apply(v);
  }
}
