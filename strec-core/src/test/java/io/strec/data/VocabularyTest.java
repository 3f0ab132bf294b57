package io.strec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {
  @Test
  void holdsExactlyTheIdsInTheirOrder() {
    Vocabulary v = Vocabulary.of(List.of("b", "a", "c"));
    assertTrue(v.hasIds(List.of("b", "a", "c")));
    assertFalse(v.hasIds(List.of("a", "b", "c")), "another order");
    assertFalse(v.hasIds(List.of("b", "a")), "fewer ids");
    assertFalse(v.hasIds(List.of("b", "a", "c", "d")), "more ids");
    assertEquals(1, v.indexOf("a"));
  }

  @Test
  void refusesRepeatedAndEmptyIds() {
    var e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(List.of("a", "a")));
    assertTrue(e.getMessage().contains("'a'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(List.of("a", "")));
  }
}
