package io.strec.bench;

import io.strec.encoder.store.Whitening;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The whitening of a catalogue's text vectors ({@link Whitening#apply}, which the text-neighbour
 * lists of {@code neighbourText=whitened} map every item through, at a fit and when items are added
 * to a fitted model), against the reference measured in the same run: the row-by-row dot products
 * {@code sum_j W[i][j] (x[j] - mean[j])} that {@code apply} computed before it added a column at a
 * time. Both give the same bits; the bench checks that too. Prints the median time to map {@code
 * --rows} seeded random unit vectors, of {@code --repeats} repeats, and the ratio.
 *
 * <pre>
 * java -cp "strec-bench/target/strec-bench-0.1.0-SNAPSHOT.jar:strec-bench/target/lib/*" \
 *   io.strec.bench.WhiteningBench [--rows 20000] [--dim 384] [--repeats 7] [--seed 1]
 * </pre>
 */
public final class WhiteningBench {
  private WhiteningBench() {}

  public static void main(String[] args) {
    int rows = 20_000;
    int dim = 384;
    int repeats = 7;
    long seed = 1;
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException(
          "usage: [--rows N] [--dim D] [--repeats R] [--seed S]; got " + String.join(" ", args));
    }
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--rows" -> rows = Integer.parseInt(args[i + 1]);
        case "--dim" -> dim = Integer.parseInt(args[i + 1]);
        case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
        case "--seed" -> seed = Long.parseLong(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    float[][] x = unitRows(rows, dim, new SplittableRandom(seed));
    Whitening w = Whitening.fit(x, 1e-3);
    double[][] m = w.matrix();
    double[] mean = w.mean();
    double[] apply = new double[repeats];
    double[] reference = new double[repeats];
    for (int r = 0; r < repeats + 1; r++) {
      long t0 = System.nanoTime();
      float[][] a = new float[rows][];
      for (int i = 0; i < rows; i++) {
        a[i] = w.apply(x[i]);
      }
      long t1 = System.nanoTime();
      float[][] b = new float[rows][];
      for (int i = 0; i < rows; i++) {
        b[i] = dotProducts(m, mean, x[i]);
      }
      long t2 = System.nanoTime();
      for (int i = 0; i < rows; i++) {
        if (!Arrays.equals(a[i], b[i])) {
          throw new IllegalStateException("apply and the reference differ at row " + i);
        }
      }
      // The first round warms the JIT and is not counted.
      if (r > 0) {
        apply[r - 1] = (t1 - t0) / 1e6;
        reference[r - 1] = (t2 - t1) / 1e6;
      }
    }
    double ma = median(apply);
    double mr = median(reference);
    System.out.printf(
        Locale.ROOT,
        "whitening %,d rows of %d-d, median of %d: apply %.1f ms, row dot products %.1f ms,"
            + " ratio %.2f (same bits)%n",
        rows,
        dim,
        repeats,
        ma,
        mr,
        mr / ma);
  }

  /** The former {@code apply}: one running dot product per output. */
  private static float[] dotProducts(double[][] m, double[] mean, float[] v) {
    int d = mean.length;
    double[] centred = new double[d];
    for (int c = 0; c < d; c++) {
      centred[c] = v[c] - mean[c];
    }
    float[] out = new float[d];
    for (int i = 0; i < d; i++) {
      double[] row = m[i];
      double s = 0;
      for (int j = 0; j < d; j++) {
        s += row[j] * centred[j];
      }
      out[i] = (float) s;
    }
    return out;
  }

  private static float[][] unitRows(int n, int d, SplittableRandom rnd) {
    float[][] x = new float[n][d];
    // A shared direction plus noise, as a sentence encoder's vectors of one catalogue are.
    for (float[] row : x) {
      double norm = 0;
      for (int j = 0; j < d; j++) {
        row[j] = (float) ((j < 8 ? 1.0 : 0.0) + 0.5 * rnd.nextGaussian());
        norm += (double) row[j] * row[j];
      }
      float s = (float) (1 / Math.sqrt(norm));
      for (int j = 0; j < d; j++) {
        row[j] *= s;
      }
    }
    return x;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
