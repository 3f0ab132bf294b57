package io.strec.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Per-case values of each metric, computed by hand. */
class MetricTest {
  @Test
  void rankThreeWithCutoffTen() {
    assertEquals(1.0, new HitRate(10).value(3));
    // 1/log2(4) = 1/2
    assertEquals(0.5, new Ndcg(10).value(3), 1e-15);
    assertEquals(1.0 / 3, ReciprocalRank.MRR.value(3), 1e-15);
  }

  @Test
  void hitRateCountsTheCutoffItself() {
    assertEquals(1.0, new HitRate(5).value(5));
    assertEquals(0.0, new HitRate(5).value(6));
    assertEquals(1.0, new HitRate(1).value(1));
    assertEquals(0.0, new HitRate(1).value(2));
  }

  @Test
  void ndcgIsOneAtTheTopAndZeroBeyondTheCutoff() {
    assertEquals(1.0, new Ndcg(10).value(1), 1e-15);
    // 1/log2(3)
    assertEquals(0.6309297535714575, new Ndcg(10).value(2), 1e-15);
    // 1/log2(11) at the cut-off, nothing past it
    assertEquals(0.2890648263178879, new Ndcg(10).value(10), 1e-15);
    assertEquals(0.0, new Ndcg(10).value(11));
  }

  @Test
  void reciprocalRankHasNoCutoff() {
    assertEquals(1.0, ReciprocalRank.MRR.value(1));
    assertEquals(0.25, ReciprocalRank.MRR.value(4));
    assertEquals(1.0 / 5000, ReciprocalRank.MRR.value(5000), 1e-18);
  }

  @Test
  void meanIsOverAllCases() {
    int[] ranks = {1, 3, 12};
    assertEquals(2.0 / 3, new HitRate(10).mean(ranks), 1e-15);
    assertEquals(0.5, new Ndcg(10).mean(ranks), 1e-15);
    assertEquals(17.0 / 36, ReciprocalRank.MRR.mean(ranks), 1e-15);
  }

  @Test
  void namesAreTheReportLabels() {
    assertEquals("HR@10", new HitRate(10).name());
    assertEquals("NDCG@10", new Ndcg(10).name());
    assertEquals("MRR", ReciprocalRank.MRR.name());
    assertEquals("NDCG@10", new Ndcg(10).toString());
  }

  @Test
  void evaluationGivesPerCaseValuesByNameOrType() {
    Evaluation e =
        new Evaluation(
            "m",
            "m",
            List.of("a", "b"),
            new int[] {2, 11},
            new int[][] {{4, 0}, {1, 3}},
            Map.of("MRR", (1.0 / 2 + 1.0 / 11) / 2),
            Map.of(),
            Map.of(),
            Optional.empty(),
            0,
            0);
    assertArrayEquals(new double[] {1.0, 0.0}, e.perCase("Acc@10"));
    assertArrayEquals(new double[] {1.0, 0.0}, e.perCase(new HitRate(10)));
    assertEquals(e.metric("MRR"), e.metric(ReciprocalRank.MRR));
    assertArrayEquals(new int[] {1, 3}, e.top(1));
  }
}
