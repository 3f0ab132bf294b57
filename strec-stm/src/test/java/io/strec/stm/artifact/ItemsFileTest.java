package io.strec.stm.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.model.artifact.ModelFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model directory's {@code items.tsv}: what it holds, and the lines it refuses by name. */
class ItemsFileTest {
  @TempDir Path dir;

  private void items(String text) throws Exception {
    Files.writeString(dir.resolve("items.tsv"), text);
  }

  private String refused(String text, Optional<List<String>> catalogue) throws Exception {
    items(text);
    return assertThrows(ModelFormatException.class, () -> ItemsFile.read(dir, catalogue))
        .getMessage();
  }

  @Test
  void readsEveryFieldOfEveryLine() throws Exception {
    items("a\t3\t40.5\t-73.25\tCafe on 5th\nb\t0\tNaN\tNaN\t\nc\t12\t-33.9\t151.2\tHarbour view\n");
    ItemsFile f = ItemsFile.read(dir, Optional.empty());
    assertEquals(List.of("a", "b", "c"), f.ids());
    assertArrayEquals(new int[] {3, 0, 12}, f.counts());
    assertArrayEquals(new double[] {40.5, Double.NaN, -33.9}, f.lat());
    assertArrayEquals(new double[] {-73.25, Double.NaN, 151.2}, f.lon());
    assertEquals(List.of("Cafe on 5th", "", "Harbour view"), f.titles());
    List<String> listed = List.of("a", "b", "c");
    assertTrue(ItemsFile.read(dir, Optional.of(listed)).ids() == listed, "the catalogue's ids");
  }

  @Test
  void aBadLineIsNamedWithItsFieldAndValue() throws Exception {
    String m = refused("a\t3\t40.5\t-73.25\tx\nb\t1\tnorth\t2.0\ty\n", Optional.empty());
    assertTrue(m.contains("items.tsv line 2: latitude 'north' is not a number"), m);
    m = refused("a\t3\t40.5\t-73.25\tx\nb\t1\t2.0\n", Optional.empty());
    assertTrue(m.contains("items.tsv line 2: expected 5 tab-separated fields"), m);
    assertTrue(m.contains("got 3 in 'b"), m);
    m = refused("a\t3\t40.5\t-73.25\tx\ty\n", Optional.empty());
    assertTrue(m.contains("line 1: expected 5 tab-separated fields"), m);
    assertTrue(m.contains("got more"), m);
    m = refused("a\tmany\t40.5\t-73.25\tx\n", Optional.empty());
    assertTrue(m.contains("line 1: count 'many'"), m);
  }

  @Test
  void theCatalogueMustListTheSameItems() throws Exception {
    String two = "a\t3\t40.5\t-73.25\tx\nb\t1\t2.0\t3.0\ty\n";
    String m = refused(two, Optional.of(List.of("a", "c")));
    assertTrue(m.contains("item 1 is 'c' in catalogue.txt but 'b' in items.tsv"), m);
    m = refused(two, Optional.of(List.of("a", "b", "c")));
    assertTrue(m.contains("lists 3 items, items.tsv 2"), m);
    m = refused(two, Optional.of(List.of("a")));
    assertTrue(m.contains("lists 1 items, items.tsv more"), m);
  }
}
