package io.strec.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.Dataset;
import io.strec.data.Item;
import io.strec.data.Vocabulary;
import io.strec.model.History;
import io.strec.model.Model;
import io.strec.model.Query;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The evaluator on four hand-made cases and a model with fixed scores per user.
 *
 * <pre>
 * items (index: id, place, training events)
 *   0: "30" (40.0, -74.0)  3
 *   1: "10" (40.1, -74.0)  1
 *   2: "20" (40.0, -73.9)  0
 *   3: "5"  (40.2, -73.8)  2
 *   4: "40" no place        1
 * numeric id order: 5 < 10 < 20 < 30 < 40, i.e. indices 3, 1, 2, 0, 4
 *
 * case user scores                     target   excluded  rank
 *  C0   0   [.5, .9, .5, .5, .1]        0 ("30")  -        4  (1 @.9; then the .5 tie: 5, 20 before 30)
 *  C1   1   [1, 1, 1, 1, 1]             4 ("40")  {3}      4  (10, 20, 30 before 40; 5 excluded)
 *  C2   2   [.2, .1, .3, .4, .5]        4         -        1
 *  C3   3   [.9, .8, .7, .1, .6]        3         -        5
 * </pre>
 *
 * C0 separates tie rules: by numeric id rank 4, by index rank 2, by string id ("20" &lt; "30" &lt;
 * "5") rank 3.
 *
 * <pre>
 * case  query time (UTC)        offset  local time            query place      target place     history
 *  C0   2012-04-07 14:30 Sat    -240    Sat 10:30 morning    (40.05, -73.95)  (40.055, -73.95)  0
 *  C1   2012-04-08 23:30 Sun     +60    Mon 00:30 night      none             (40.0, -74.0)     3
 *  C2   2012-04-09 12:00 Mon       0    Mon 12:00 midday     (40.30, -74.10)  (40.35, -74.10)   7
 *  C3   2012-04-07 09:00 Sat    +540    Sat 18:00 evening    (40.50, -74.00)  (40.70, -74.00)   20
 * </pre>
 *
 * Epoch of 2012-04-07T00:00Z: 42 years since 1970 with 10 leap days (1972..2008) = 15340 days to
 * 2012-01-01, + 31 + 29 + 31 + 6 = 15437 days = 1,333,756,800 s; (15437 + 3) mod 7 = 5, ISO day 6:
 * Saturday.
 */
class EvaluatorTest {
  static final double NAN = Double.NaN;
  static final long APRIL_7 = 1_333_756_800L;
  static final long C0_TIME = APRIL_7 + 14 * 3600 + 1800; // 1,333,809,000
  static final long C1_TIME = APRIL_7 + 86_400 + 23 * 3600 + 1800; // 1,333,927,800
  static final long C2_TIME = APRIL_7 + 2 * 86_400 + 12 * 3600; // 1,333,972,800
  static final long C3_TIME = APRIL_7 + 9 * 3600; // 1,333,789,200

  static final float[][] SCORES = {
    {0.5f, 0.9f, 0.5f, 0.5f, 0.1f},
    {1f, 1f, 1f, 1f, 1f},
    {0.2f, 0.1f, 0.3f, 0.4f, 0.5f},
    {0.9f, 0.8f, 0.7f, 0.1f, 0.6f}
  };

  static final double[][] ITEM_PLACES = {
    {40.0, -74.0}, {40.1, -74.0}, {40.0, -73.9}, {40.2, -73.8}
  };

  static Dataset train() {
    Vocabulary items = Vocabulary.of(List.of("30", "10", "20", "5", "40"));
    Dataset.Builder b =
        Dataset.builder("train", Vocabulary.of(List.of("u0", "u1", "u2", "u3")), items);
    for (int i = 0; i < 4; i++) {
      b.item(new Item(items.id(i), "", List.of(), "", "", ITEM_PLACES[i][0], ITEM_PLACES[i][1]));
    }
    int[] eventsPerItem = {3, 1, 0, 2, 1};
    long t = 1;
    for (int i = 0; i < eventsPerItem.length; i++) {
      for (int k = 0; k < eventsPerItem[i]; k++) {
        // no event place: item places come from metadata only
        b.add((int) (t % 4), i, t++, 0, NAN, NAN, 1f);
      }
    }
    return b.build();
  }

  /** A history of {@code n} events, one an hour before {@code end}, without places. */
  static History history(int n, long end) {
    int[] items = new int[n];
    long[] times = new long[n];
    double[] nan = new double[n];
    Arrays.fill(nan, NAN);
    for (int k = 0; k < n; k++) {
      items[k] = k % 5;
      times[k] = end - (n - k) * 3600L;
    }
    return new History(items, times, new int[n], nan, nan.clone());
  }

  static EvalCase evalCase(
      String id,
      int user,
      int target,
      int[] excluded,
      long time,
      int tz,
      double qLat,
      double qLon,
      double tLat,
      double tLon,
      int historyLength) {
    return new EvalCase(
        id,
        user,
        target,
        new Query(user, history(historyLength, time), time, tz, qLat, qLon),
        excluded,
        tLat,
        tLon);
  }

  static EvalSplit split() {
    List<EvalCase> cases =
        List.of(
            evalCase("C0", 0, 0, new int[0], C0_TIME, -240, 40.05, -73.95, 40.055, -73.95, 0),
            evalCase("C1", 1, 4, new int[] {3}, C1_TIME, 60, NAN, NAN, 40.0, -74.0, 3),
            evalCase("C2", 2, 4, new int[0], C2_TIME, 0, 40.30, -74.10, 40.35, -74.10, 7),
            evalCase("C3", 3, 3, new int[0], C3_TIME, 540, 40.50, -74.00, 40.70, -74.00, 20));
    return new EvalSplit("hand", train(), cases, Map.of());
  }

  /** A model that gives every query of user u the scores {@code byUser[u]}. */
  static Model fixed(String name, int numItems, float[][] byUser) {
    return new Model() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int numItems() {
        return numItems;
      }

      @Override
      public void score(Query query, float[] scores) {
        System.arraycopy(byUser[query.user()], 0, scores, 0, numItems);
      }
    };
  }

  static Evaluation evaluate(Evaluator evaluator) {
    return evaluator.evaluate(fixed("fixed", 5, SCORES), split());
  }

  static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  /** Great-circle distance by the spherical law of cosines, independent of the haversine in Geo. */
  static double cosineLawKm(double lat1, double lon1, double lat2, double lon2) {
    double p1 = Math.toRadians(lat1);
    double p2 = Math.toRadians(lat2);
    double c =
        Math.sin(p1) * Math.sin(p2)
            + Math.cos(p1) * Math.cos(p2) * Math.cos(Math.toRadians(lon2 - lon1));
    return 6371.0 * Math.acos(Math.max(-1.0, Math.min(1.0, c)));
  }

  @Test
  void handComputedEpochsAgreeWithJavaTime() {
    assertEquals(Instant.parse("2012-04-07T14:30:00Z").getEpochSecond(), C0_TIME);
    assertEquals(Instant.parse("2012-04-08T23:30:00Z").getEpochSecond(), C1_TIME);
    assertEquals(Instant.parse("2012-04-09T12:00:00Z").getEpochSecond(), C2_TIME);
    assertEquals(Instant.parse("2012-04-07T09:00:00Z").getEpochSecond(), C3_TIME);
    // 0.005 degrees along a meridian = 6371 * 0.005 * pi / 180 = 0.5559746332 km
    assertEquals(0.5559746332227937, cosineLawKm(40.05, -73.95, 40.055, -73.95), 1e-6);
  }

  /**
   * Cases are scored in chunks through {@link Model#scoreAll}, each case's row where its own
   * query's scores belong: a model that answers only scoreAll (its score refuses) gets the
   * hand-computed ranks; the chunk size depends on the catalogue alone.
   */
  @Test
  void casesAreScoredTogetherThroughScoreAll() {
    List<Integer> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    Model batched =
        new Model() {
          @Override
          public String name() {
            return "batched";
          }

          @Override
          public int numItems() {
            return 5;
          }

          @Override
          public void score(Query query, float[] scores) {
            throw new AssertionError("the evaluator scores through scoreAll");
          }

          @Override
          public void scoreAll(List<Query> queries, float[][] scores) {
            calls.add(queries.size());
            for (int i = 0; i < queries.size(); i++) {
              System.arraycopy(SCORES[queries.get(i).user()], 0, scores[i], 0, 5);
            }
          }
        };
    Evaluation e = Evaluator.builder().build().evaluate(batched, split());
    assertArrayEquals(new int[] {4, 4, 1, 5}, e.ranks());
    assertEquals(List.of(4), calls);
    assertEquals(Evaluator.CHUNK_CASES, Evaluator.chunkSize(5058));
    assertEquals(4, Evaluator.chunkSize(1_000_000));
    assertEquals(1, Evaluator.chunkSize(Integer.MAX_VALUE));
  }

  @Test
  void exactRanksWithTiesBrokenByNumericId() {
    Evaluation e = evaluate(Evaluator.builder().build());
    assertEquals("fixed", e.model());
    assertEquals(List.of("C0", "C1", "C2", "C3"), e.caseIds());
    assertArrayEquals(new int[] {4, 4, 1, 5}, e.ranks());
    // HR@1 = 1/4 (C2 only); every rank <= 5
    assertEquals(0.25, e.metric("HR@1"), 1e-15);
    assertEquals(1.0, e.metric("HR@5"), 1e-15);
    assertEquals(1.0, e.metric("HR@10"), 1e-15);
    assertEquals(1.0, e.metric("HR@20"), 1e-15);
    // NDCG@1 = 1/4; NDCG@5 = (2/log2(5) + 1 + 1/log2(6)) / 4 = (0.8613531161 + 1 + 0.3868528072) /
    // 4 = 0.5620514808
    assertEquals(0.25, e.metric("NDCG@1"), 1e-15);
    assertEquals((2 / log2(5) + 1 + 1 / log2(6)) / 4, e.metric("NDCG@5"), 1e-15);
    assertEquals(0.5620514808, e.metric("NDCG@10"), 1e-10);
    // MRR = (1/4 + 1/4 + 1 + 1/5) / 4 = 1.7 / 4 = 0.425
    assertEquals(0.425, e.metric("MRR"), 1e-15);
    assertArrayEquals(new double[] {0.25, 0.25, 1.0, 0.2}, e.perCase("MRR"), 1e-15);
    assertTrue(e.sampled().isEmpty(), "no sampled section unless asked for");
  }

  @Test
  void tiesBreakByStringIdWhenSomeIdIsNotAnInteger() {
    // string order: "a10" < "a9" < "b"
    Dataset train =
        Dataset.builder("t", Vocabulary.of(List.of("u")), Vocabulary.of(List.of("b", "a10", "a9")))
            .build();
    List<EvalCase> cases = new ArrayList<>();
    for (int target = 0; target < 3; target++) {
      cases.add(
          new EvalCase(
              "t" + target,
              0,
              target,
              new Query(0, History.empty(), 0, 0, NAN, NAN),
              new int[0],
              NAN,
              NAN));
    }
    Evaluation e =
        Evaluator.builder()
            .build()
            .evaluate(
                fixed("flat", 3, new float[][] {{0f, 0f, 0f}}),
                new EvalSplit("hand", train, cases, Map.of()));
    assertArrayEquals(new int[] {3, 1, 2}, e.ranks());
  }

  @Test
  void sampledRankEqualsFullRankWhenEveryOtherItemIsDrawn() {
    Evaluation full = evaluate(Evaluator.builder().build());
    // catalogue of 5: 4 negatives is every other item (3 for C1, whose excluded item is not drawn);
    // asking for more than there are takes them all
    for (int negatives : new int[] {4, 1000}) {
      Evaluation e = evaluate(Evaluator.builder().optSampledNegatives(negatives, 99).build());
      Evaluation.SampledMetrics s = e.sampled().orElseThrow();
      assertEquals(negatives, s.negatives());
      assertEquals(99, s.seed());
      assertEquals(full.metrics(), s.metrics(), "sampled with " + negatives + " negatives");
      assertEquals(
          full.metrics(), e.metrics(), "the full-ranking metrics are not touched by sampling");
      assertArrayEquals(full.ranks(), e.ranks());
    }
  }

  @Test
  void sampledMetricsAreDeterministicForASeedAndNoWorseThanFull() {
    Evaluation full = evaluate(Evaluator.builder().build());
    Evaluation a = evaluate(Evaluator.builder().optSampledNegatives(2, 7).build());
    Evaluation b = evaluate(Evaluator.builder().optSampledNegatives(2, 7).build());
    Map<String, Double> sa = a.sampled().orElseThrow().metrics();
    assertEquals(sa, b.sampled().orElseThrow().metrics());
    assertEquals(full.metrics(), a.metrics());
    // with 2 negatives a sampled rank is 1..3 and never above the full rank
    assertEquals(1.0, sa.get("HR@5"), 0.0);
    assertTrue(sa.get("MRR") >= full.metric("MRR"), sa + " vs " + full.metrics());
    assertTrue(sa.get("MRR") >= 1.0 / 3, "every sampled rank is at most 3: " + sa);
    // C2 (full rank 1) stays first: HR@1 >= 1/4
    assertTrue(sa.get("HR@1") >= 0.25, sa.toString());
  }

  @Test
  void theSamplingSeedFixesTheSampledMetricsOnALargerCatalogue() {
    // 60 items "0".."59", item i scored (37 i) mod 60 (a permutation, no ties); 40 cases with
    // targets 0, 3, 6, ...: the draws of 5 negatives out of 59 vary with the seed
    int n = 60;
    List<String> ids = new ArrayList<>();
    float[] scores = new float[n];
    for (int i = 0; i < n; i++) {
      ids.add(Integer.toString(i));
      scores[i] = (37 * i) % n;
    }
    Dataset train = Dataset.builder("t", Vocabulary.of(List.of("u")), Vocabulary.of(ids)).build();
    List<EvalCase> cases = new ArrayList<>();
    for (int c = 0; c < 40; c++) {
      cases.add(
          new EvalCase(
              "c" + c,
              0,
              (3 * c) % n,
              new Query(0, History.empty(), 0, 0, NAN, NAN),
              new int[0],
              NAN,
              NAN));
    }
    EvalSplit s = new EvalSplit("hand", train, cases, Map.of());
    Model m = fixed("perm", n, new float[][] {scores});
    Map<String, Double> a =
        Evaluator.builder()
            .optSampledNegatives(5, 1)
            .build()
            .evaluate(m, s)
            .sampled()
            .orElseThrow()
            .metrics();
    Map<String, Double> b =
        Evaluator.builder()
            .optSampledNegatives(5, 1)
            .build()
            .evaluate(m, s)
            .sampled()
            .orElseThrow()
            .metrics();
    Map<String, Double> c =
        Evaluator.builder()
            .optSampledNegatives(5, 2)
            .build()
            .evaluate(m, s)
            .sampled()
            .orElseThrow()
            .metrics();
    assertEquals(a, b, "same seed, same draws");
    assertTrue(!a.equals(c), "another seed, other draws: " + a + " vs " + c);
  }

  @Test
  void excludedItemsAreNeverDrawnAsNegatives() {
    // user 2's scores [.2, .1, .3, .4, .5], target 2: items 3 and 4 are ahead, 0 and 1 behind.
    // Excluding {3, 4} leaves full rank 1, and only items 0 and 1 to draw: every sampled rank is 1.
    // Twenty cases, each drawn with its own stream: were the excluded items drawable, two draws out
    // of {0, 1, 3, 4} would avoid both in only 1 case of 6.
    List<EvalCase> cases = new ArrayList<>();
    for (int k = 0; k < 20; k++) {
      cases.add(evalCase("S" + k, 2, 2, new int[] {3, 4}, C2_TIME, 0, NAN, NAN, NAN, NAN, 2));
    }
    EvalSplit s = new EvalSplit("hand", train(), cases, Map.of());
    for (int negatives : new int[] {1, 2, 4}) {
      Evaluation e =
          Evaluator.builder()
              .optSampledNegatives(negatives, 5)
              .build()
              .evaluate(fixed("fixed", 5, SCORES), s);
      assertEquals(1.0, e.metric("MRR"), 0.0);
      assertEquals(
          1.0, e.sampled().orElseThrow().metrics().get("MRR"), 0.0, negatives + " negatives");
    }
  }

  @Test
  void beyondAccuracyOfTheTopTen() {
    Evaluation e = evaluate(Evaluator.builder().build());
    Map<String, Double> b = e.beyondAccuracy();
    assertEquals(
        List.of("coverage@10", "mean_popularity@10", "mean_distance_km@10"),
        new ArrayList<>(b.keySet()));
    // a 5-item catalogue: every list holds every item not excluded; C1 lacks item 3
    assertEquals(1.0, b.get("coverage@10"), 1e-15);
    // popularity 3+1+0+2+1 = 7 per full list, 7-2 = 5 for C1: (7+5+7+7) / (5+4+5+5) = 26/19
    assertEquals(26.0 / 19, b.get("mean_popularity@10"), 1e-12);
    // distances from the query place of C0, C2, C3 (C1 has none) to the four placed items (item 4
    // has no place): 12 pairs
    double[][] places = {{40.05, -73.95}, {40.30, -74.10}, {40.50, -74.00}};
    double sum = 0;
    for (double[] q : places) {
      for (double[] p : ITEM_PLACES) {
        sum += cosineLawKm(q[0], q[1], p[0], p[1]);
      }
    }
    assertEquals(sum / 12, b.get("mean_distance_km@10"), 1e-6);
  }

  @Test
  void beyondAccuracyOfTheTopOne() {
    Evaluation e = evaluate(Evaluator.builder().optTopN(1).build());
    Map<String, Double> b = e.beyondAccuracy();
    // tops: C0 item 1 (.9); C1 item 1 ("10", the smallest id left after excluding "5"); C2 item 4;
    // C3 item 0
    // coverage {0, 1, 4} = 3/5
    assertEquals(0.6, b.get("coverage@1"), 1e-15);
    // popularity (1 + 1 + 1 + 3) / 4 = 1.5
    assertEquals(1.5, b.get("mean_popularity@1"), 1e-15);
    // C1 has no query place, C2's top has no place: C0 -> item 1 and C3 -> item 0
    double expected =
        (cosineLawKm(40.05, -73.95, 40.1, -74.0) + cosineLawKm(40.5, -74.0, 40.0, -74.0)) / 2;
    assertEquals(expected, b.get("mean_distance_km@1"), 1e-6);
    // C3 -> item 0 is 0.5 degrees of latitude: 6371 * 0.5 * pi / 180 = 55.5974633 km
    assertEquals(55.5974633, cosineLawKm(40.5, -74.0, 40.0, -74.0), 1e-6);
  }

  static void assertSegment(
      Map<String, Map<String, Double>> seg,
      String label,
      int n,
      double hr10,
      double ndcg10,
      double mrr) {
    Map<String, Double> m = seg.get(label);
    assertEquals(n, m.get("n"), 0.0, label + " n");
    assertEquals(hr10, m.get("HR@10"), 1e-12, label + " HR@10");
    assertEquals(ndcg10, m.get("NDCG@10"), 1e-12, label + " NDCG@10");
    assertEquals(mrr, m.get("MRR"), 1e-12, label + " MRR");
  }

  @Test
  void segmentsUseLocalTimeDistanceBandsAndHistoryLength() {
    Evaluation e = evaluate(Evaluator.builder().build());
    var seg = e.segments();
    assertEquals(
        List.of(
            "hour_of_day",
            "day_type",
            "day_of_week",
            "target_distance_km",
            "history_length",
            "target_in_history",
            "target_popularity"),
        new ArrayList<>(seg.keySet()));
    double r4 = 1 / log2(5); // NDCG of rank 4 = 0.4306765581
    double r5 = 1 / log2(6); // NDCG of rank 5 = 0.3868528072

    // local hours: C0 10 (UTC 14 would say afternoon), C1 0, C2 12, C3 18 (the first evening hour)
    var hour = seg.get("hour_of_day");
    assertEquals(
        List.of("00-06 night", "06-11 morning", "11-14 midday", "18-24 evening"),
        new ArrayList<>(hour.keySet()));
    assertSegment(hour, "00-06 night", 1, 1, r4, 0.25);
    assertSegment(hour, "06-11 morning", 1, 1, r4, 0.25);
    assertSegment(hour, "11-14 midday", 1, 1, 1, 1);
    assertSegment(hour, "18-24 evening", 1, 1, r5, 0.2);

    // C1 is Sunday in UTC but Monday locally: weekday = C1, C2 (ranks 4, 1); weekend = C0, C3 (4,
    // 5)
    var day = seg.get("day_type");
    assertEquals(List.of("weekday", "weekend"), new ArrayList<>(day.keySet()));
    assertSegment(day, "weekday", 2, 1, (r4 + 1) / 2, (0.25 + 1) / 2);
    assertSegment(day, "weekend", 2, 1, (r4 + r5) / 2, (0.25 + 0.2) / 2);

    // local days: C0 Sat, C1 Mon, C2 Mon, C3 Sat
    var dow = seg.get("day_of_week");
    assertEquals(List.of("1 Mon", "6 Sat"), new ArrayList<>(dow.keySet()));
    assertSegment(dow, "1 Mon", 2, 1, (r4 + 1) / 2, (0.25 + 1) / 2);
    assertSegment(dow, "6 Sat", 2, 1, (r4 + r5) / 2, (0.25 + 0.2) / 2);

    // query place to target place: C0 0.005 deg lat = 0.556 km, C2 0.05 deg = 5.56 km, C3 0.2 deg =
    // 22.24 km
    assertEquals(0.5559746332, cosineLawKm(40.05, -73.95, 40.055, -73.95), 1e-6);
    assertEquals(5.559746332, cosineLawKm(40.30, -74.10, 40.35, -74.10), 1e-6);
    assertEquals(22.23898533, cosineLawKm(40.50, -74.00, 40.70, -74.00), 1e-6);
    var dist = seg.get("target_distance_km");
    assertEquals(List.of("0-1", "10+", "3-10", "unknown"), new ArrayList<>(dist.keySet()));
    assertSegment(dist, "0-1", 1, 1, r4, 0.25);
    assertSegment(dist, "10+", 1, 1, r5, 0.2);
    assertSegment(dist, "3-10", 1, 1, 1, 1);
    assertSegment(dist, "unknown", 1, 1, r4, 0.25);

    // history lengths 0, 3, 7, 20
    var hist = seg.get("history_length");
    assertEquals(List.of("0", "1-4", "20-99", "5-19"), new ArrayList<>(hist.keySet()));
    assertSegment(hist, "0", 1, 1, r4, 0.25);
    assertSegment(hist, "1-4", 1, 1, r4, 0.25);
    assertSegment(hist, "20-99", 1, 1, r5, 0.2);
    assertSegment(hist, "5-19", 1, 1, 1, 1);

    // histories cycle through items 0..4: C0 (empty) and C1 (0, 1, 2) lack their target 0 and 4;
    // C2 (0, 1, 2, 3, 4, 0, 1) and C3 (ends ..., 3, 4) hold theirs, 4 and 3, but not last
    var seen = seg.get("target_in_history");
    assertEquals(List.of("2 earlier item", "3 new to user"), new ArrayList<>(seen.keySet()));
    assertSegment(seen, "2 earlier item", 2, 1, (1 + r5) / 2, (1 + 0.2) / 2);
    assertSegment(seen, "3 new to user", 2, 1, r4, 0.25);
    assertEquals(0.5, seen.get("2 earlier item").get("HR@1"), 0.0);
    assertEquals(0.0, seen.get("3 new to user").get("HR@1"), 0.0);

    // training counts 3, 1, 0, 2, 1 (7 events): item 0 has nothing above it (head); item 3 has 3
    // events above it, 3/7 >= 1/3 (torso); items 1 and 4 have 5 above, 5/7 >= 2/3 (tail).
    // Targets: C0 item 0 head, C3 item 3 torso, C1 and C2 item 4 tail.
    var pop = seg.get("target_popularity");
    assertEquals(List.of("1 head", "2 torso", "3 tail"), new ArrayList<>(pop.keySet()));
    assertSegment(pop, "1 head", 1, 1, r4, 0.25);
    assertSegment(pop, "2 torso", 1, 1, r5, 0.2);
    assertSegment(pop, "3 tail", 2, 1, (r4 + 1) / 2, (0.25 + 1) / 2);

    assertTrue(evaluate(Evaluator.builder().optSegments(false).build()).segments().isEmpty());
  }

  @Test
  void theTargetIsTheLastHistoryItemAnEarlierOneOrNew() {
    Segments.Segmentation seen = Segments.TARGET_SEEN;
    // history(n, t) cycles through items 0..4: n = 4 holds 0, 1, 2, 3
    assertEquals(
        "1 last item",
        seen.label().apply(evalCase("a", 0, 3, new int[0], C0_TIME, 0, NAN, NAN, NAN, NAN, 4)));
    assertEquals(
        "2 earlier item",
        seen.label().apply(evalCase("b", 0, 0, new int[0], C0_TIME, 0, NAN, NAN, NAN, NAN, 4)));
    assertEquals(
        "3 new to user",
        seen.label().apply(evalCase("c", 0, 4, new int[0], C0_TIME, 0, NAN, NAN, NAN, NAN, 4)));
    // n = 6 holds 0, 1, 2, 3, 4, 0: item 0 is the last one, and earlier too
    assertEquals(
        "1 last item",
        seen.label().apply(evalCase("d", 0, 0, new int[0], C0_TIME, 0, NAN, NAN, NAN, NAN, 6)));
    assertEquals(
        "3 new to user",
        seen.label().apply(evalCase("e", 0, 0, new int[0], C0_TIME, 0, NAN, NAN, NAN, NAN, 0)));
  }

  @Test
  void popularityBandsHoldAboutAThirdOfTheEventsEach() {
    // 10 items with counts 10, 9, ..., 1 (55 events); items of count c have sum(c+1..10) above.
    int[] counts = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    Segments.Segmentation seg = Segments.popularity(counts);
    List<String> bands = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      EvalCase c = evalCase("c" + i, 0, i, new int[0], C0_TIME, 0, NAN, NAN, NAN, NAN, 0);
      bands.add(seg.label().apply(c));
    }
    // above: 0, 10, 19, 27, 34, 40, 45, 49, 52, 54; 55/3 = 18.3, 110/3 = 36.7
    assertEquals(
        List.of(
            "1 head", "1 head", "2 torso", "2 torso", "2 torso", "3 tail", "3 tail", "3 tail",
            "3 tail", "3 tail"),
        bands);
    Segments.Segmentation none = Segments.popularity(new int[] {0, 0});
    assertEquals(
        "3 tail",
        none.label().apply(evalCase("z", 0, 1, new int[0], C0_TIME, 0, NAN, NAN, NAN, NAN, 0)));
  }

  @Test
  void aNonFiniteScoreNamesTheModelAndTheCase() {
    float[][] scores = new float[4][];
    for (int u = 0; u < 4; u++) {
      scores[u] = SCORES[u].clone();
    }
    scores[2][3] = Float.NaN;
    var ex =
        assertThrows(
            IllegalStateException.class,
            () -> Evaluator.builder().build().evaluate(fixed("nan-model", 5, scores), split()));
    assertTrue(ex.getMessage().contains("nan-model"), ex.getMessage());
    assertTrue(ex.getMessage().contains("C2"), ex.getMessage());
    assertTrue(ex.getMessage().contains("NaN"), ex.getMessage());
  }

  @Test
  void aModelWithAnotherCatalogueSizeIsRejected() {
    float[][] four = {{1, 2, 3, 4}, {1, 2, 3, 4}, {1, 2, 3, 4}, {1, 2, 3, 4}};
    var ex =
        assertThrows(
            IllegalArgumentException.class,
            () -> Evaluator.builder().build().evaluate(fixed("small", 4, four), split()));
    assertTrue(ex.getMessage().contains("small"), ex.getMessage());
    assertTrue(ex.getMessage().contains("4") && ex.getMessage().contains("5"), ex.getMessage());
    assertFalse(ex.getMessage().isEmpty());
  }
}
