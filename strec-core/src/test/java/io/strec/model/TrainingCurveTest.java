package io.strec.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingCurveTest {
  @Test
  void roundTripsThroughTheSummaryWithNaN() {
    TrainingCurve c =
        new TrainingCurve(
            new int[] {3, 4}, new double[] {5.41012345, 4.9}, new double[] {Double.NaN, 0.125});
    Map<String, String> s = c.toSummary();
    assertEquals("3:5.41012,4:4.90000", s.get(TrainingCurve.LOSS_KEY));
    assertEquals("3:NaN,4:0.125000", s.get(TrainingCurve.VALID_MRR_KEY));
    TrainingCurve back = TrainingCurve.fromSummary(s, "m").orElseThrow();
    assertArrayEquals(new int[] {3, 4}, back.epochs());
    assertArrayEquals(new double[] {5.41012, 4.9}, back.loss(), 0);
    assertTrue(Double.isNaN(back.validMrr()[0]));
    assertEquals(0.125, back.validMrr()[1], 0);
    assertTrue(TrainingCurve.fromSummary(Map.of("epochs_trained", "3"), "m").isEmpty());
  }

  @Test
  void malformedEntriesAreNamed() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TrainingCurve.fromSummary(
                    Map.of(
                        TrainingCurve.LOSS_KEY,
                        "1:2.0,2:x",
                        TrainingCurve.VALID_MRR_KEY,
                        "1:0.1,2:0.2"),
                    "model stm"));
    assertTrue(
        e.getMessage().startsWith("model stm: training summary loss_by_epoch entry '2:x'"),
        e.getMessage());
    var m =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TrainingCurve.fromSummary(
                    Map.of(TrainingCurve.LOSS_KEY, "1:2.0", TrainingCurve.VALID_MRR_KEY, "2:0.1"),
                    "m"));
    assertEquals(
        "m: loss_by_epoch has epochs [1] but inner_valid_mrr_by_epoch has [2]", m.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> TrainingCurve.fromSummary(Map.of(TrainingCurve.LOSS_KEY, "1:2.0"), "m"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new TrainingCurve(new int[] {2, 1}, new double[2], new double[2]));
  }
}
