package io.strec.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.Item;
import io.strec.data.RawEvent;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SyntheticCityTest {
  private static final long SEED = 42;
  private static final City CITY = SyntheticCity.generate(CityConfig.defaults(SEED));

  @Test
  void idsAreTheSameWhateverTheDefaultLocale() {
    CityConfig config = CityConfig.defaults(3).withUsers(12).withPois(40).withDays(3);
    City plain = SyntheticCity.generate(config);
    java.util.Locale before = java.util.Locale.getDefault();
    City arabic;
    try {
      // Arabic-Indic digits under String.format without a locale.
      java.util.Locale.setDefault(java.util.Locale.forLanguageTag("ar-EG"));
      arabic = SyntheticCity.generate(config);
    } finally {
      java.util.Locale.setDefault(before);
    }
    assertEquals(
        plain.pois().stream().map(Item::id).toList(),
        arabic.pois().stream().map(Item::id).toList());
    assertEquals(
        plain.events().stream().map(RawEvent::userId).toList(),
        arabic.events().stream().map(RawEvent::userId).toList());
    assertTrue(plain.pois().stream().allMatch(p -> p.id().matches("poi-[0-9]+")));
  }

  @Test
  void sameSeedGivesTheSameCityAndAnotherSeedAnother() {
    City again = SyntheticCity.generate(CityConfig.defaults(SEED));
    assertEquals(CITY.pois(), again.pois());
    assertEquals(CITY.events(), again.events());
    City other = SyntheticCity.generate(CityConfig.defaults(SEED + 1));
    assertNotEquals(CITY.pois(), other.pois());
    assertNotEquals(CITY.events(), other.events());
  }

  @Test
  void eachResidentDependsOnlyOnTheSeedAndTheirNumber() {
    // Per-user random streams: a smaller city holds exactly the first users of the bigger one.
    City small = SyntheticCity.generate(CityConfig.defaults(SEED).withUsers(50));
    List<RawEvent> prefix =
        CITY.events().stream().filter(e -> e.userId().compareTo("u-050") <= 0).toList();
    assertEquals(prefix, small.events());
  }

  @Test
  void defaultSizesAreInTheAdvertisedRanges() {
    assertEquals(CityConfig.DEFAULT_POIS, CITY.pois().size());
    Map<String, Integer> perUser = new TreeMap<>();
    CITY.events().forEach(e -> perUser.merge(e.userId(), 1, Integer::sum));
    assertEquals(CityConfig.DEFAULT_USERS, perUser.size());
    int n = CITY.events().size();
    assertTrue(n >= 25_000 && n <= 45_000, "events: " + n);
    int min = perUser.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
    assertTrue(min >= 20, "fewest check-ins of a user: " + min);

    Set<String> categories = new HashSet<>();
    Set<String> neighbourhoods = new HashSet<>();
    CITY.pois()
        .forEach(
            p -> {
              categories.add(p.categories().get(0));
              neighbourhoods.add(p.categories().get(1));
            });
    assertEquals(Category.values().length, categories.size());
    assertEquals(Neighbourhood.values().length, neighbourhoods.size());
    Set<String> visited = new HashSet<>();
    CITY.events().forEach(e -> visited.add(e.itemId()));
    assertTrue(
        visited.size() >= 0.9 * CITY.pois().size(), "places ever visited: " + visited.size());
  }

  @Test
  void placesAreWellFormed() {
    Set<String> ids = new HashSet<>();
    Set<String> titles = new HashSet<>();
    Map<String, String> hoursByCategory = new HashMap<>();
    for (Item p : CITY.pois()) {
      assertTrue(p.id().matches("poi-\\d{4}"), p.id());
      assertTrue(ids.add(p.id()), "duplicate id " + p.id());
      assertTrue(titles.add(p.title()), "duplicate title " + p.title());
      assertEquals(2, p.categories().size(), p.toString());
      assertTrue(Math.abs(p.latitude() - 40.73) < 0.08, p.toString());
      assertTrue(Math.abs(p.longitude() + 73.99) < 0.1, p.toString());
      String d = p.description();
      String keyword = p.categories().get(0).split(" ")[0].toLowerCase(Locale.ROOT);
      assertTrue(d.toLowerCase(Locale.ROOT).contains(keyword), "'" + keyword + "' not in: " + d);
      assertTrue(d.contains(" in " + p.categories().get(1)), d);
      assertTrue(d.endsWith(".") && d.indexOf('.') == d.length() - 1, "not one sentence: " + d);
      assertTrue(p.brand().isEmpty() || p.title().startsWith(p.brand()), p.toString());
      String hours = CITY.hoursOf(p.id()).toString();
      String before = hoursByCategory.putIfAbsent(p.categories().get(0), hours);
      assertTrue(
          before == null || before.equals(hours),
          p.categories().get(0) + ": " + before + " and " + hours);
    }
    assertEquals("17:00-02:00", hoursByCategory.get("Bar"));
    assertEquals("06:00-18:00", hoursByCategory.get("Coffee Shop"));
    assertEquals("08:00-19:00", hoursByCategory.get("Office"));
    assertTrue(CITY.pois().stream().anyMatch(p -> !p.brand().isEmpty()), "no chain at all");
  }

  @Test
  void eventsAreWellFormedSortedAndAtOpenPlaces() {
    Map<String, Item> places = new HashMap<>();
    CITY.pois().forEach(p -> places.put(p.id(), p));
    CityConfig c = CITY.config();
    long start =
        c.startDate()
            .atStartOfDay()
            .toEpochSecond(ZoneOffset.ofTotalSeconds(c.tzOffsetMinutes() * 60));
    long end = start + (c.days() + 1) * 86_400L;
    RawEvent prev = null;
    long sequence = 0;
    // Messages are built lazily: formatting 30k records eagerly would dominate the test's time.
    for (RawEvent e : CITY.events()) {
      assertTrue(e.userId().length() == 5 && e.userId().startsWith("u-"), e::userId);
      Item p = places.get(e.itemId());
      assertTrue(p != null, () -> "unknown place " + e.itemId());
      assertEquals(SyntheticCity.CHECKIN, e.type());
      assertEquals(-300, e.tzOffsetMinutes());
      assertTrue(Double.isNaN(e.weight()));
      assertEquals("", e.split());
      assertEquals("", e.group());
      assertEquals(SyntheticCity.SOURCE, e.provenance().source());
      assertEquals(++sequence, e.provenance().line());
      assertTrue(
          e.epochSecond() >= start && e.epochSecond() < end, () -> "time outside the period: " + e);
      double metres =
          1000
              * Math.hypot(
                  (e.latitude() - p.latitude()) * 111.32,
                  (e.longitude() - p.longitude())
                      * 111.32
                      * Math.cos(Math.toRadians(p.latitude())));
      assertTrue(metres < 40, () -> "check-in " + metres + " m from its place: " + e);
      int minuteOfDay = (int) (Math.floorMod(e.localEpochSecond(), 86_400L) / 60);
      assertTrue(
          CITY.hoursOf(e.itemId()).isOpenAt(minuteOfDay),
          () -> "closed at " + minuteOfDay + ": " + e);
      if (prev != null) {
        RawEvent before = prev;
        int byUser = before.userId().compareTo(e.userId());
        assertTrue(
            byUser < 0 || (byUser == 0 && before.epochSecond() < e.epochSecond()),
            () -> "out of order: " + before + " then " + e);
      }
      prev = e;
    }
    assertTrue(CITY.events().stream().allMatch(e -> e.userId().matches("u-\\d{3}")));
  }

  @Test
  void startsOnTheConfiguredLocalDay() {
    RawEvent first =
        CITY.events().stream()
            .min((a, b) -> Long.compare(a.epochSecond(), b.epochSecond()))
            .orElseThrow();
    LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(first.localEpochSecond(), 86_400L));
    assertEquals(LocalDate.of(2026, 3, 2), day);
  }
}
