package io.strec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registry of metrics by name, and means computed by hand. */
class MetricsTest {
  @Test
  void handComputedValues() {
    // ranks 1, 3, 12: HR@1 = 1/3, HR@5 = 2/3, HR@10 = 2/3, HR@20 = 1
    // NDCG@10 = (1/log2(2) + 1/log2(4) + 0) / 3 = (1 + 0.5) / 3 = 0.5
    // MRR = (1 + 1/3 + 1/12) / 3 = 17/36
    Map<String, Double> m = Metrics.summarize(new int[] {1, 3, 12}, List.of(1, 5, 10, 20));
    assertEquals(1.0 / 3, m.get("HR@1"), 1e-15);
    assertEquals(2.0 / 3, m.get("HR@5"), 1e-15);
    assertEquals(2.0 / 3, m.get("HR@10"), 1e-15);
    assertEquals(1.0, m.get("HR@20"), 1e-15);
    assertEquals(0.5, m.get("NDCG@10"), 1e-15);
    assertEquals(1.0 / 3, m.get("NDCG@1"), 1e-15);
    // NDCG@20 adds 1/log2(13) for rank 12
    assertEquals((1.5 + 1 / (Math.log(13) / Math.log(2))) / 3, m.get("NDCG@20"), 1e-15);
    assertEquals(17.0 / 36, m.get("MRR"), 1e-15);
  }

  @Test
  void reportsHitRatesThenNdcgsThenMrr() {
    assertEquals(
        List.of("HR@1", "HR@10", "NDCG@1", "NDCG@10", "MRR"),
        Metrics.summarize(new int[] {2}, List.of(1, 10)).keySet().stream().toList());
  }

  @Test
  void parsesNamesToMetrics() {
    assertEquals(new HitRate(10), Metrics.byName("HR@10"));
    assertEquals(new Ndcg(5), Metrics.byName("NDCG@5"));
    assertSame(ReciprocalRank.MRR, Metrics.byName("MRR"));
  }

  @Test
  void accAndRecallAreHitRate() {
    // With one relevant item per case they are the same number (docs/protocols.md).
    assertEquals(new HitRate(1), Metrics.byName("Acc@1"));
    assertEquals(new HitRate(10), Metrics.byName("Recall@10"));
    assertEquals("HR@10", Metrics.byName("Recall@10").name());
  }

  @Test
  void everyReportedNameReadsBackAsItsMetric() {
    for (Metric m : Metrics.reported(List.of(1, 5, 10, 20, 100))) {
      assertEquals(m, Metrics.byName(m.name()));
    }
  }

  @Test
  void unknownNameIsNamedWithTheKnownOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Metrics.byName("AUC"));
    assertEquals(
        "unknown metric 'AUC'; known: HR@k (also Acc@k, Recall@k), NDCG@k, MRR", e.getMessage());
    // Names are case-sensitive, as in the reports.
    assertThrows(IllegalArgumentException.class, () -> Metrics.byName("mrr"));
  }

  @Test
  void malformedNamesOfAKnownFamilySayWhatIsWrong() {
    assertTrue(message("HR").contains("needs a cut-off"), message("HR"));
    assertTrue(message("NDCG@ten").contains("whole-number cut-off"), message("NDCG@ten"));
    assertTrue(message("HR@0").contains(">= 1: 0"), message("HR@0"));
    assertTrue(message("MRR@10").contains("MRR has no cut-off"), message("MRR@10"));
  }

  @Test
  void noCasesGivesNaNNotZero() {
    assertEquals(Double.NaN, Metrics.summarize(new int[0], List.of(10)).get("MRR"));
    assertEquals(Double.NaN, new HitRate(10).mean(new int[0]));
  }

  private static String message(String name) {
    return assertThrows(IllegalArgumentException.class, () -> Metrics.byName(name)).getMessage();
  }
}
