package io.strec.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void reportsDoneTotalRateAndEta() {
    List<String> lines = new ArrayList<>();
    Progress p = new Progress("work", 4, 0, lines::add);
    p.step();
    p.step();
    assertEquals(2, lines.size(), "a zero interval reports every step");
    assertTrue(lines.get(1).startsWith("work: 2/4 (50%), "), lines.get(1));
    assertTrue(lines.get(1).matches(".*, [0-9.]+/s, ETA [0-9]+ s"), lines.get(1));
  }

  @Test
  void quickWorkPrintsNothing() {
    List<String> lines = new ArrayList<>();
    Progress p = new Progress("work", 3, 3600, lines::add);
    p.step();
    p.step();
    p.step();
    assertEquals(List.of(), lines);
  }
}
