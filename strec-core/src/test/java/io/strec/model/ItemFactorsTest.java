package io.strec.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The candidate stage's inner product against the same sum taken in double precision. */
class ItemFactorsTest {
  @Test
  void dotPlusBiasIsTheInnerProductPlusTheBiasAtEveryDimension() {
    Random rnd = new Random(5);
    for (int dim = 1; dim <= 70; dim++) {
      int n = 7;
      float[] vectors = new float[n * dim];
      float[] bias = new float[n];
      for (int j = 0; j < vectors.length; j++) {
        vectors[j] = (float) rnd.nextGaussian();
      }
      for (int i = 0; i < n; i++) {
        bias[i] = (float) rnd.nextGaussian();
      }
      float[] user = new float[dim];
      for (int j = 0; j < dim; j++) {
        user[j] = (float) rnd.nextGaussian();
      }
      FactoredModel.ItemFactors f = new FactoredModel.ItemFactors(dim, vectors, bias);
      for (int i = 0; i < n; i++) {
        double want = bias[i];
        double magnitude = Math.abs(bias[i]);
        for (int j = 0; j < dim; j++) {
          want += (double) user[j] * vectors[i * dim + j];
          magnitude += Math.abs((double) user[j] * vectors[i * dim + j]);
        }
        // float sums of dim + 1 terms: a few ulps of the summed magnitudes
        assertEquals(want, f.dotPlusBias(user, i), 1e-6 * magnitude, "dim " + dim + ", item " + i);
      }
    }
  }
}
