package io.strec.stm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.model.History;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The repeat term's features against values computed independently (Python, the formulas of the
 * class comment, printed to seven decimals) for a history of five events over two days, two of them
 * at a local offset of -300 minutes, and a query on the next Monday at 11:00 local time.
 */
class RepeatFeaturesTest {
  private static final long MON = 345_600L; // 1970-01-05T00:00Z, a Monday
  private static final long H = 3_600L;
  private static final long D = 86_400L;
  private static final int PAD = 99;

  /** Also the habit term's history ({@link HourHabitTest}). */
  static final History HISTORY =
      new History(
          new int[] {1, 2, 3, 1, 2},
          new long[] {
            MON + 8 * H, MON + 12 * H, MON + 18 * H, MON + D + 13 * H, MON + D + 17 * H + 1800
          },
          new int[] {0, 0, 0, -300, -300},
          new double[5],
          new double[5]);

  private static final SlotSource.Query QUERY =
      new SlotSource.Query(HISTORY, 5, MON + 7 * D + 16 * H, -300, -1, PAD);

  /** Slots in order of the most recent visit: item 2, item 1, item 3, then padding. */
  private static final double[][] TIMED = {
    {
      1.0986123, 0.0034047, 0.5807636, 0.9585609, 1, 0.6581328, 0.6581328, 0.4740770, 1.0397311, 0,
      0, 1.0479259, 1.0479259
    },
    {
      1.0986123, 0.0028369, 0.5696419, 0.9549213, 0, 0.0219748, 0.0219748, 0.0110477, 0.7943768, 0,
      0, 0.0842252, 0.0842252
    },
    {
      0.6931472, 0.0009906, 0.3164773, 0.5844992, 0, 0, 0, 0, 0.0636586, 0.6931472, 0.6931472,
      0.0429991, 0.0429991
    },
    {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
  };

  @Test
  void timedFeaturesMatchAnIndependentComputation() {
    int dim = RepeatFeatures.Kind.TIMED.dim();
    long[] items = new long[4];
    float[] feat = new float[4 * dim];
    RepeatFeatures.Kind.TIMED.source().write(QUERY, 4, items, feat, 0);
    assertArrayEquals(new long[] {2, 1, 3, PAD}, items);
    for (int s = 0; s < 4; s++) {
      float[] got = Arrays.copyOfRange(feat, s * dim, (s + 1) * dim);
      assertArrayEquals(TIMED[s], toDouble(got), 1e-6, "slot " + s);
    }
  }

  /**
   * The same history with places, and the query 1-2 km from them: the place and recency features
   * (flat km by the equirectangular formula of {@code Features.distanceKm}, R = 6371 km, computed
   * in Python) follow the timed ones, which the places do not change.
   */
  @Test
  void placedFeaturesMatchAnIndependentComputation() {
    History placed =
        new History(
            HISTORY.items(),
            new long[] {
              HISTORY.time(0), HISTORY.time(1), HISTORY.time(2), HISTORY.time(3), HISTORY.time(4)
            },
            new int[] {0, 0, 0, -300, -300},
            new double[] {40.70, 40.71, 40.75, 40.70, 40.71},
            new double[] {-74.00, -74.01, -73.98, -74.00, -74.01});
    SlotSource.Query q =
        new SlotSource.Query(placed, 5, QUERY.time(), -300, -1, PAD, 40.72, -74.00);
    double[][] extra = {
      {0.8734950, 4.9663350, 0.4, 0},
      {1.1705914, 4.9972123, 0.4, 0.6931472},
      {1.5554709, 5.1179938, 0.2, 1.0986123},
      {0, 0, 0, 0}
    };
    int dim = RepeatFeatures.Kind.PLACED.dim();
    assertEquals(17, dim);
    long[] items = new long[4];
    float[] feat = new float[4 * dim];
    RepeatFeatures.Kind.PLACED.source().write(q, 4, items, feat, 0);
    assertArrayEquals(new long[] {2, 1, 3, PAD}, items);
    for (int s = 0; s < 4; s++) {
      double[] want = Arrays.copyOf(TIMED[s], dim);
      System.arraycopy(extra[s], 0, want, 13, 4);
      float[] got = Arrays.copyOfRange(feat, s * dim, (s + 1) * dim);
      assertArrayEquals(want, toDouble(got), 1e-6, "slot " + s);
    }
    // Without a query place the distance is 0 and the rest stays.
    RepeatFeatures.Kind.PLACED
        .source()
        .write(new SlotSource.Query(placed, 5, QUERY.time(), -300, -1, PAD), 4, items, feat, 0);
    assertEquals(0f, feat[13]);
    assertEquals(4.9663350, feat[14], 1e-6);
  }

  /**
   * The routed features: the placed ones, then the user's moves from the query's last item (2)
   * within a day, weighted by the hour kernel of the arrival and of the departure. The one such
   * move is 2 at 12:00 to 3 at 18:00 (local offset 0); the query is next Monday at 16:00 local, so
   * item 3 gets log(1 + exp(-2^2 / 2)) and log(1 + exp(-4^2 / 2)) (Python, seven decimals), the
   * others 0.
   */
  @Test
  void routedFeaturesArePlacedOnesAndTheMovesFromTheLastItemByHour() {
    int dim = RepeatFeatures.Kind.ROUTED.dim();
    assertEquals(19, dim);
    int placedDim = RepeatFeatures.Kind.PLACED.dim();
    SlotSource.Query q = new SlotSource.Query(HISTORY, 5, MON + 7 * D + 21 * H, -300, -1, PAD);
    long[] items = new long[4];
    float[] feat = new float[4 * dim];
    RepeatFeatures.Kind.ROUTED.source().write(q, 4, items, feat, 0);
    assertArrayEquals(new long[] {2, 1, 3, PAD}, items);
    long[] placedItems = new long[4];
    float[] placed = new float[4 * placedDim];
    RepeatFeatures.Kind.PLACED.source().write(q, 4, placedItems, placed, 0);
    double[][] moves = {{0, 0}, {0, 0}, {0.1269280, 0.0003354}, {0, 0}};
    for (int s = 0; s < 4; s++) {
      assertArrayEquals(
          Arrays.copyOfRange(placed, s * placedDim, (s + 1) * placedDim),
          Arrays.copyOfRange(feat, s * dim, s * dim + placedDim),
          "slot " + s);
      assertArrayEquals(
          moves[s],
          toDouble(Arrays.copyOfRange(feat, s * dim + placedDim, (s + 1) * dim)),
          1e-7,
          "slot " + s);
    }
    assertEquals(RepeatFeatures.Kind.ROUTED, RepeatFeatures.Kind.parse("routed"));
  }

  @Test
  void historyFeaturesAreTheFirstFiveOfTheTimedOnes() {
    int dim = RepeatFeatures.Kind.HISTORY.dim();
    assertEquals(5, dim);
    long[] items = new long[4 + 2];
    float[] feat = new float[(4 + 2) * dim];
    Arrays.fill(feat, 7f);
    RepeatFeatures.Kind.HISTORY.source().write(QUERY, 4, items, feat, 2);
    assertArrayEquals(new long[] {0, 0, 2, 1, 3, PAD}, items);
    for (int s = 0; s < 4; s++) {
      float[] got = Arrays.copyOfRange(feat, (2 + s) * dim, (3 + s) * dim);
      assertArrayEquals(Arrays.copyOf(TIMED[s], dim), toDouble(got), 1e-6, "slot " + s);
    }
    assertArrayEquals(new float[] {7f, 7f, 7f, 7f, 7f}, Arrays.copyOf(feat, dim));
  }

  /** The query's own local offset decides its hour: one hour later shifts every hour kernel. */
  @Test
  void theQueryOffsetIsTheQuerys() {
    int dim = RepeatFeatures.Kind.TIMED.dim();
    SlotSource.Query shifted =
        new SlotSource.Query(HISTORY, 5, QUERY.time(), QUERY.tzMinutes() + 60, -1, PAD);
    float[] a = new float[dim];
    float[] b = new float[dim];
    RepeatFeatures.Kind.TIMED.source().write(QUERY, 1, new long[1], a, 0);
    RepeatFeatures.Kind.TIMED.source().write(shifted, 1, new long[1], b, 0);
    // item 2 was visited at 12:00 and 12:30 local: a query at 12:00 is nearer than one at 11:00
    assertTrue(b[5] > a[5], a[5] + " " + b[5]);
    assertArrayEquals(Arrays.copyOf(a, 5), Arrays.copyOf(b, 5));
  }

  @Test
  void kindsParseByLabelAndRefuseOthersByName() {
    assertEquals(RepeatFeatures.Kind.TIMED, RepeatFeatures.Kind.parse("timed"));
    assertEquals(RepeatFeatures.Kind.HISTORY, RepeatFeatures.Kind.parse("history"));
    assertEquals(RepeatFeatures.Kind.PLACED, RepeatFeatures.Kind.parse("placed"));
    String m =
        assertThrows(IllegalArgumentException.class, () -> RepeatFeatures.Kind.parse("hourly"))
            .getMessage();
    assertTrue(m.contains("'hourly'") && m.contains("timed") && m.contains("placed"), m);
  }

  @Test
  void daysOfTheWeekStartOnMonday() {
    assertEquals(3, RepeatFeatures.dayOfWeek(0)); // 1970-01-01, a Thursday
    assertEquals(0, RepeatFeatures.dayOfWeek(MON));
    assertEquals(6, RepeatFeatures.dayOfWeek(MON - 1));
    assertEquals(2, RepeatFeatures.dayOfWeek(-D * 365)); // 1969-01-01, a Wednesday
  }

  private static double[] toDouble(float[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }
}
