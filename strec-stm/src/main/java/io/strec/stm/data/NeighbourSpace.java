package io.strec.stm.data;

import io.strec.encoder.store.Whitening;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The space the text-neighbour lists ({@link TextNeighbours}) are sought in under {@code
 * neighbourText=whitened}: an item's unit vector {@code x} becomes {@code (x - m) W}, the ZCA
 * whitening ({@link Whitening}, {@code eps} = {@value #EPSILON}) of the unit vectors of the
 * catalogue the model was fitted on, and the neighbours are the items of largest cosine there.
 *
 * <p>Sentence encoders' vectors of one catalogue share a direction and spread over a few others, so
 * the raw cosine of two items is mostly the shared part: items of a catalogue of scientific
 * supplies are all "similar". Whitened, each direction the catalogue varies in counts alike, and
 * the nearest items are those that agree on what sets them apart. The damping is ten times the text
 * adaptor's ({@link io.strec.stm.nn.TextWhitening}): a cosine over all directions is more easily
 * led by the many directions of least variance, mostly noise, than a trained layer is.
 *
 * <p>The transform is not kept with a saved model: it is fitted again, to the same rows with the
 * same arithmetic, from the text of the items a model was fitted on, which a grown model keeps
 * ahead of the items added to it, so the lists of added items are sought in the same space.
 */
public final class NeighbourSpace {
  /** Added to every eigenvalue of the unit vectors' covariance. */
  public static final double EPSILON = 1e-3;

  /** Most rows the covariance is computed from; larger catalogues are sampled evenly. */
  static final int MAX_ROWS = 65_536;

  private NeighbourSpace() {}

  /** The vectors as they are: the lists are those of their cosine. */
  public static UnaryOperator<float[]> unit() {
    return UnaryOperator.identity();
  }

  /**
   * The whitening fitted to the non-zero unit rows among the first {@code fitted} rows of {@code
   * text} (at most {@value #MAX_ROWS} of them, taken at an even stride), as a function of one row:
   * a zero row stays zero. Fewer than two rows with text give the vectors as they are.
   */
  public static UnaryOperator<float[]> whitened(ItemText text, int fitted) {
    if (fitted < 0 || fitted > text.size()) {
      throw new IllegalArgumentException(
          "fitted items " + fitted + " out of the " + text.size() + " text rows");
    }
    List<float[]> rows = UnitRows.sample(text, fitted, MAX_ROWS);
    if (rows.size() < 2) {
      return unit();
    }
    Whitening w = Whitening.fit(rows.toArray(new float[0][]), EPSILON);
    int dim = text.dim();
    return row -> UnitRows.isZero(row) ? row : w.apply(UnitRows.unit(row.clone(), dim));
  }

  /** {@code rows} mapped by {@code space}, in a new array. */
  public static float[][] map(float[][] rows, UnaryOperator<float[]> space) {
    float[][] out = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = space.apply(rows[i]);
    }
    return out;
  }
}
