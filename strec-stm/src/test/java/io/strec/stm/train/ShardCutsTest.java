package io.strec.stm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.model.History;
import io.strec.stm.data.Window;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Shards#cuts}: contiguous shards of a batch's windows with about equal work. */
class ShardCutsTest {
  private static final History ONE =
      new History(new int[] {0}, new long[] {0}, new int[] {0}, new double[] {0}, new double[] {0});

  @Test
  void windowsOfEqualWorkSplitEvenly() {
    List<Window> ws = windows(Collections.nCopies(32, 28));
    assertArrayEquals(new int[] {0, 16, 32}, Shards.cuts(ws, 2));
    assertArrayEquals(new int[] {0, 8, 16, 24, 32}, Shards.cuts(ws, 4));
  }

  @Test
  void aHeavyWindowTakesFewerWindowsWithIt() {
    // Costs 75, 26, 26, 26, 26, 26 (positions plus 25 a window): 205 in all, and 75 + 26 = 101
    // is the prefix nearest 102.5, where half the windows would give 127 against 78.
    List<Window> ws = windows(List.of(50, 1, 1, 1, 1, 1));
    assertArrayEquals(new int[] {0, 2, 6}, Shards.cuts(ws, 2));
  }

  @Test
  void everyShardHoldsAWindow() {
    List<Window> ws = windows(List.of(50, 50, 50, 1));
    int[] cut = Shards.cuts(ws, 4);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, cut);
    int[] three = Shards.cuts(windows(List.of(1, 1, 50)), 3);
    assertArrayEquals(new int[] {0, 1, 2, 3}, three);
  }

  @Test
  void twoShardsCutWhereTheWorkIsNearestHalf() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int trial = 0; trial < 200; trial++) {
      int n = 2 + rnd.nextInt(40);
      List<Integer> positions = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        positions.add(rnd.nextInt(51));
      }
      List<Window> ws = windows(positions);
      int[] cut = Shards.cuts(ws, 2);
      long total = 0;
      for (Window w : ws) {
        total += Shards.cost(w);
      }
      double best = Double.MAX_VALUE;
      for (int k = 1; k < n; k++) {
        best = Math.min(best, Math.abs(prefix(ws, k) - total / 2.0));
      }
      assertEquals(0, cut[0]);
      assertEquals(n, cut[2]);
      assertTrue(cut[1] >= 1 && cut[1] <= n - 1, "cut " + cut[1] + " of " + n);
      assertEquals(best, Math.abs(prefix(ws, cut[1]) - total / 2.0), 0.0, positions.toString());
    }
  }

  private static long prefix(List<Window> ws, int k) {
    long s = 0;
    for (Window w : ws.subList(0, k)) {
      s += Shards.cost(w);
    }
    return s;
  }

  /** Windows with the given numbers of scored positions. */
  private static List<Window> windows(List<Integer> positions) {
    List<Window> out = new ArrayList<>();
    for (int p : positions) {
      List<Window.Ask> asks = new ArrayList<>();
      for (int k = 0; k < p; k++) {
        asks.add(new Window.Ask(0, 0, 0, 0, 0, 0));
      }
      out.add(new Window(ONE, 0, 1, asks));
    }
    return out;
  }
}
