package io.strec.stm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.strec.data.Dataset;
import io.strec.eval.QueryTime;
import io.strec.model.History;
import io.strec.stm.data.Batch;
import io.strec.stm.data.BatchBuilder;
import io.strec.stm.data.GeoGrid;
import io.strec.stm.data.TextNeighbours;
import io.strec.stm.data.Transitions;
import io.strec.stm.data.Window;
import io.strec.stm.nn.Network;
import io.strec.stm.nn.SlotTerm;
import io.strec.stm.testing.Fixtures;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Shapes, and that nothing after a scored position reaches its scores. */
class MaskingTest {
  private final Dataset data = Fixtures.cycles(3, 9, 10);
  private final StmConfig config = Fixtures.tiny(1);

  private float[] scoresAt(History h, int position, int len) {
    GeoGrid grid = GeoGrid.over(data, config.gridCells());
    int n = data.numItems();
    double[] lat = new double[n];
    double[] lon = new double[n];
    for (int i = 0; i < n; i++) {
      lat[i] = data.itemLatitude(i);
      lon[i] = data.itemLongitude(i);
    }
    Window w =
        new Window(
            h,
            0,
            len,
            List.of(
                new Window.Ask(
                    position,
                    h.time(position) + 1800,
                    -300,
                    h.latitude(position),
                    h.longitude(position),
                    -1)));
    float[][] text = Fixtures.vectors(n, 5, 2);
    try (NDManager m = NDManager.newBaseManager()) {
      // With text neighbours: the candidates come from history items, which must be visible ones.
      Batch bt =
          new BatchBuilder(
                  config,
                  grid,
                  SlotTerm.inputs(
                      config,
                      Transitions.of(data, config.successors()),
                      TextNeighbours.of(text, config.textNeighbours(), m),
                      n),
                  n)
              .build(List.of(w));
      Network net =
          new Network(
              config,
              m,
              DataType.FLOAT32,
              text,
              data.itemCounts(),
              lat,
              lon,
              grid.regions(),
              new SplittableRandom(4));
      Network.Output out = net.forward(m, bt);
      assertEquals(2, out.logits().getShape().dimension());
      assertEquals(1, out.logits().getShape().get(0));
      assertEquals(n, out.logits().getShape().get(1));
      assertEquals(len, out.queryWeights().getShape().get(3));
      return out.logits().toFloatArray();
    }
  }

  private History base() {
    return History.of(data, data.eventsOf(0), data.eventsOf(0).length);
  }

  /** History with event k given another item, place and (still sorted) time. */
  private History changed(int k) {
    History h = base();
    int n = h.size();
    int[] it = h.items();
    long[] t = new long[n];
    int[] tz = new int[n];
    double[] la = new double[n];
    double[] lo = new double[n];
    for (int j = 0; j < n; j++) {
      t[j] = h.time(j);
      tz[j] = h.tzOffsetMinutes(j);
      la[j] = h.latitude(j);
      lo[j] = h.longitude(j);
    }
    it[k] = (it[k] + 4) % data.numItems();
    la[k] += 0.05;
    lo[k] -= 0.07;
    t[k] += 600;
    return new History(it, t, tz, la, lo);
  }

  @Test
  void laterEventsDoNotChangeScores() {
    float[] before = scoresAt(base(), 4, 10);
    for (int k = 5; k < 10; k++) {
      assertArrayEquals(
          before,
          scoresAt(changed(k), 4, 10),
          0f,
          "changing event " + k + " after the query leaked into the scores");
    }
  }

  @Test
  void earlierEventsDoChangeScores() {
    float[] before = scoresAt(base(), 4, 10);
    for (int k = 2; k <= 4; k++) {
      assertFalse(
          Arrays.equals(before, scoresAt(changed(k), 4, 10)),
          "event " + k + " before the query had no effect");
    }
  }

  @Test
  void paddingDoesNotChangeScores() {
    assertArrayEquals(scoresAt(base(), 4, 5), scoresAt(base(), 4, 10), 1e-5f);
  }

  @Test
  void trainingPositionsAreEachUsedOnce() {
    Dataset d = Fixtures.cycles(2, 7, 40);
    List<History> hs = StmTrainer.histories(d);
    List<Window> ws = io.strec.stm.train.Fitter.windows(hs, 12, QueryTime.TARGET);
    int[] seen = new int[40];
    for (Window w : ws) {
      if (w.history() != hs.get(0)) {
        continue;
      }
      for (Window.Ask a : w.queries()) {
        seen[w.start() + a.position()]++;
        assertEquals(hs.get(0).item(w.start() + a.position() + 1), a.target());
        assertEquals(
            hs.get(0).latitude(w.start() + a.position()),
            a.lat(),
            0.0,
            "query place is the current event's");
      }
    }
    for (int e = 0; e < 39; e++) {
      assertEquals(1, seen[e], "event " + e);
    }
    assertEquals(0, seen[39], "the last event has no next event to predict");
  }
}
