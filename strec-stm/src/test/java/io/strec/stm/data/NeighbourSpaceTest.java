package io.strec.stm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.encoder.store.Whitening;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The whitened space of the text-neighbour search: the encoder's whitening of the fitted items'
 * unit vectors, fitted to those items alone, zero rows kept zero.
 */
class NeighbourSpaceTest {
  private static final int DIM = 6;

  /** Rows sharing a large common direction, with some zero rows (items without text). */
  private static float[][] rows(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] out = new float[n][DIM];
    for (int i = 0; i < n; i++) {
      if (i % 7 == 3) {
        continue;
      }
      for (int k = 0; k < DIM; k++) {
        out[i][k] = (float) ((k == 0 ? 5 : 0) + r.nextGaussian() * (k + 1) * 0.3);
      }
    }
    return out;
  }

  @Test
  void theSpaceIsTheWhiteningOfTheFittedItemsUnitVectors() {
    float[][] v = rows(40, 1);
    int fitted = 30;
    List<float[]> unit = new ArrayList<>();
    for (int i = 0; i < fitted; i++) {
      float[] u = UnitRows.unit(v[i].clone(), DIM);
      if (!UnitRows.isZero(u)) {
        unit.add(u);
      }
    }
    Whitening reference = Whitening.fit(unit.toArray(new float[0][]), NeighbourSpace.EPSILON);
    UnaryOperator<float[]> space = NeighbourSpace.whitened(ItemText.of(v), fitted);
    for (int i = 0; i < v.length; i++) {
      float[] before = v[i].clone();
      float[] got = space.apply(v[i]);
      assertArrayEquals(before, v[i], "the row itself is not changed, " + i);
      if (UnitRows.isZero(v[i])) {
        assertArrayEquals(new float[DIM], got, "a row without text stays zero, " + i);
      } else {
        assertArrayEquals(reference.apply(UnitRows.unit(v[i].clone(), DIM)), got, 1e-6f, "" + i);
      }
    }
    // The rows after the fitted ones (items added later) do not move the space.
    float[][] changed = v.clone();
    for (int i = fitted; i < v.length; i++) {
      changed[i] = rows(1, 100 + i)[0];
    }
    UnaryOperator<float[]> again = NeighbourSpace.whitened(ItemText.of(changed), fitted);
    for (int i = 0; i < v.length; i++) {
      assertArrayEquals(space.apply(v[i]), again.apply(v[i]), "row " + i);
    }
  }

  /** The common direction no longer decides the cosine: whitened, the fitted rows' mean is zero. */
  @Test
  void theFittedRowsAreCentred() {
    float[][] v = rows(200, 2);
    UnaryOperator<float[]> space = NeighbourSpace.whitened(ItemText.of(v), v.length);
    double[] mean = new double[DIM];
    int count = 0;
    for (float[] row : v) {
      if (!UnitRows.isZero(row)) {
        float[] w = space.apply(row);
        for (int k = 0; k < DIM; k++) {
          mean[k] += w[k];
        }
        count++;
      }
    }
    for (int k = 0; k < DIM; k++) {
      assertEquals(0, mean[k] / count, 1e-4, "mean of dimension " + k);
    }
    float[] first = UnitRows.unit(v[0].clone(), DIM);
    assertTrue(first[0] > 0.7f, "the raw unit vectors share the first direction");
  }

  @Test
  void fewerThanTwoRowsWithTextKeepTheVectors() {
    float[][] v = new float[3][DIM];
    v[1][2] = 2f;
    UnaryOperator<float[]> space = NeighbourSpace.whitened(ItemText.of(v), 3);
    assertSame(v[1], space.apply(v[1]));
    String m =
        assertThrows(
                IllegalArgumentException.class, () -> NeighbourSpace.whitened(ItemText.of(v), 4))
            .getMessage();
    assertTrue(m.contains("4") && m.contains("3"), m);
  }
}
