package io.strec.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.app.store.StoredItem;
import io.strec.data.Vocabulary;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The catalogue keeps items without their text, under the vocabulary's own id strings. */
class CatalogueTest {
  private static StoredItem item(String id) {
    // A fresh string, as a row read from the store gives.
    return new StoredItem(
        new String(id.toCharArray()),
        "T " + id,
        List.of("cafe"),
        "Brand",
        "a description",
        40.7,
        -74.0,
        "09:00-17:00",
        false,
        OptionalLong.empty(),
        1);
  }

  @Test
  void keepsItemsLeanUnderTheVocabularysIds() {
    Vocabulary ids = Vocabulary.of(List.of("a", "b"));
    Catalogue c = Catalogue.of(ids, List.of(item("b"), item("a"), item("x")));
    for (int i = 0; i < 2; i++) {
      StoredItem it = c.item(i).orElseThrow();
      assertSame(ids.id(i), it.id(), "one string per id");
      assertEquals("", it.description());
      assertEquals("", it.brand());
      assertEquals("T " + ids.id(i), it.title());
      assertTrue(c.hours(i).isPresent(), "opening hours are kept");
    }
    Catalogue changed = c.with(item("a"));
    assertSame(ids.id(0), changed.item(0).orElseThrow().id());
    Catalogue grown = c.plus(List.of(item("z")));
    assertSame(grown.ids().id(2), grown.item(2).orElseThrow().id());
    assertEquals("", grown.item(2).orElseThrow().description());
  }
}
