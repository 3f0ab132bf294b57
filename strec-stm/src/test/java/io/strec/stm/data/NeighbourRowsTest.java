package io.strec.stm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The catalogue's rows in the neighbour lists' space: kept in memory or mapped when read, and grown
 * by added items, every block holds the bits of mapping and scaling the text's rows directly.
 */
class NeighbourRowsTest {
  private static final int DIM = 12;

  private static float[][] rows(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[][] x = new float[n][DIM];
    for (float[] row : x) {
      for (int j = 0; j < DIM; j++) {
        row[j] = (float) (rnd.nextGaussian() + (j < 3 ? 2 : 0));
      }
    }
    x[3] = new float[DIM]; // an item without text
    return x;
  }

  /** The reference: map rows start..end of the text and scale them, as the lists were sought. */
  private static float[] direct(float[][] text, UnaryOperator<float[]> space, int start, int end) {
    return UnitRows.flatten(NeighbourSpace.map(Arrays.copyOfRange(text, start, end), space), DIM);
  }

  @Test
  void keptAndMappedWhenReadGiveTheSameBits() {
    float[][] x = rows(40, 1);
    ItemText text = ItemText.of(x);
    UnaryOperator<float[]> space = NeighbourSpace.whitened(text, 40);
    NeighbourRows kept = NeighbourRows.of(text, 40, space);
    NeighbourRows read = NeighbourRows.mappedWhenRead(40, space);
    NeighbourRows over = NeighbourRows.of(text, 40, space, 40L * DIM - 1);
    assertTrue(kept.kept());
    assertFalse(read.kept());
    assertFalse(over.kept(), "beyond the limit the rows are mapped when read");
    float[] want = direct(x, space, 5, 31);
    assertArrayEquals(want, kept.block(text, 5, 31), 0f);
    assertArrayEquals(want, read.block(text, 5, 31), 0f);
    assertArrayEquals(want, over.block(text, 5, 31), 0f);
    float[] zero = kept.block(text, 3, 4);
    for (float v : zero) {
      assertEquals(0f, v, "a row without text stays zero");
    }
  }

  @Test
  void grownRowsAreTheRowsOfTheGrownText() {
    float[][] x = rows(30, 2);
    float[][] added = rows(7, 3);
    ItemText text = ItemText.of(x);
    UnaryOperator<float[]> space = NeighbourSpace.whitened(text, 30);
    NeighbourRows grown = NeighbourRows.of(text, 30, space).plus(added);
    assertTrue(grown.kept());
    assertEquals(37, grown.size());
    float[][] all = Arrays.copyOf(x, 37);
    System.arraycopy(added, 0, all, 30, 7);
    ItemText whole = ItemText.of(all);
    assertArrayEquals(direct(all, space, 0, 37), grown.block(whole, 0, 37), 0f);
    NeighbourRows read = NeighbourRows.mappedWhenRead(30, space).plus(added);
    assertFalse(read.kept());
    assertArrayEquals(direct(all, space, 28, 37), read.block(whole, 28, 37), 0f);
  }

  @Test
  void refusesRowsItDoesNotHave() {
    ItemText text = ItemText.of(rows(10, 4));
    NeighbourRows r = NeighbourRows.of(text, 10, NeighbourSpace.unit());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> r.block(text, 8, 11));
    assertTrue(e.getMessage().contains("8 to 11 of 10"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> NeighbourRows.of(text, 11, r.space()));
  }
}
