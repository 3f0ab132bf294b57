package io.strec.data.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.Item;
import io.strec.data.Loaded;
import io.strec.data.RowPolicy;
import io.strec.data.io.TabularSource;
import io.strec.util.Geo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticCountryTest {
  private static final SyntheticCountry.Config SMALL =
      new SyntheticCountry.Config(5, 150, 50, 5, 7);

  @Test
  void writesEveryCityReadableByTheImporterAndTheSameForTheSameSeed(@TempDir Path tmp)
      throws Exception {
    SyntheticCountry.Summary s = SyntheticCountry.write(SMALL, tmp.resolve("a"), line -> {});
    SyntheticCountry.write(SMALL, tmp.resolve("b"), line -> {});
    assertEquals(3, s.cities());
    assertEquals(150, s.items());
    for (String f : List.of("events.csv", "items.jsonl")) {
      assertArrayEquals(
          Files.readAllBytes(tmp.resolve("a").resolve(f)),
          Files.readAllBytes(tmp.resolve("b").resolve(f)),
          f + " depends only on the config");
    }
    Loaded loaded;
    try (RowPolicy policy = RowPolicy.fail()) {
      loaded = Loaded.read(TabularSource.ofDirectory(tmp.resolve("a")), policy);
    }
    assertEquals(150, loaded.items().size());
    assertEquals(s.events(), loaded.events().size());
    Set<String> cities =
        loaded.items().keySet().stream().map(id -> id.substring(0, 6)).collect(Collectors.toSet());
    assertEquals(Set.of("c0001-", "c0002-", "c0003-"), cities);
    // Each resident checks in only in their own city.
    loaded
        .events()
        .forEach(e -> assertEquals(e.userId().substring(0, 6), e.itemId().substring(0, 6)));
    Set<String> titles = new HashSet<>();
    for (Item i : loaded.items().values()) {
      assertTrue(i.hasLocation() && !i.categories().isEmpty() && !i.description().isEmpty());
      titles.add(i.title());
    }
    assertTrue(titles.size() > 100, "places have their own names: " + titles.size());
  }

  @Test
  void citiesAreApartAndInsideTheCountry() {
    double[][] c = SyntheticCountry.centres(9, 200);
    for (int i = 0; i < c.length; i++) {
      assertTrue(c[i][0] >= 43 && c[i][0] <= 50 && c[i][1] >= -4 && c[i][1] <= 8);
      for (int j = 0; j < i; j++) {
        assertTrue(Geo.haversineKm(c[i][0], c[i][1], c[j][0], c[j][1]) >= 20, i + " near " + j);
      }
    }
  }

  @Test
  void rejectsImpossibleSettings() {
    assertThrows(IllegalArgumentException.class, () -> new SyntheticCountry.Config(1, 5, 50, 5, 7));
    assertThrows(
        IllegalArgumentException.class, () -> new SyntheticCountry.Config(1, 500, 50, 0.5, 7));
  }
}
