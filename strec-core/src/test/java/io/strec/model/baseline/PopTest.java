package io.strec.model.baseline;

import static io.strec.model.baseline.Fixtures.NAN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.strec.data.Dataset;
import io.strec.model.Model;
import org.junit.jupiter.api.Test;

class PopTest {
  /** a x3, b x1, c x2 (one with weight 5, which pop ignores), d never. */
  private static Dataset data() {
    return Fixtures.builder(2, "a", "b", "c", "d")
        .add(0, 0, 10, 0, NAN, NAN, 1f)
        .add(1, 0, 5, 0, NAN, NAN, 1f)
        .add(0, 2, 11, 0, NAN, NAN, 5f)
        .add(1, 1, 12, 60, 40.0, -73.0, 1f)
        .add(0, 0, 13, 0, NAN, NAN, 1f)
        .add(1, 2, 14, 0, NAN, NAN, 1f)
        .build();
  }

  @Test
  void scoresAreExactEventCounts() {
    Model m = new PopTrainer().fit(data(), 1);
    assertEquals("pop", m.name());
    assertEquals(4, m.numItems());
    assertArrayEquals(new float[] {3, 1, 2, 0}, Fixtures.score(m, Fixtures.query()), 0f);
    assertArrayEquals(new float[] {3, 1, 2, 0}, Fixtures.score(m, Fixtures.query(1, -1, 2)), 0f);
  }

  @Test
  void onlyTheFirstNumItemsEntriesAreWrittenAndShortArraysFail() {
    Model m = new PopTrainer().fit(data(), 1);
    float[] s = {9, 9, 9, 9, 9};
    m.score(Fixtures.query(), s);
    assertArrayEquals(new float[] {3, 1, 2, 0, 9}, s, 0f);
    assertThrows(IllegalArgumentException.class, () -> m.score(Fixtures.query(), new float[3]));
  }

  @Test
  void singleCandidate() {
    assertEquals(1, new PopFactory().candidates().size());
    assertEquals("pop", new PopFactory().candidates().get(0).describe());
  }
}
