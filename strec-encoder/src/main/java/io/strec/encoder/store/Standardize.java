package io.strec.encoder.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Per-dimension standardisation {@code (x - mean) / std}, with the population std (divide by n), so
 * the training vectors come out with mean 0 and variance 1 in every dimension. A dimension that is
 * constant in the training data keeps divisor 1 (it is only centred), as scikit-learn does.
 *
 * <p>File payload: mean[d], divisor[d] as float64.
 */
public final class Standardize implements VectorTransform {
  static final String KIND = "standardize";

  private final double[] mean;
  private final double[] divisor;

  private Standardize(double[] mean, double[] divisor) {
    this.mean = mean;
    this.divisor = divisor;
  }

  public static Standardize fit(float[][] x) {
    double[] mean = Moments.mean(x);
    int d = mean.length;
    double[] sumSq = new double[d];
    boolean[] varies = new boolean[d];
    for (float[] row : x) {
      for (int c = 0; c < d; c++) {
        double dev = row[c] - mean[c];
        sumSq[c] += dev * dev;
        varies[c] |= row[c] != x[0][c];
      }
    }
    double[] divisor = new double[d];
    for (int c = 0; c < d; c++) {
      // Test for constancy on the data, not on the std: the mean of equal floats can round and
      // leave a spurious std of 1e-17 that would blow the dimension up.
      divisor[c] = varies[c] ? Math.sqrt(sumSq[c] / x.length) : 1;
    }
    return new Standardize(mean, divisor);
  }

  @Override
  public float[] apply(float[] v) {
    Moments.checkInput(v, mean.length, KIND);
    float[] out = new float[v.length];
    for (int c = 0; c < v.length; c++) {
      out[c] = (float) ((v[c] - mean[c]) / divisor[c]);
    }
    return out;
  }

  /** The training means (a copy). */
  public double[] mean() {
    return mean.clone();
  }

  /** The divisors: the training std, or 1 for a constant dimension (a copy). */
  public double[] divisor() {
    return divisor.clone();
  }

  @Override
  public int inputDimension() {
    return mean.length;
  }

  @Override
  public int outputDimension() {
    return mean.length;
  }

  @Override
  public String describe() {
    int constant = 0;
    for (int c = 0; c < divisor.length; c++) {
      constant += divisor[c] == 1 ? 1 : 0;
    }
    return String.format(
        Locale.ROOT, "standardize(d=%d, %d dimensions with divisor 1)", mean.length, constant);
  }

  @Override
  public void write(Path file) throws IOException {
    TransformFile.write(
        file,
        KIND,
        mean.length,
        mean.length,
        out -> {
          out.putDoubles(mean);
          out.putDoubles(divisor);
        });
  }

  static Standardize readPayload(BinaryInput in, int d, int k) throws StoreFormatException {
    if (k != d) {
      throw in.corrupt(KIND + " must keep the dimension, file says " + d + " -> " + k);
    }
    double[] mean = in.getDoubles(d, "mean");
    double[] divisor = in.getDoubles(d, "divisor");
    for (int c = 0; c < d; c++) {
      if (!Double.isFinite(mean[c]) || !(divisor[c] > 0) || !Double.isFinite(divisor[c])) {
        throw in.corrupt("dimension " + c + " has mean " + mean[c] + " and divisor " + divisor[c]);
      }
    }
    return new Standardize(mean, divisor);
  }

  @Override
  public String toString() {
    return describe();
  }
}
