package io.strec.stm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import io.strec.data.Dataset;
import io.strec.model.History;
import io.strec.stm.data.Batch;
import io.strec.stm.data.BatchBuilder;
import io.strec.stm.data.GeoGrid;
import io.strec.stm.data.TextNeighbours;
import io.strec.stm.data.Transitions;
import io.strec.stm.data.Window;
import io.strec.stm.nn.AdamW;
import io.strec.stm.nn.Network;
import io.strec.stm.testing.Fixtures;
import io.strec.stm.train.Fitter;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("slow")
class SpeedProbeTest {
  @Test
  void step() {
    Dataset data = Fixtures.cycles(100, 5000, 120);
    StmConfig cfg = StmConfig.defaults().withAblations(java.util.EnumSet.of(Ablation.TEXT));
    int n = data.numItems();
    double[] lat = new double[n];
    double[] lon = new double[n];
    for (int i = 0; i < n; i++) {
      lat[i] = data.itemLatitude(i);
      lon[i] = data.itemLongitude(i);
    }
    GeoGrid grid = GeoGrid.over(data, cfg.gridCells());
    Transitions tr = Transitions.of(data, cfg.successors());
    List<History> hs = StmTrainer.histories(data);
    List<Window> ws = Fitter.windows(hs, cfg.maxLen(), cfg.queryTime());
    BatchBuilder bb = new BatchBuilder(cfg, grid, tr, TextNeighbours.none(n), n);
    try (NDManager root = NDManager.newBaseManager()) {
      Network net =
          new Network(
              cfg,
              root,
              DataType.FLOAT32,
              null,
              data.itemCounts(),
              lat,
              lon,
              grid.regions(),
              new SplittableRandom(1));
      AdamW opt = new AdamW(net.params(), root, 1e-3, 0.01, 10, 100, net.decayed());
      for (int it = 0; it < 6; it++) {
        long t0 = System.nanoTime();
        Batch bt = bb.build(ws.subList(it * 32, it * 32 + 32));
        long t1 = System.nanoTime();
        float loss;
        long t2;
        long t3;
        try (NDManager step = root.newSubManager();
            GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          Network.Output out =
              net.forwardTraining(
                  step, bt, io.strec.stm.nn.Dropout.of(cfg.dropout(), new SplittableRandom(it)));
          NDArray l = Network.loss(step, out, bt);
          loss = l.getFloat();
          t2 = System.nanoTime();
          gc.backward(l);
          t3 = System.nanoTime();
        }
        opt.update();
        long t4 = System.nanoTime();
        System.out.printf(
            "m=%d build %.0f ms fwd %.0f ms bwd %.0f ms opt %.0f ms loss %.3f%n",
            bt.m, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6, loss);
      }
    }
  }
}
