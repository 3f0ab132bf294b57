package io.strec.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.Item;
import io.strec.data.RawEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkedExampleTest {
  @Test
  void eventsAreTheDesignDocumentsTable() {
    List<String> rows =
        WorkedExample.events().stream()
            .map(e -> e.userId() + " " + e.epochSecond() + " " + e.type() + " " + e.itemId())
            .toList();
    assertEquals(
        List.of(
            "1 1 view 1", "1 2 view 2", "1 3 purchase 3", "2 1 view 2", "2 2 view 3", "2 3 view 4"),
        rows);
    for (RawEvent e : WorkedExample.events()) {
      assertEquals(WorkedExample.SOURCE, e.provenance().source());
      assertEquals(0, e.tzOffsetMinutes());
      assertTrue(!e.hasLocation() && Double.isNaN(e.weight()));
    }
  }

  @Test
  void itemsCarryEnglishCategoriesAndTheChineseTags() {
    List<Item> items = WorkedExample.items();
    List<String> expected =
        List.of("Electronics 电子产品", "Electronics 电子产品", "Clothing 服装", "Cosmetics 美妆", "Food 食品");
    for (int k = 0; k < items.size(); k++) {
      Item item = items.get(k);
      assertEquals(Integer.toString(k + 1), item.id());
      String[] want = expected.get(k).split(" ");
      assertEquals(List.of(want[0]), item.categories());
      assertTrue(item.description().contains(want[1]), item.description());
    }
    assertEquals(5, items.size());
  }
}
