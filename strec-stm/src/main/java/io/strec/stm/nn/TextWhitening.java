package io.strec.stm.nn;

import ai.djl.ndarray.NDArray;
import io.strec.encoder.store.Whitening;
import io.strec.stm.data.ItemText;
import io.strec.stm.data.UnitRows;
import io.strec.util.SuppressForbidden;
import java.util.List;

/**
 * The text adaptor's input under {@code textInput=whitened}: an item's unit language-model vector
 * {@code x} becomes {@code (x - m) W}, with {@code m} the mean and {@code W = (C + eps I)^(-1/2)}
 * the ZCA whitening of the covariance {@code C} of the catalogue's unit vectors the network was
 * fitted on ({@link Whitening}); an item without text (a zero vector) stays zero.
 *
 * <p>Sentence encoders' vectors share a common direction and spread over a few others: unit rows of
 * 384 numbers of about 0.05 each, whose differences between items are smaller still. Whitened, each
 * direction the catalogue varies in has unit variance, so the adaptor's first layer, drawn with the
 * usual {@code 1 / sqrt(D)} scale, starts with pre-activations of order one and its gradient sees
 * every direction alike. {@code eps} = {@value #EPSILON} (on unit vectors, whose covariance has a
 * trace of at most 1) damps the directions of the smallest variance, mostly noise.
 *
 * <p>A text unlike the catalogue's has large parts along the directions the catalogue hardly varies
 * in, which the whitening multiplies most (up to {@code 1 / sqrt(eps)}): its whitened vector could
 * be several times longer than any the network was fitted on, and the item's score as extreme.
 * Whitened vectors are therefore shortened to at most the longest of the fitted catalogue's (plus
 * 0.01 %, so that none of those is changed): an item the network has not seen is scored within the
 * range its weights were fitted on.
 *
 * <p>{@code m}, {@code W} and the cap are {@link Params#fixed fixed arrays} of the network ({@value
 * #MEAN}, {@value #MATRIX}, {@value #CAP}): fitted once with the network's first weights, saved and
 * read with them, and never trained, so the items a served model adds later are whitened as the
 * fitted ones were.
 */
public final class TextWhitening {
  /** Name of the fixed mean, shape (D). */
  public static final String MEAN = "text.white.mean";

  /** Name of the fixed whitening matrix, shape (D, D), symmetric. */
  public static final String MATRIX = "text.white.w";

  /** Name of the fixed largest length of a whitened vector, shape (1). */
  public static final String CAP = "text.white.cap";

  /** Added to every eigenvalue of the unit vectors' covariance. */
  public static final double EPSILON = 1e-4;

  /** Most rows the covariance is computed from; larger catalogues are sampled evenly. */
  static final int MAX_ROWS = 65_536;

  private TextWhitening() {}

  /**
   * Declares the fixed mean and matrix in {@code params}: fitted to the unit rows of {@code text}
   * when {@code fit}, else placeholders whose values will be read. Fewer than two items with text
   * give the identity (zero mean, {@code W = I}): there is no spread to whiten.
   */
  public static void declare(Params params, ItemText text, boolean fit) {
    int dim = text.dim();
    float[] mean = new float[dim];
    float[] matrix = new float[dim * dim];
    float[] cap = {1f};
    if (fit) {
      List<float[]> rows = UnitRows.sample(text, text.size(), MAX_ROWS);
      if (rows.size() < 2) {
        for (int k = 0; k < dim; k++) {
          matrix[k * dim + k] = 1f;
        }
      } else {
        Whitening w = Whitening.fit(rows.toArray(new float[0][]), EPSILON);
        double[] m = w.mean();
        double[][] wm = w.matrix();
        for (int i = 0; i < dim; i++) {
          mean[i] = (float) m[i];
          for (int j = 0; j < dim; j++) {
            matrix[i * dim + j] = (float) wm[i][j];
          }
        }
        cap[0] = (float) (longest(rows, w) * (1 + 1e-4));
      }
    }
    params.fixed(MEAN, mean, dim);
    params.fixed(MATRIX, matrix, dim, dim);
    params.fixed(CAP, cap, 1);
  }

  /** The largest length of a whitened row of {@code rows}. */
  private static double longest(List<float[]> rows, Whitening w) {
    double most = 0;
    for (float[] x : rows) {
      double sq = 0;
      for (float y : w.apply(x)) {
        sq += (double) y * y;
      }
      most = Math.max(most, sq);
    }
    return Math.sqrt(most);
  }

  /**
   * {@code (x - m) W} for each row of the unit rows {@code x} (n, D), shortened to at most {@code
   * cap}, zero rows kept zero; the result belongs to {@code x}'s manager and carries no gradient to
   * the fixed arrays.
   */
  @SuppressForbidden(
      reason =
          "the text rows and the fixed arrays carry no gradient: nothing here has a backward pass")
  static NDArray apply(NDArray x, NDArray mean, NDArray matrix, NDArray cap) {
    try (NDArray m = mean.stopGradient();
        NDArray w = matrix.stopGradient();
        NDArray most = cap.stopGradient();
        NDArray centred = x.sub(m);
        NDArray whitened = centred.matMul(w);
        NDArray length = whitened.norm(new int[] {1}, true);
        NDArray atLeast = length.maximum(1e-12f);
        NDArray ratio = most.div(atLeast);
        NDArray shorten = ratio.minimum(1f);
        NDArray abs = x.abs();
        NDArray sum = abs.sum(new int[] {1}, true);
        NDArray positive = sum.gt(0);
        NDArray nonZero = positive.toType(x.getDataType(), false);
        NDArray factor = shorten.mul(nonZero)) {
      return whitened.mul(factor);
    }
  }

  /** {@link #apply(NDArray, NDArray, NDArray, NDArray)} with the fixed arrays of {@code params}. */
  static NDArray apply(NDArray x, Params params) {
    return apply(x, params.get(MEAN), params.get(MATRIX), params.get(CAP));
  }
}
