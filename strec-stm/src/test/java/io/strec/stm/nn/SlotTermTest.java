package io.strec.stm.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.strec.stm.Devices;
import io.strec.stm.StmConfig;
import io.strec.stm.data.RepeatFeatures;
import io.strec.stm.data.TextNeighbours;
import io.strec.stm.data.Transitions;
import io.strec.stm.testing.Fixtures;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The slot terms are components: the network creates the parameters each declares, with its
 * weight-decay rule, and lists the terms in the order their values are reported.
 */
class SlotTermTest {
  private static final int N = 7;

  private static Network network(NDManager m, StmConfig c) {
    double[] lat = new double[N];
    double[] lon = new double[N];
    Arrays.fill(lat, 40.7);
    Arrays.fill(lon, -74.0);
    int[] counts = new int[N];
    Arrays.fill(counts, 2);
    return new Network(
        c,
        m,
        DataType.FLOAT32,
        Fixtures.vectors(N, 6, 2),
        counts,
        lat,
        lon,
        4,
        new SplittableRandom(1));
  }

  @Test
  void theNetworkHasTheParametersEachTermDeclaresUndecayed() {
    StmConfig c = Fixtures.tiny(1);
    int d = c.dim();
    try (NDManager m = NDManager.newBaseManager(Devices.configured())) {
      Network net = network(m, c);
      int hidden = c.repeatHidden();
      assertTrue(hidden > 0, "the default repeat term has a hidden layer");
      assertEquals(
          List.of(SlotTerm.REPEAT.withHidden(hidden), SlotTerm.TRANSITION, SlotTerm.SIMILAR),
          net.slotTerms());
      Params p = net.params();
      assertEquals(new Shape(d, RepeatFeatures.Kind.ROUTED.dim()), p.get("repeat.w").getShape());
      assertEquals(new Shape(d, Transitions.DIM), p.get("trans.w").getShape());
      assertEquals(new Shape(d, TextNeighbours.DIM), p.get("nb.w").getShape());
      // A query-dependent term starts as the plain sum of its features.
      float[] ones = new float[RepeatFeatures.Kind.ROUTED.dim()];
      Arrays.fill(ones, 1f);
      assertArrayEquals(ones, p.get("repeat.b").toFloatArray());
      assertArrayEquals(
          new float[d * RepeatFeatures.Kind.ROUTED.dim()], p.get("repeat.w").toFloatArray());
      assertArrayEquals(new float[] {1f, 1f}, p.get("trans.b").toFloatArray());
      assertArrayEquals(new float[d * Transitions.DIM], p.get("trans.w").toFloatArray());
      // The hidden layer's output weights start at zero: the term starts as the linear one.
      assertArrayEquals(new float[hidden], p.get("repeat.h.v").toFloatArray());
      assertEquals(
          new Shape(RepeatFeatures.Kind.ROUTED.dim(), hidden), p.get("repeat.h.wf").getShape());
      assertEquals(new Shape(d, hidden), p.get("repeat.h.wu").getShape());
      Set<String> decayed = net.decayed();
      for (String name : p.names()) {
        boolean slot = net.slotTerms().stream().anyMatch(t -> t.owns(name));
        boolean input = name.endsWith(".h.wf") || name.endsWith(".h.wu");
        if (slot) {
          assertEquals(input, decayed.contains(name), name + ": only the hidden inputs decay");
        }
      }
      assertTrue(decayed.contains("repeat.h.wu"), "the hidden inputs decay");
      assertFalse(p.has("trans.h.wf"), "the other slot terms are linear");
      assertFalse(p.has("nb.h.wf"), "the other slot terms are linear");
      assertTrue(decayed.contains("time.w"), "other matrices still decay");
      assertTrue(decayed.contains("l0.att.wq"), "other matrices still decay");
    }
  }

  /** With {@code transitionWeights=fixed} the transition term has one coefficient per feature. */
  @Test
  void fixedTransitionWeightsAreLearnedOnce() {
    StmConfig c =
        Fixtures.tiny(1).toBuilder()
            .optTransitionWeights(StmConfig.TransitionWeights.FIXED)
            .build();
    try (NDManager m = NDManager.newBaseManager(Devices.configured())) {
      Network net = network(m, c);
      assertEquals(
          List.of(
              SlotTerm.REPEAT.withHidden(c.repeatHidden()),
              SlotTerm.TRANSITION_FIXED,
              SlotTerm.SIMILAR),
          net.slotTerms());
      Params p = net.params();
      assertEquals(new Shape(Transitions.DIM, 1), p.get("trans.w").getShape());
      assertArrayEquals(new float[] {1f, 1f}, p.get("trans.w").toFloatArray());
      assertFalse(p.has("trans.b"));
    }
  }

  /**
   * {@code repeatHidden=0} (models saved before the hidden layer) declares the linear term only.
   */
  @Test
  void withoutHiddenUnitsTheTermsAreLinear() {
    StmConfig c = Fixtures.tiny(1).toBuilder().optRepeatHidden(0).build();
    try (NDManager m = NDManager.newBaseManager(Devices.configured())) {
      Network net = network(m, c);
      assertEquals(
          List.of(SlotTerm.REPEAT, SlotTerm.TRANSITION, SlotTerm.SIMILAR), net.slotTerms());
      for (String name : net.params().names()) {
        assertFalse(name.contains(".h."), name + " belongs to no hidden layer");
      }
    }
  }

  /** Each kind of repeat features gives the repeat term its own width. */
  @Test
  void theRepeatFeaturesSetTheRepeatTermsWidth() {
    for (RepeatFeatures.Kind kind : RepeatFeatures.Kind.values()) {
      StmConfig c = Fixtures.tiny(1).toBuilder().optRepeatFeatures(kind).build();
      SlotTerm repeat = SlotTerm.of(c).get(0);
      assertEquals(kind.dim(), repeat.dim(), kind.label());
      try (NDManager m = NDManager.newBaseManager(Devices.configured())) {
        Network net = network(m, c);
        assertEquals(new Shape(c.dim(), kind.dim()), net.params().get("repeat.w").getShape());
        assertEquals(
            new Shape(kind.dim(), c.repeatHidden()), net.params().get("repeat.h.wf").getShape());
      }
    }
    assertEquals(SlotTerm.REPEAT_TIMED.dim(), 13);
    assertEquals(SlotTerm.REPEAT_HISTORY.dim(), 5);
    assertEquals(SlotTerm.REPEAT.dim(), 19);
  }

  @Test
  void withoutTextNeighboursTheTermIsNeitherListedNorDeclared() {
    StmConfig c = Fixtures.tiny(1).toBuilder().optTextNeighbours(0).build();
    try (NDManager m = NDManager.newBaseManager(Devices.configured())) {
      Network net = network(m, c);
      assertEquals(SlotTerm.of(c), net.slotTerms());
      assertEquals(
          List.of(SlotTerm.REPEAT, SlotTerm.TRANSITION),
          SlotTerm.of(c.toBuilder().optRepeatHidden(0).build()));
      assertFalse(net.params().has("nb.w"));
      assertFalse(net.params().has("nb.b"));
      assertFalse(net.params().has("nb.h.wf"));
      assertEquals(
          List.of("repeat", "transition"), net.slotTerms().stream().map(SlotTerm::name).toList());
    }
  }
}
