package io.strec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metric values computed by hand. */
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
  void ndcgOfRankTwoIsOneOverLog2Of3() {
    assertEquals(0.6309297535714575, Metrics.ndcg(2, 10), 1e-15);
    assertEquals(0.0, Metrics.ndcg(11, 10));
  }

  @Test
  void perCaseValuesByName() {
    assertEquals(0.25, Metrics.value("MRR", 4));
    assertEquals(1.0, Metrics.value("HR@5", 5));
    assertEquals(1.0, Metrics.value("Acc@1", 1));
    assertEquals(0.0, Metrics.value("Recall@10", 11));
    assertThrows(IllegalArgumentException.class, () -> Metrics.value("AUC", 1));
  }

  @Test
  void noCasesGivesNaNNotZero() {
    assertEquals(Double.NaN, Metrics.summarize(new int[0], List.of(10)).get("MRR"));
  }
}
