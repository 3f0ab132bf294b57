package io.strec.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.strec.data.Vocabulary;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Full ranking with id tie-breaks and exclusion. */
class RankingTest {
  @Test
  void tiesBreakByNumericIdWhenAllIdsAreIntegers() {
    // indices 0..3 hold ids 10, 9, 100, 2: numeric order is 2 < 9 < 10 < 100
    Ranking r = new Ranking(Vocabulary.of(List.of("10", "9", "100", "2")));
    float[] s = {1, 1, 1, 1};
    assertEquals(3, r.rank(s, 0, new int[0]));
    assertEquals(2, r.rank(s, 1, new int[0]));
    assertEquals(4, r.rank(s, 2, new int[0]));
    assertEquals(1, r.rank(s, 3, new int[0]));
    assertArrayEquals(new int[] {3, 1, 0, 2}, r.top(s, 4, new int[0]));
  }

  @Test
  void tiesBreakByStringOrderOtherwise() {
    // "10" < "9" < "a" as strings
    Ranking r = new Ranking(Vocabulary.of(List.of("9", "10", "a")));
    float[] s = {0, 0, 0};
    assertEquals(2, r.rank(s, 0, new int[0]));
    assertEquals(1, r.rank(s, 1, new int[0]));
  }

  @Test
  void excludedItemsDoNotCount() {
    Ranking r = new Ranking(Vocabulary.of(List.of("1", "2", "3", "4", "5")));
    float[] s = {5, 4, 3, 2, 1};
    assertEquals(4, r.rank(s, 3, new int[0]));
    assertEquals(2, r.rank(s, 3, new int[] {0, 2}));
    assertEquals(
        2, r.rank(s, 3, new int[] {0, 2, 4}), "excluded items after the target change nothing");
    assertArrayEquals(new int[] {1, 3}, r.top(s, 2, new int[] {0, 2}));
  }

  @Test
  void rankAndTopAgreeWithAFullSortOnRandomScores() {
    SplittableRandom rnd = new SplittableRandom(11);
    int n = 300;
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(Integer.toString(rnd.nextInt(1_000_000) * 1000 + i));
    }
    Vocabulary v = Vocabulary.of(ids);
    Ranking r = new Ranking(v);
    for (int trial = 0; trial < 20; trial++) {
      float[] s = new float[n];
      for (int i = 0; i < n; i++) {
        s[i] = rnd.nextInt(20); // many ties
      }
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Arrays.sort(
          order,
          (a, b) ->
              s[a] != s[b]
                  ? Float.compare(s[b], s[a])
                  : Long.compare(Long.parseLong(v.id(a)), Long.parseLong(v.id(b))));
      for (int pos = 0; pos < n; pos += 17) {
        assertEquals(pos + 1, r.rank(s, order[pos], new int[0]));
      }
      int[] top = r.top(s, 10, new int[0]);
      for (int k = 0; k < 10; k++) {
        assertEquals(order[k].intValue(), top[k]);
      }
      // The same order over a shuffled candidate subset (every third item).
      int[] cand = new int[n / 3];
      float[] cs = new float[cand.length];
      for (int j = 0; j < cand.length; j++) {
        cand[j] = (j * 7 % cand.length) * 3;
        cs[j] = s[cand[j]];
      }
      java.util.BitSet others = new java.util.BitSet(n);
      others.set(0, n);
      for (int c : cand) {
        others.clear(c);
      }
      assertArrayEquals(r.top(s, 25, others), r.topAmong(cand, cs, 25));
    }
  }
}
