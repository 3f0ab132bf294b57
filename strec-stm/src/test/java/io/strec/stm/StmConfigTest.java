package io.strec.stm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.eval.QueryTime;
import io.strec.stm.data.RepeatFeatures;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.Properties;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class StmConfigTest {
  @Test
  void roundTripsThroughProperties() {
    StmConfig c =
        StmConfig.defaults().withAblations(EnumSet.of(Ablation.TIME, Ablation.GRAPH)).withEpochs(7);
    assertEquals(c, StmConfig.of(c.toProperties()));
    assertEquals(StmConfig.defaults(), StmConfig.of(new Properties()));
  }

  @Test
  void rejectsBadValuesNamingThem() {
    Properties p = new Properties();
    p.setProperty("heads", "3");
    var e = assertThrows(IllegalArgumentException.class, () -> StmConfig.of(p));
    assertTrue(e.getMessage().contains("64") && e.getMessage().contains("3"), e.getMessage());
    Properties q = new Properties();
    q.setProperty("dimm", "3");
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> StmConfig.of(q))
            .getMessage()
            .contains("dimm"));
    assertThrows(
        IllegalArgumentException.class,
        () -> StmConfig.defaults().withAblations(EnumSet.of(Ablation.TEXT, Ablation.ID)));
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> Ablation.parse("text,colour"));
    // The message names the bad part and every component that may be switched off.
    assertTrue(bad.getMessage().contains("'colour'"), bad.getMessage());
    for (Ablation a : Ablation.values()) {
      assertTrue(bad.getMessage().contains(a.key()), bad.getMessage());
    }
  }

  @Test
  void theHabitIsAutoOrANonNegativeNumber() {
    assertTrue(StmConfig.defaults().habitAuto());
    assertEquals("auto", StmConfig.defaults().toProperties().getProperty("habit"));
    StmConfig fixed = StmConfig.of(StmFactory.overrides("habit=2.5"));
    assertFalse(fixed.habitAuto());
    assertEquals(2.5, fixed.habit());
    assertEquals(fixed, StmConfig.of(fixed.toProperties()));
    assertEquals("stm(ablate=usertext,habit=2.5)", fixed.describe());
    for (String bad : new String[] {"-1", "often", "Infinity", "NaN"}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> StmConfig.of(StmFactory.overrides("habit=" + bad)),
              bad);
      assertTrue(e.getMessage().contains("habit") && e.getMessage().contains(bad), e.getMessage());
    }
    // A model saved before the habit term existed has none.
    Properties saved = StmConfig.defaults().toProperties();
    saved.remove("habit");
    assertEquals(0.0, StmConfig.ofSaved(saved).habit());
  }

  @Test
  void ablationListsParse() {
    assertEquals(EnumSet.of(Ablation.TEXT, Ablation.SPACE), Ablation.parse("text, space"));
    assertEquals("none", Ablation.format(Ablation.parse("none")));
  }

  @Test
  void overridesComeFromOneProperty() {
    Properties p = StmFactory.overrides("epochs=5,dim=32,ablate=text,time");
    StmConfig c = StmConfig.of(p);
    assertEquals(5, c.epochs());
    assertEquals(32, c.dim());
    assertEquals(EnumSet.of(Ablation.TEXT, Ablation.TIME), c.ablations());
  }

  @Test
  void queryTimeRoundTripsAndShowsOnlyWhenNotTheDefault() {
    StmConfig last = StmConfig.defaults().withQueryTime(QueryTime.LAST).withEpochs(4);
    assertEquals(QueryTime.LAST, last.queryTime());
    assertEquals("last", last.toProperties().getProperty("queryTime"));
    assertEquals(last, StmConfig.of(last.toProperties()));
    assertEquals("target", StmConfig.defaults().toProperties().getProperty("queryTime"));
    // The default setting reads as it did before the query time existed (reports, provenance).
    assertEquals("stm(ablate=usertext)", StmConfig.defaults().describe());
    assertEquals("stm(epochs=4,ablate=usertext,queryTime=last)", last.describe());
    Properties bad = new Properties();
    bad.setProperty("queryTime", "now");
    String m = assertThrows(IllegalArgumentException.class, () -> StmConfig.of(bad)).getMessage();
    assertTrue(m.contains("queryTime") && m.contains("'now'"), m);
  }

  /**
   * The refit round-trips, a model saved before it existed reads as not refitted (as it was
   * trained), and a value other than true or false is refused by name.
   */
  @Test
  void refitRoundTripsAndASavedModelBeforeItReadsAsNotRefitted() throws IOException {
    StmConfig on = StmConfig.defaults().toBuilder().optRefit(true).build();
    assertTrue(on.refit());
    assertEquals("true", on.toProperties().getProperty("refit"));
    assertEquals(on, StmConfig.of(on.toProperties()));
    assertEquals(on, StmConfig.ofSaved(on.toProperties()));
    Properties p = goldenConfig();
    assertFalse(p.containsKey("refit"), "the golden model predates the setting");
    assertFalse(StmConfig.ofSaved(p).refit());
    Properties bad = new Properties();
    bad.setProperty("refit", "yes");
    String m = assertThrows(IllegalArgumentException.class, () -> StmConfig.of(bad)).getMessage();
    assertTrue(m.contains("refit") && m.contains("'yes'"), m);
  }

  /** A model directory saved before the setting existed (the golden one) trains under target. */
  @Test
  void configWithoutQueryTimeReadsAsTarget() throws IOException {
    Properties p = goldenConfig();
    assertFalse(p.containsKey("queryTime"), "the golden model predates the setting");
    StmConfig c = StmConfig.of(p);
    assertEquals(QueryTime.TARGET, c.queryTime());
    assertEquals(16, c.dim());
  }

  /**
   * A model directory saved before the timed repeat features existed (the golden one) keeps the
   * five history features it was trained with; a setting given by hand without the key gets the
   * default, and a bad value is refused by name.
   */
  @Test
  void savedConfigWithoutRepeatFeaturesReadsAsHistory() throws IOException {
    Properties p = goldenConfig();
    assertFalse(p.containsKey("repeatFeatures"), "the golden model predates the setting");
    assertEquals(RepeatFeatures.Kind.HISTORY, StmConfig.ofSaved(p).repeatFeatures());
    assertEquals(RepeatFeatures.Kind.ROUTED, StmConfig.of(p).repeatFeatures());
    StmConfig defaults = StmConfig.defaults();
    assertEquals(defaults, StmConfig.ofSaved(defaults.toProperties()));
    Properties timed = defaults.toProperties();
    timed.setProperty("repeatFeatures", "timed");
    assertEquals(RepeatFeatures.Kind.TIMED, StmConfig.ofSaved(timed).repeatFeatures());
    // A model saved with the default before routed became it keeps placed.
    Properties placed = defaults.toProperties();
    placed.setProperty("repeatFeatures", "placed");
    assertEquals(RepeatFeatures.Kind.PLACED, StmConfig.ofSaved(placed).repeatFeatures());
    Properties bad = new Properties();
    bad.setProperty("repeatFeatures", "hourly");
    String m = assertThrows(IllegalArgumentException.class, () -> StmConfig.of(bad)).getMessage();
    assertTrue(m.contains("repeatFeatures") && m.contains("'hourly'"), m);
  }

  /**
   * The peak learning rate of a fit: the setting's rate at {@code rateAtPositions} positions a
   * batch, its square-root share below, the rate itself above, and unscaled with 0; a model saved
   * before the setting existed reads as 0 (trained at its rate as written).
   */
  @Test
  void thePeakRateFollowsTheSquareRootOfTheBatchPositions() throws IOException {
    StmConfig c = StmConfig.builder().optLearningRate(4e-3).optRateAtPositions(1024).build();
    assertEquals(4e-3, c.peakRate(1024), 1e-15);
    assertEquals(2e-3, c.peakRate(256), 1e-15);
    assertEquals(1e-3, c.peakRate(64), 1e-15);
    assertEquals(4e-3, c.peakRate(4096), 1e-15, "never above the setting's rate");
    assertEquals(4e-3, c.peakRate(0), 1e-15, "no positions: nothing to scale by");
    StmConfig plain = c.toBuilder().optRateAtPositions(0).build();
    assertEquals(4e-3, plain.peakRate(64), 1e-15);
    Properties p = goldenConfig();
    assertFalse(p.containsKey("rateAtPositions"), "the golden model predates the setting");
    assertEquals(0, StmConfig.ofSaved(p).rateAtPositions());
    assertEquals(
        Double.parseDouble(p.getProperty("learningRate")), StmConfig.ofSaved(p).peakRate(10));
    assertEquals(StmConfig.defaults(), StmConfig.ofSaved(StmConfig.defaults().toProperties()));
    String m =
        assertThrows(
                IllegalArgumentException.class,
                () -> StmConfig.builder().optRateAtPositions(-1).build())
            .getMessage();
    assertTrue(m.contains("rateAtPositions") && m.contains("-1"), m);
  }

  /**
   * A model directory saved before the transition weights depended on the query (the golden one)
   * keeps its fixed ones; a setting given by hand without the key gets the default, and a bad value
   * is refused by name.
   */
  @Test
  void savedConfigWithoutTransitionWeightsReadsAsFixed() throws IOException {
    Properties p = goldenConfig();
    assertFalse(p.containsKey("transitionWeights"), "the golden model predates the setting");
    assertEquals(StmConfig.TransitionWeights.FIXED, StmConfig.ofSaved(p).transitionWeights());
    assertEquals(StmConfig.TransitionWeights.QUERY, StmConfig.of(p).transitionWeights());
    Properties bad = new Properties();
    bad.setProperty("transitionWeights", "learned");
    String m = assertThrows(IllegalArgumentException.class, () -> StmConfig.of(bad)).getMessage();
    assertTrue(m.contains("transitionWeights") && m.contains("'learned'"), m);
  }

  @Test
  void savedConfigWithoutTextInputReadsAsUnit() throws IOException {
    Properties p = goldenConfig();
    assertFalse(p.containsKey("textInput"), "the golden model predates the setting");
    assertEquals(StmConfig.TextInput.UNIT, StmConfig.ofSaved(p).textInput());
    assertEquals(StmConfig.TextInput.WHITENED, StmConfig.of(p).textInput());
    assertEquals(
        StmConfig.TextInput.WHITENED,
        StmConfig.ofSaved(StmConfig.defaults().toProperties()).textInput(),
        "a model saved with the setting keeps it");
    Properties bad = new Properties();
    bad.setProperty("textInput", "pca");
    String m = assertThrows(IllegalArgumentException.class, () -> StmConfig.of(bad)).getMessage();
    assertTrue(m.contains("textInput") && m.contains("'pca'") && m.contains("whitened"), m);
  }

  @Test
  void savedConfigWithoutNeighbourTextReadsAsUnit() throws IOException {
    Properties p = goldenConfig();
    assertFalse(p.containsKey("neighbourText"), "the golden model predates the setting");
    assertEquals(StmConfig.TextInput.UNIT, StmConfig.ofSaved(p).neighbourText());
    assertEquals(StmConfig.TextInput.WHITENED, StmConfig.of(p).neighbourText());
    Properties bad = new Properties();
    bad.setProperty("neighbourText", "raw");
    String m = assertThrows(IllegalArgumentException.class, () -> StmConfig.of(bad)).getMessage();
    assertTrue(m.contains("neighbourText") && m.contains("'raw'"), m);
  }

  @Test
  void savedConfigWithoutIdDropoutReadsAsNone() throws IOException {
    Properties p = goldenConfig();
    assertFalse(p.containsKey("idDropout"), "the golden model predates the setting");
    assertEquals(0.0, StmConfig.ofSaved(p).idDropout());
    assertEquals(StmConfig.defaults().idDropout(), StmConfig.of(p).idDropout());
    assertTrue(StmConfig.defaults().idDropout() > 0, "ID dropout is on by default");
    Properties bad = new Properties();
    bad.setProperty("idDropout", "1.5");
    String m = assertThrows(IllegalArgumentException.class, () -> StmConfig.of(bad)).getMessage();
    assertTrue(m.contains("idDropout") && m.contains("1.5"), m);
  }

  @Test
  void savedConfigWithoutAverageEpochsKeepsTheWeights() throws IOException {
    Properties p = goldenConfig();
    assertFalse(p.containsKey("averageEpochs"), "the golden model predates the setting");
    assertEquals(0.0, StmConfig.ofSaved(p).averageEpochs());
    assertEquals(StmConfig.defaults().averageEpochs(), StmConfig.of(p).averageEpochs());
    Properties bad = new Properties();
    bad.setProperty("averageEpochs", "-1");
    String m = assertThrows(IllegalArgumentException.class, () -> StmConfig.of(bad)).getMessage();
    assertTrue(m.contains("averageEpochs") && m.contains("-1"), m);
  }

  @Test
  void savedConfigWithoutRepeatHiddenHasLinearSlotTerms() throws IOException {
    Properties p = goldenConfig();
    assertFalse(p.containsKey("repeatHidden"), "the golden model predates the setting");
    assertEquals(0, StmConfig.ofSaved(p).repeatHidden());
    assertEquals(StmConfig.defaults().repeatHidden(), StmConfig.of(p).repeatHidden());
    Properties bad = new Properties();
    bad.setProperty("repeatHidden", "-2");
    String m = assertThrows(IllegalArgumentException.class, () -> StmConfig.of(bad)).getMessage();
    assertTrue(m.contains("repeatHidden") && m.contains("-2"), m);
  }

  @Test
  void savedConfigWithoutMinGainStopsAsItDid() throws IOException {
    assertShareAddedAfterTheGoldenModel("minGain", 0.003, StmConfig::minGain);
  }

  @Test
  void savedConfigWithoutLabelSmoothingTrainsAsItDid() throws IOException {
    assertShareAddedAfterTheGoldenModel("labelSmoothing", 0.1, StmConfig::labelSmoothing);
  }

  /**
   * A share in [0, 1) that the golden model predates: a saved model reads 0, as it was trained; a
   * new setting takes {@code dflt}; -0.1, 1 and NaN are refused naming the setting and the value.
   */
  private void assertShareAddedAfterTheGoldenModel(
      String key, double dflt, ToDoubleFunction<StmConfig> get) throws IOException {
    Properties p = goldenConfig();
    assertFalse(p.containsKey(key), "the golden model predates the setting");
    assertEquals(0.0, get.applyAsDouble(StmConfig.ofSaved(p)));
    assertEquals(dflt, get.applyAsDouble(StmConfig.defaults()), "the default");
    assertEquals(dflt, get.applyAsDouble(StmConfig.of(p)));
    for (String v : new String[] {"-0.1", "1", "NaN"}) {
      Properties bad = new Properties();
      bad.setProperty(key, v);
      String m = assertThrows(IllegalArgumentException.class, () -> StmConfig.of(bad)).getMessage();
      assertTrue(m.contains(key) && m.contains(v.equals("1") ? "1.0" : v), m);
    }
  }

  @Test
  void theBudgetIsNoneEpochsOrSecondsAndASavedModelBeforeItHadNone() {
    assertEquals("none", StmConfig.defaults().toProperties().getProperty("budget"));
    assertFalse(StmConfig.defaults().budget().limits());
    StmConfig seconds = StmConfig.of(StmFactory.overrides("budget=2.5m"));
    assertEquals(new FitBudget(0, 150), seconds.budget());
    assertEquals("150s", seconds.toProperties().getProperty("budget"));
    assertEquals(seconds, StmConfig.of(seconds.toProperties()));
    assertEquals("stm(ablate=usertext,budget=150s)", seconds.describe());
    StmConfig epochs = StmConfig.of(StmFactory.overrides("budget=12"));
    assertEquals(new FitBudget(12, 0), epochs.budget());
    assertEquals(epochs, StmConfig.of(epochs.toProperties()));
    for (String bad : new String[] {"-3e", "soon", "0s", "0", "12x", "Infinitys"}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> StmConfig.of(StmFactory.overrides("budget=" + bad)),
              bad);
      assertTrue(
          e.getMessage().contains("budget") && e.getMessage().contains("'" + bad + "'"),
          e.getMessage());
    }
    Properties saved = StmConfig.defaults().toProperties();
    saved.remove("budget");
    assertEquals(FitBudget.NONE, StmConfig.ofSaved(saved).budget());
  }

  @Test
  void builderStartsFromTheDefaultsOrASetting() {
    assertEquals(StmConfig.defaults(), StmConfig.builder().build());
    StmConfig c = StmConfig.defaults().withEpochs(3).withQueryTime(QueryTime.LAST);
    assertEquals(c, c.toBuilder().build());
  }

  /** Each setter sets its own component (every value differs from the default) and no other. */
  @Test
  void everyBuilderSetterReachesItsComponent() {
    StmConfig c =
        StmConfig.builder()
            .optDim(24)
            .optHeads(3)
            .optLayers(4)
            .optMaxLen(7)
            .optDropout(0.35)
            .optIdDropout(0.45)
            .optLabelSmoothing(0.55)
            .optLearningRate(1e-4)
            .optRateAtPositions(77)
            .optWeightDecay(0.5)
            .optBatchSize(9)
            .optEpochs(11)
            .optPatience(6)
            .optMinGain(0.02)
            .optAverageEpochs(2.5)
            .optWarmupSteps(13)
            .optRepeatItems(14)
            .optSuccessors(15)
            .optGridCells(16)
            .optSampledSoftmaxAbove(17)
            .optNegatives(18)
            .optTextNeighbours(19)
            .optRepeatHidden(21)
            .optRepeatFeatures(RepeatFeatures.Kind.HISTORY)
            .optTransitionWeights(StmConfig.TransitionWeights.FIXED)
            .optTextInput(StmConfig.TextInput.UNIT)
            .optNeighbourText(StmConfig.TextInput.UNIT)
            .optAblations(EnumSet.of(Ablation.SPACE, Ablation.REPEAT))
            .optQueryTime(QueryTime.LAST)
            .optRefit(!StmConfig.defaults().refit())
            .optHabit(3.5)
            .optBudget(new FitBudget(5, 0))
            .build();
    assertEquals(24, c.dim());
    assertEquals(3, c.heads());
    assertEquals(4, c.layers());
    assertEquals(7, c.maxLen());
    assertEquals(0.35, c.dropout());
    assertEquals(0.45, c.idDropout());
    assertEquals(0.55, c.labelSmoothing());
    assertEquals(1e-4, c.learningRate());
    assertEquals(77, c.rateAtPositions());
    assertEquals(0.5, c.weightDecay());
    assertEquals(9, c.batchSize());
    assertEquals(11, c.epochs());
    assertEquals(6, c.patience());
    assertEquals(0.02, c.minGain());
    assertEquals(2.5, c.averageEpochs());
    assertEquals(13, c.warmupSteps());
    assertEquals(14, c.repeatItems());
    assertEquals(15, c.successors());
    assertEquals(16, c.gridCells());
    assertEquals(17, c.sampledSoftmaxAbove());
    assertEquals(18, c.negatives());
    assertEquals(19, c.textNeighbours());
    assertEquals(21, c.repeatHidden());
    assertEquals(RepeatFeatures.Kind.HISTORY, c.repeatFeatures());
    assertEquals(StmConfig.TransitionWeights.FIXED, c.transitionWeights());
    assertEquals(StmConfig.TextInput.UNIT, c.textInput());
    assertEquals(StmConfig.TextInput.UNIT, c.neighbourText());
    assertEquals(EnumSet.of(Ablation.SPACE, Ablation.REPEAT), c.ablations());
    assertEquals(QueryTime.LAST, c.queryTime());
    assertEquals(!StmConfig.defaults().refit(), c.refit());
    assertEquals(3.5, c.habit());
    assertEquals(new FitBudget(5, 0), c.budget());
    // every component differs from the default, so the description lists them all
    StmConfig d = StmConfig.defaults();
    for (var e : c.asMap().entrySet()) {
      assertFalse(e.getValue().equals(d.asMap().get(e.getKey())), e.getKey());
    }
    assertEquals(c, StmConfig.of(c.toProperties()));
  }

  @Test
  void buildValidatesNamingTheComponent() {
    String heads =
        assertThrows(IllegalArgumentException.class, () -> StmConfig.builder().optHeads(3).build())
            .getMessage();
    assertTrue(heads.contains("heads 3") && heads.contains("64"), heads);
    String dropout =
        assertThrows(
                IllegalArgumentException.class, () -> StmConfig.builder().optDropout(1.0).build())
            .getMessage();
    assertTrue(dropout.contains("dropout") && dropout.contains("1.0"), dropout);
    String negatives =
        assertThrows(
                IllegalArgumentException.class, () -> StmConfig.builder().optNegatives(0).build())
            .getMessage();
    assertTrue(negatives.contains("negatives") && negatives.contains("0"), negatives);
    String query =
        assertThrows(
                NullPointerException.class, () -> StmConfig.builder().optQueryTime(null).build())
            .getMessage();
    assertTrue(query.contains("queryTime"), query);
    StmConfig.Builder b = StmConfig.builder().optAblations(EnumSet.of(Ablation.TEXT, Ablation.ID));
    assertThrows(IllegalArgumentException.class, b::build);
  }

  /** The {@code config.properties} of the golden model directory, saved by an earlier version. */
  private Properties goldenConfig() throws IOException {
    Properties p = new Properties();
    try (InputStream in = getClass().getResourceAsStream("/golden/stm/config.properties")) {
      p.load(in);
    }
    return p;
  }
}
