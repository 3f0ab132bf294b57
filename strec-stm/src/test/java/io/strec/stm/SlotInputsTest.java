package io.strec.stm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.strec.data.Dataset;
import io.strec.stm.data.Batch;
import io.strec.stm.data.BatchBuilder;
import io.strec.stm.data.GeoGrid;
import io.strec.stm.data.TextNeighbours;
import io.strec.stm.data.Transitions;
import io.strec.stm.data.Window;
import io.strec.stm.nn.SlotTerm;
import io.strec.stm.testing.Fixtures;
import io.strec.stm.train.Fitter;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The batch builder takes each slot term's slots from the source the term names, in the order of
 * the network's terms, with the counts the configuration gives; an ablated term gets padding only.
 */
class SlotInputsTest {
  private static final Dataset DATA = Fixtures.cycles(4, 9, 12);

  private static Batch batch(StmConfig c, NDManager m) {
    int n = DATA.numItems();
    List<BatchBuilder.SlotInput> inputs =
        SlotTerm.inputs(
            c,
            Transitions.of(DATA, c.successors()),
            TextNeighbours.of(Fixtures.vectors(n, 5, 3), c.textNeighbours(), m),
            n);
    List<Window> windows =
        Fitter.windows(StmTrainer.histories(DATA), c.maxLen(), c.queryTime()).subList(0, 3);
    return new BatchBuilder(c, GeoGrid.over(DATA, c.gridCells()), inputs, n).build(windows);
  }

  private static int used(Batch.Slots s, int pad) {
    int k = 0;
    for (long item : s.items()) {
      k += item == pad ? 0 : 1;
    }
    return k;
  }

  @Test
  void eachTermsSlotsComeFromItsSourceInTheNetworksOrder() {
    StmConfig c = Fixtures.tiny(1);
    int pad = DATA.numItems();
    try (NDManager m = NDManager.newBaseManager()) {
      Batch bt = batch(c, m);
      List<SlotTerm> terms = SlotTerm.of(c);
      assertEquals(terms.size(), bt.slotTerms());
      int[] counts = {c.repeatItems(), c.successors(), c.textNeighbours()};
      for (int g = 0; g < terms.size(); g++) {
        Batch.Slots s = bt.slots(g);
        assertEquals(counts[g], s.count(), terms.get(g).name());
        assertEquals(terms.get(g).dim(), s.dim(), terms.get(g).name());
        assertEquals(bt.m * s.count(), s.items().length);
        assertEquals(bt.m * s.count() * s.dim(), s.features().length);
        assertTrue(used(s, pad) > 0, terms.get(g).name() + " fills some slots");
      }
      // The transition slots keep apart from the repeat slots of the same position.
      Batch.Slots repeat = bt.slots(0);
      Batch.Slots flow = bt.slots(1);
      for (int p = 0; p < bt.m; p++) {
        for (int k = 0; k < flow.count(); k++) {
          long item = flow.items()[p * flow.count() + k];
          for (int r = 0; r < repeat.count() && item != pad; r++) {
            assertNotEquals(item, repeat.items()[p * repeat.count() + r], "position " + p);
          }
        }
      }
    }
  }

  @Test
  void anAblatedTermKeepsItsSlotsAsPaddingOnly() {
    StmConfig c = Fixtures.tiny(1).withAblations(EnumSet.of(Ablation.REPEAT, Ablation.GRAPH));
    int pad = DATA.numItems();
    try (NDManager m = NDManager.newBaseManager()) {
      Batch bt = batch(c, m);
      assertEquals(SlotTerm.of(c).size(), bt.slotTerms());
      for (int g = 0; g < 2; g++) {
        Batch.Slots s = bt.slots(g);
        assertEquals(0, used(s, pad), "term " + g);
        for (float f : s.features()) {
          assertEquals(0f, f);
        }
      }
    }
  }

  @Test
  void sourcesOverAnotherCatalogueAreRefused() {
    StmConfig c = Fixtures.tiny(1);
    int n = DATA.numItems();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SlotTerm.inputs(c, Transitions.of(DATA, 3), TextNeighbours.none(n + 1), n));
    assertTrue(e.getMessage().contains("text neighbours of " + (n + 1) + " items"), e.getMessage());
  }
}
