package io.strec.stm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.eval.EvalSplit;
import io.strec.stm.data.Batch;
import io.strec.stm.data.BatchBuilder;
import io.strec.stm.data.Window;
import io.strec.stm.testing.Fixtures;
import io.strec.stm.train.Fitter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A builder that remembers windows' batch features ({@link BatchBuilder#remembering}) gives the
 * batches of one that computes them, bit for bit, whether a window is built for the first time or
 * copied, in batches of other windows and other lengths, and within a budget of bytes.
 */
class BatchMemoTest {
  private static final EvalSplit CITY = Fixtures.smallCity(5, 20, 60, 20);

  private static StmModel model;
  private static List<Window> windows;

  @BeforeAll
  static void fit() {
    model =
        new StmTrainer(
                "stm",
                Fixtures.tiny(1),
                ItemVectors.fixed(Fixtures.vectors(CITY.train().numItems(), 8, 1), "test-vectors"),
                TrainOptions.quiet())
            .fit(CITY.train(), 3);
    StmConfig c = model.state().config();
    windows = Fitter.windows(StmTrainer.histories(CITY.train()), c.maxLen(), c.queryTime());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void rememberedBatchesAreTheComputedOnesBitForBit() {
    BatchBuilder plain = model.state().batchBuilder();
    BatchBuilder memo = plain.remembering(windows, Long.MAX_VALUE);
    for (List<Window> part : parts(windows, 5)) {
      assertSameBatch(plain.build(part), memo.build(part));
    }
    assertEquals(windows.size(), memo.remembered()[0]);
    assertTrue(memo.remembered()[1] > 0);
    // The next epoch: other batches, each row copied from its memo.
    List<Window> reversed = new ArrayList<>(windows);
    Collections.reverse(reversed);
    for (List<Window> part : parts(reversed, 7)) {
      assertSameBatch(plain.build(part), memo.build(part));
    }
    assertEquals(windows.size(), memo.remembered()[0]);
  }

  @Test
  void aBudgetKeepsTheWindowsThatFitAndComputesTheOthers() {
    BatchBuilder plain = model.state().batchBuilder();
    BatchBuilder all = plain.remembering(windows, Long.MAX_VALUE);
    parts(windows, 6).forEach(all::build);
    long half = all.remembered()[1] / 2;
    BatchBuilder some = plain.remembering(windows, half);
    for (int epoch = 0; epoch < 2; epoch++) {
      for (List<Window> part : parts(windows, 6)) {
        assertSameBatch(plain.build(part), some.build(part));
      }
    }
    long kept = some.remembered()[0];
    assertTrue(kept > 0 && kept < windows.size(), kept + " of " + windows.size() + " kept");
    assertTrue(some.remembered()[1] <= half, some.remembered()[1] + " bytes over " + half);
    // The first windows built, until one did not fit.
    int firstDropped = 0;
    while (some.remembers(windows.get(firstDropped))) {
      firstDropped++;
    }
    assertEquals(kept, firstDropped);
  }

  @Test
  void theFixtureHasWhatTheMemoKeeps() {
    Batch bt = model.state().batchBuilder().build(windows.subList(0, 4));
    assertTrue(bt.slotTerms() >= 3, bt.slotTerms() + " slot terms");
    boolean padded = false;
    for (int g = 0; g < bt.slotTerms(); g++) {
      Batch.Slots s = bt.slots(g);
      long filled =
          java.util.Arrays.stream(s.items()).filter(i -> i != CITY.train().numItems()).count();
      assertTrue(filled > 0, "slot term " + g + " has no items");
      padded |= filled < s.items().length;
    }
    assertTrue(padded, "no slot term has padding");
    assertTrue(java.util.Arrays.stream(bt.distBucket).distinct().count() > 2);
    assertTrue(java.util.Arrays.stream(bt.qTimeBucket).distinct().count() > 2);
  }

  private static List<List<Window>> parts(List<Window> ws, int size) {
    List<List<Window>> out = new ArrayList<>();
    for (int i = 0; i < ws.size(); i += size) {
      out.add(ws.subList(i, Math.min(ws.size(), i + size)));
    }
    return out;
  }

  private static void assertSameBatch(Batch want, Batch got) {
    assertEquals(want.b, got.b);
    assertEquals(want.l, got.l);
    assertEquals(want.m, got.m);
    assertArrayEquals(want.item, got.item, "item");
    assertArrayEquals(want.timeFeat, got.timeFeat, "timeFeat");
    assertArrayEquals(want.spaceFeat, got.spaceFeat, "spaceFeat");
    assertArrayEquals(want.region, got.region, "region");
    assertArrayEquals(want.attMask, got.attMask, "attMask");
    assertArrayEquals(want.timeBucket, got.timeBucket, "timeBucket");
    assertArrayEquals(want.distBucket, got.distBucket, "distBucket");
    assertArrayEquals(want.selRow, got.selRow, "selRow");
    assertArrayEquals(want.selSeq, got.selSeq, "selSeq");
    assertArrayEquals(want.qTimeFeat, got.qTimeFeat, "qTimeFeat");
    assertArrayEquals(want.qRegion, got.qRegion, "qRegion");
    assertArrayEquals(want.qLat, got.qLat, "qLat");
    assertArrayEquals(want.qLon, got.qLon, "qLon");
    assertArrayEquals(want.qHasLoc, got.qHasLoc, "qHasLoc");
    assertArrayEquals(want.qTimeBucket, got.qTimeBucket, "qTimeBucket");
    assertArrayEquals(want.qDistBucket, got.qDistBucket, "qDistBucket");
    assertArrayEquals(want.qMask, got.qMask, "qMask");
    assertArrayEquals(want.target, got.target, "target");
    assertArrayEquals(want.user, got.user, "user");
    assertEquals(want.slotTerms(), got.slotTerms());
    for (int g = 0; g < want.slotTerms(); g++) {
      assertArrayEquals(want.slots(g).items(), got.slots(g).items(), "slot items " + g);
      // Bits, not values: a -0 or a NaN must come back as it went in.
      float[] a = want.slots(g).features();
      float[] b = got.slots(g).features();
      assertEquals(a.length, b.length);
      for (int i = 0; i < a.length; i++) {
        assertEquals(
            Float.floatToRawIntBits(a[i]),
            Float.floatToRawIntBits(b[i]),
            "slot features " + g + " at " + i);
      }
    }
  }
}
