package io.strec.stm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.strec.data.Dataset;
import io.strec.stm.data.Batch;
import io.strec.stm.data.BatchBuilder;
import io.strec.stm.data.Window;
import io.strec.stm.nn.Dropout;
import io.strec.stm.nn.ItemRows;
import io.strec.stm.nn.Network;
import io.strec.stm.nn.SampledSoftmax;
import io.strec.stm.testing.Fixtures;
import io.strec.stm.train.Fitter;
import io.strec.stm.train.Shards;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A training step split into shards that run on their own threads ({@link Shards}) computes the
 * whole batch's loss and gradients, and a sharded fit repeats bit for bit.
 */
class ShardsTest {
  private static final Dataset DATA = Fixtures.cycles(5, 9, 20);

  private static StmModel fit(StmConfig c, long seed, TrainOptions o) {
    return new StmTrainer(
            "stm", c, ItemVectors.fixed(Fixtures.vectors(DATA.numItems(), 5, 1), "test-vectors"), o)
        .fit(DATA, seed);
  }

  /** A model fitted for {@code epochs} without shards, its network open for training steps. */
  private static StmModel unshardedFit(int epochs) {
    StmModel m = fit(Fixtures.tiny(epochs), 3, TrainOptions.quiet().withShards(1));
    m.network().thaw();
    return m;
  }

  /** The first {@code count} training windows of the data. */
  private static List<Window> windows(StmModel m, int count) {
    StmConfig c = m.state().config();
    List<Window> all = Fitter.windows(StmTrainer.histories(DATA), c.maxLen(), c.queryTime());
    assertTrue(all.size() >= count, "the data has " + all.size() + " windows");
    return all.subList(0, count);
  }

  private static NDManager root(Network net) {
    return net.params().get(net.params().names().get(0)).getManager();
  }

  private static Map<String, float[]> gradients(Network net) {
    Map<String, float[]> g = new LinkedHashMap<>();
    for (var e : net.params().all().entrySet()) {
      try (NDArray grad = e.getValue().getGradient()) {
        g.put(e.getKey(), grad.toFloatArray());
      }
    }
    return g;
  }

  /**
   * The loss and gradients of the whole batch in one pass, against 2 and 3 shards of it: the same
   * within float rounding. The windows have different lengths, so each shard pads to its own
   * length; padding must not reach a score or a gradient.
   */
  @Test
  void shardsGiveTheWholeBatchsLossAndGradients() {
    try (StmModel m = unshardedFit(2)) {
      Network net = m.network();
      BatchBuilder builder = m.state().batchBuilder();
      List<Window> windows = windows(m, 7);
      Batch whole = builder.build(windows);
      net.params().zeroGradients();
      float wholeLoss;
      try (NDManager step = root(net).newSubManager();
          GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray l = net.loss(step, net.forwardTraining(step, whole, Dropout.OFF), whole);
        gc.backward(l);
        wholeLoss = l.getFloat();
      }
      Map<String, float[]> expected = gradients(net);
      int lengths = (int) windows.stream().mapToInt(Window::len).distinct().count();
      assertTrue(lengths > 1, "the windows need different lengths");
      for (int count : new int[] {2, 3}) {
        net.params().zeroGradients();
        try (Shards shards = new Shards(count, 1);
            Shards.Step done =
                shards.backward(
                    net,
                    root(net),
                    windows,
                    builder::build,
                    s -> Dropout.OFF,
                    new long[count],
                    null,
                    null)) {
          assertEquals(whole.m, done.positions(), "positions");
          assertEquals(wholeLoss, done.loss(), 1e-5f * Math.abs(wholeLoss), "loss, " + count);
        }
        Map<String, float[]> got = gradients(net);
        for (var e : expected.entrySet()) {
          close(e.getValue(), got.get(e.getKey()), e.getKey() + " with " + count + " shards");
        }
        assertTrue(
            expected.values().stream().anyMatch(a -> largestOf(a) > 1e-3f),
            "the gradients must not all be zero");
      }
    }
  }

  /**
   * Under a sampled softmax the shards share the batch's item table and negatives: their loss,
   * their summed row gradients (same rows, same order) and the other gradients are the whole
   * batch's.
   */
  @Test
  void shardsGiveTheWholeBatchsSampledLossAndRowGradients() {
    try (StmModel m = unshardedFit(2)) {
      Network net = m.network();
      BatchBuilder builder = m.state().batchBuilder();
      List<Window> windows = windows(m, 7);
      Batch whole = builder.build(windows);
      long[] negItems = {0, 2, 4, 6, 8, 3};
      float[] logExpected = new float[negItems.length];
      java.util.Arrays.fill(logExpected, (float) Math.log(2));
      SampledSoftmax.Negatives neg = new SampledSoftmax.Negatives(negItems, logExpected);
      net.params().zeroGradients();
      float wholeLoss;
      long[] wholeIds;
      Map<String, float[]> wholeRows = new LinkedHashMap<>();
      try (NDManager step = root(net).newSubManager();
          GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        Network.Sampled out = net.forwardSampled(step, whole, Dropout.OFF, neg);
        NDArray l = SampledSoftmax.loss(out.logits());
        gc.backward(l);
        wholeLoss = l.getFloat();
        try (ItemRows.Gradients g = out.rows().gradients(step)) {
          wholeIds = g.ids().toLongArray();
          for (String name : g.names()) {
            wholeRows.put(name, g.of(name).toFloatArray());
          }
        }
      }
      assertFalse(wholeRows.isEmpty(), "the sampled step must read per-item rows");
      Map<String, float[]> expected = gradients(net);
      expected.keySet().removeAll(wholeRows.keySet());
      net.params().zeroGradients();
      try (Shards shards = new Shards(2, 1);
          Shards.Step done =
              shards.backward(
                  net,
                  root(net),
                  windows,
                  builder::build,
                  s -> Dropout.OFF,
                  new long[2],
                  null,
                  neg)) {
        assertEquals(wholeLoss, done.loss(), 1e-5f * Math.abs(wholeLoss), "sampled loss");
        assertArrayEquals(wholeIds, done.rows().ids().toLongArray(), "rows");
        for (var e : wholeRows.entrySet()) {
          close(e.getValue(), done.rows().of(e.getKey()).toFloatArray(), e.getKey() + " rows");
        }
      }
      Map<String, float[]> got = gradients(net);
      for (var e : expected.entrySet()) {
        close(e.getValue(), got.get(e.getKey()), e.getKey());
      }
    }
  }

  private static void close(float[] a, float[] b, String what) {
    assertEquals(a.length, b.length, what);
    float largest = largestOf(a);
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], 1e-6f + 1e-4f * largest, what + "[" + i + "]");
    }
  }

  private static float largestOf(float[] a) {
    float largest = 0;
    for (float v : a) {
      largest = Math.max(largest, Math.abs(v));
    }
    return largest;
  }

  /** Three shards with dropout: the same seed gives the same model, another seed another one. */
  @Test
  void shardedFitsRepeatBitForBit() {
    StmConfig c = Fixtures.tiny(3).toBuilder().optDropout(0.3).build();
    TrainOptions o = TrainOptions.quiet().withShards(3);
    try (StmModel a = fit(c, 7, o);
        StmModel b = fit(c, 7, o);
        StmModel other = fit(c, 8, o)) {
      for (int u = 0; u < 4; u++) {
        assertArrayEquals(scores(a, u), scores(b, u), 0f, "user " + u);
      }
      assertFalse(
          java.util.Arrays.equals(scores(a, 0), scores(other, 0)),
          "another seed should give another model");
    }
  }

  /** A shard that fails fails the step with its own error, and the pool is not left hanging. */
  @Test
  void aFailingShardFailsTheStep() {
    try (StmModel m = unshardedFit(1)) {
      Network net = m.network();
      BatchBuilder builder = m.state().batchBuilder();
      try (Shards shards = new Shards(2, 1)) {
        IllegalArgumentException e =
            assertThrows(
                IllegalArgumentException.class,
                () ->
                    shards.backward(
                        net,
                        root(net),
                        windows(m, 4),
                        builder::build,
                        s -> Dropout.OFF,
                        new long[2],
                        bt -> {
                          if (bt.b == 2) {
                            throw new IllegalArgumentException("batch of " + bt.b + " refused");
                          }
                        },
                        null));
        assertEquals("batch of 2 refused", e.getMessage());
        // The pool still works after the failure.
        Shards.Step done =
            shards.backward(
                net,
                root(net),
                windows(m, 4),
                builder::build,
                s -> Dropout.OFF,
                new long[2],
                null,
                null);
        assertTrue(Float.isFinite(done.loss()));
      }
    }
  }

  private static float[] scores(StmModel m, int user) {
    return Fixtures.scoresAfterLast(m, DATA, user);
  }
}
