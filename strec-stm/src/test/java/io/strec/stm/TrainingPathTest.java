package io.strec.stm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.strec.data.Dataset;
import io.strec.model.History;
import io.strec.model.Query;
import io.strec.stm.data.Batch;
import io.strec.stm.data.Features;
import io.strec.stm.nn.Dropout;
import io.strec.stm.nn.Network;
import io.strec.stm.nn.QueryForward;
import io.strec.stm.nn.ScoreTerm;
import io.strec.stm.testing.Fixtures;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The training step computes the same scores as inference by a cheaper route: the score terms are
 * summed in place, the repeat, transition and text-neighbour values are placed in one matrix (a
 * text neighbour that is also a repeat or transition item of the same row added to that slot), and
 * the final attention runs once per window instead of once per scored position. Each route is held
 * to the one it replaces.
 */
class TrainingPathTest {
  /**
   * {@link SampledSoftmaxTest}'s data, places on a line 0.84 km apart: near and far items, some
   * beyond the near basis' cut-off.
   */
  private static StmModel fit() {
    return SampledSoftmaxTest.fit(Fixtures.tiny(2), 3, TrainOptions.quiet());
  }

  private static Batch batch(StmModel m, int windows) {
    return SampledSoftmaxTest.batch(m, windows);
  }

  /**
   * The training logits (no dropout) equal inference's, which add the terms one matrix at a time,
   * within float rounding; the batch has text neighbours that are repeat items of the same row, so
   * the merged placement is exercised.
   */
  @Test
  void trainingLogitsEqualTheSumOfTheTerms() {
    try (StmModel m = fit()) {
      Network net = m.network();
      net.thaw();
      Batch bt = batch(m, 3);
      Batch.Slots repeat = bt.slots(0);
      Batch.Slots similar = bt.slots(2);
      int shared = 0;
      for (int p = 0; p < bt.m; p++) {
        for (int s = 0; s < similar.count(); s++) {
          long nb = similar.items()[p * similar.count() + s];
          for (int r = 0; r < repeat.count(); r++) {
            if (nb != m.numItems() && repeat.items()[p * repeat.count() + r] == nb) {
              shared++;
            }
          }
        }
      }
      assertTrue(shared > 0, "the batch needs text neighbours that are also repeat items");
      NDManager root = net.params().get(net.params().names().get(0)).getManager();
      try (NDManager step = root.newSubManager()) {
        float[] training = net.forwardTraining(step, bt, Dropout.OFF).logits().toFloatArray();
        Network.Output out = net.forward(step, bt);
        float[] inference = out.logits().toFloatArray();
        assertEquals(
            List.of("interest", "prior", "distance", "repeat", "transition", "similar"),
            out.terms().stream().map(ScoreTerm::name).toList());
        float[][] parts =
            out.parts().stream()
                .map(a -> a.broadcast(out.logits().getShape()).toFloatArray())
                .toArray(float[][]::new);
        assertEquals(inference.length, training.length);
        float largest = 0f;
        for (int j = 0; j < training.length; j++) {
          double sum = 0;
          for (float[] part : parts) {
            sum += part[j];
          }
          assertEquals(
              inference[j], training[j], 1e-5f + 1e-5f * Math.abs(inference[j]), "at " + j);
          assertEquals(sum, training[j], 1e-4, "sum of the terms at " + j);
          largest = Math.max(largest, Math.abs(parts[5][j]));
        }
        assertTrue(largest > 1e-3f, "the text-neighbour term must contribute, got " + largest);
      }
    }
  }

  /**
   * An item whose ID the ID dropout leaves out is scored from its text alone: with every ID left
   * out, the training logits are those of the same network with its ID vectors set to zero, and
   * they differ from the logits with the IDs kept.
   */
  @Test
  void idDropoutScoresAnItemFromItsTextAlone() {
    try (StmModel m = fit()) {
      Network net = m.network();
      net.thaw();
      Batch bt = batch(m, 3);
      NDManager root = net.params().get(net.params().names().get(0)).getManager();
      try (NDManager step = root.newSubManager()) {
        float[] kept = net.forwardTraining(step, bt, Dropout.OFF).logits().toFloatArray();
        Dropout allIds = Dropout.of(0, 1 - 1e-12, new SplittableRandom(7));
        float[] dropped = net.forwardTraining(step, bt, allIds).logits().toFloatArray();
        net.params().get("id.emb").muli(0);
        float[] zero = net.forwardTraining(step, bt, Dropout.OFF).logits().toFloatArray();
        float moved = 0f;
        for (int j = 0; j < kept.length; j++) {
          assertEquals(zero[j], dropped[j], 1e-5f + 1e-5f * Math.abs(zero[j]), "at " + j);
          moved = Math.max(moved, Math.abs(kept[j] - dropped[j]));
        }
        assertTrue(moved > 1e-3f, "the ID vectors must count when kept, largest change " + moved);
      }
    }
  }

  /**
   * When two scored positions share a window row (a batch training never builds), the final
   * attention runs per position; its user states and attention weights equal those of the
   * per-window route for the same queries.
   */
  @Test
  void perPositionAttentionEqualsPerWindowAttention() {
    try (StmModel m = fit()) {
      Network net = m.network();
      net.freeze();
      Batch byWindow = batch(m, 2);
      Batch shared = batch(m, 2);
      copyQuery(shared, 0, 1);
      assertEquals(shared.selRow[0], shared.selRow[1], "positions 0 and 1 now share a row");
      NDManager root = net.params().get(net.params().names().get(0)).getManager();
      try (NDManager step = root.newSubManager()) {
        QueryForward.Terms a = QueryForward.Terms.of(net.queryTerms(step, byWindow));
        QueryForward.Terms b = QueryForward.Terms.of(net.queryTerms(step, shared));
        int d = a.user().length / byWindow.m;
        int l = byWindow.l;
        for (int p = 0; p < byWindow.m; p++) {
          int from = p == 1 ? 0 : p;
          for (int j = 0; j < d; j++) {
            assertEquals(a.user()[from * d + j], b.user()[p * d + j], 1e-5f, "user " + p + "," + j);
          }
          for (int j = 0; j < 2; j++) {
            assertEquals(a.distCoef()[from * 2 + j], b.distCoef()[p * 2 + j], 1e-5f);
          }
          for (int j = 0; j < l; j++) {
            assertEquals(
                a.attention()[from * l + j], b.attention()[p * l + j], 1e-5f, "weight " + p);
          }
        }
        assertNotEquals(a.user()[d], b.user()[d], "position 1 changed its query");
      }
    }
  }

  /**
   * A printed explanation has a column per slot term of the network, and every listed item's parts
   * add up to its score: with text neighbours a "text" column, without them none.
   */
  @Test
  void explanationsShowTheNetworksSlotTerms() {
    for (int neighbours : new int[] {10, 0}) {
      StmConfig c = Fixtures.tiny(1).toBuilder().optTextNeighbours(neighbours).build();
      try (StmModel m = SampledSoftmaxTest.fit(c, 3, TrainOptions.quiet())) {
        Dataset data = Fixtures.cycles(4, 9, 12);
        int[] evs = data.eventsOf(0);
        int last = evs[evs.length - 1];
        Query q =
            new Query(
                0,
                History.of(data, evs, evs.length),
                data.time(last) + 3600,
                -300,
                data.latitude(last),
                data.longitude(last));
        Explanation e = m.explain(q, 5);
        String header = e.format().lines().skip(1).findFirst().orElseThrow();
        assertTrue(header.contains(" repeat") && header.contains(" flow"), header);
        assertEquals(neighbours > 0, header.contains(" text"), header);
        List<String> names = m.network().terms().stream().map(ScoreTerm::name).toList();
        for (Explanation.Scored s : e.top()) {
          assertEquals(names, List.copyOf(s.parts().keySet()));
          double sum = 0;
          for (float v : s.parts().values()) {
            sum += v;
          }
          assertEquals(s.score(), sum, 1e-4, s.item());
        }
      }
    }
  }

  /** Makes scored position {@code to} of {@code bt} a copy of position {@code from}. */
  private static void copyQuery(Batch bt, int from, int to) {
    int l = bt.l;
    bt.selRow[to] = bt.selRow[from];
    bt.selSeq[to] = bt.selSeq[from];
    bt.target[to] = bt.target[from];
    bt.qRegion[to] = bt.qRegion[from];
    bt.qLat[to] = bt.qLat[from];
    bt.qLon[to] = bt.qLon[from];
    bt.qHasLoc[to] = bt.qHasLoc[from];
    System.arraycopy(
        bt.qTimeFeat,
        from * Features.TIME_DIM,
        bt.qTimeFeat,
        to * Features.TIME_DIM,
        Features.TIME_DIM);
    System.arraycopy(bt.qTimeBucket, from * l, bt.qTimeBucket, to * l, l);
    System.arraycopy(bt.qDistBucket, from * l, bt.qDistBucket, to * l, l);
    System.arraycopy(bt.qMask, from * l, bt.qMask, to * l, l);
    for (int g = 0; g < bt.slotTerms(); g++) {
      Batch.Slots s = bt.slots(g);
      int c = s.count();
      System.arraycopy(s.items(), from * c, s.items(), to * c, c);
      System.arraycopy(
          s.features(), from * c * s.dim(), s.features(), to * c * s.dim(), c * s.dim());
    }
  }
}
