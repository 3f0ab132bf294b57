package io.strec.stm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Properties;
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
    assertThrows(IllegalArgumentException.class, () -> Ablation.parse("text,colour"));
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
}
