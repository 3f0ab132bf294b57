package io.strec.encoder.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Principal component analysis: {@code y_j = v_j . (x - mean)} for the eigenvectors {@code v_j} of
 * the population covariance with the k largest eigenvalues, in descending order, each signed so
 * that its largest-magnitude component is positive (see {@link SymmetricEigen}), which makes the
 * projection reproducible. Whitened PCA further divides {@code y_j} by {@code sqrt(lambda_j +
 * epsilon)}, giving the training vectors identity covariance in k dimensions.
 *
 * <p>File payload: whiten (int32 0/1), epsilon, total variance, mean[d], lambda[k], v[k][d], the
 * doubles as float64.
 */
public final class Pca implements VectorTransform {
  static final String KIND = "pca";

  private final boolean whiten;
  private final double epsilon;
  private final double totalVariance;
  private final double[] mean;
  private final double[] variances;
  private final double[][] components;
  private final double[] divisor;

  private Pca(
      boolean whiten,
      double epsilon,
      double totalVariance,
      double[] mean,
      double[] variances,
      double[][] components) {
    this.whiten = whiten;
    this.epsilon = epsilon;
    this.totalVariance = totalVariance;
    this.mean = mean;
    this.variances = variances;
    this.components = components;
    this.divisor = new double[variances.length];
    double[] inv = whiten ? Whitening.inverseSqrt(variances, epsilon, "whitened pca") : null;
    for (int j = 0; j < variances.length; j++) {
      divisor[j] = whiten ? 1 / inv[j] : 1;
    }
  }

  /** The top-{@code k} principal components of {@code x}, {@code 1 <= k <= d}. */
  public static Pca fit(float[][] x, int k) {
    return fit(x, k, false, 0);
  }

  /**
   * As {@link #fit}, and scales each component to unit variance on the training vectors.
   *
   * @param epsilon added to each kept eigenvalue before the square root, {@code >= 0}
   * @throws IllegalArgumentException when a kept eigenvalue is (numerically) zero and epsilon is 0
   */
  public static Pca fitWhitened(float[][] x, int k, double epsilon) {
    if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be finite and >= 0, got " + epsilon);
    }
    return fit(x, k, true, epsilon);
  }

  private static Pca fit(float[][] x, int k, boolean whiten, double epsilon) {
    double[] mean = Moments.mean(x);
    int d = mean.length;
    if (k < 1 || k > d) {
      throw new IllegalArgumentException(
          "pca keeps 1.." + d + " components of " + d + "-dimensional vectors, asked for " + k);
    }
    SymmetricEigen eig = SymmetricEigen.of(Moments.covariance(x, mean));
    double[] lambda = eig.values();
    double[][] v = eig.vectors();
    double total = 0;
    for (double l : lambda) {
      total += Math.max(l, 0);
    }
    double[] variances = new double[k];
    double[][] components = new double[k][];
    for (int j = 0; j < k; j++) {
      variances[j] = lambda[j];
      components[j] = v[j];
    }
    return new Pca(whiten, epsilon, total, mean, variances, components);
  }

  @Override
  public float[] apply(float[] v) {
    int d = mean.length;
    Moments.checkInput(v, d, KIND);
    double[] centred = new double[d];
    for (int c = 0; c < d; c++) {
      centred[c] = v[c] - mean[c];
    }
    float[] out = new float[components.length];
    for (int j = 0; j < components.length; j++) {
      double[] comp = components[j];
      double s = 0;
      for (int c = 0; c < d; c++) {
        s += comp[c] * centred[c];
      }
      out[j] = (float) (s / divisor[j]);
    }
    return out;
  }

  public boolean whitened() {
    return whiten;
  }

  /** The training means (a copy). */
  public double[] mean() {
    return mean.clone();
  }

  /** Variance of the training vectors along each kept component, descending (a copy). */
  public double[] explainedVariance() {
    return variances.clone();
  }

  /** Share of the training vectors' total variance the kept components hold, in [0, 1]. */
  public double explainedVarianceRatio() {
    double kept = 0;
    for (double l : variances) {
      kept += Math.max(l, 0);
    }
    return totalVariance > 0 ? kept / totalVariance : 1;
  }

  /** The unit components as rows (a copy). */
  public double[][] components() {
    double[][] out = new double[components.length][];
    for (int j = 0; j < components.length; j++) {
      out[j] = components[j].clone();
    }
    return out;
  }

  @Override
  public int inputDimension() {
    return mean.length;
  }

  @Override
  public int outputDimension() {
    return components.length;
  }

  @Override
  public String describe() {
    return String.format(
        Locale.ROOT,
        "pca(%d -> %d, %.1f%% of variance%s)",
        mean.length,
        components.length,
        100 * explainedVarianceRatio(),
        whiten ? String.format(Locale.ROOT, ", whitened, epsilon=%g", epsilon) : "");
  }

  @Override
  public void write(Path file) throws IOException {
    TransformFile.write(
        file,
        KIND,
        mean.length,
        components.length,
        out -> {
          out.putInt(whiten ? 1 : 0);
          out.putDouble(epsilon);
          out.putDouble(totalVariance);
          out.putDoubles(mean);
          out.putDoubles(variances);
          for (double[] row : components) {
            out.putDoubles(row);
          }
        });
  }

  static Pca readPayload(BinaryInput in, int d, int k) throws StoreFormatException {
    int flag = in.getInt("whiten flag");
    if (flag != 0 && flag != 1) {
      throw in.corrupt("whiten flag is " + flag + ", expected 0 or 1");
    }
    double epsilon = in.getDouble("epsilon");
    double total = in.getDouble("total variance");
    double[] mean = in.getDoubles(d, "mean");
    double[] variances = in.getDoubles(k, "explained variance");
    double[][] components = in.getMatrix(k, d, "components");
    try {
      return new Pca(flag == 1, epsilon, total, mean, variances, components);
    } catch (IllegalArgumentException e) {
      throw in.corrupt(e.getMessage());
    }
  }

  @Override
  public String toString() {
    return describe();
  }
}
