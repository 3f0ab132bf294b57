package io.strec.data.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strec.data.Item;
import io.strec.data.RawEvent;
import io.strec.data.RowPolicy;
import io.strec.data.io.TabularSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CityWriterTest {
  private static final City CITY =
      SyntheticCity.generate(CityConfig.defaults(5).withUsers(20).withDays(14));

  @TempDir Path dir;

  @Test
  void writesTheThreeFilesInTheDocumentedFormat() throws IOException {
    Path out = dir.resolve("city");
    CityWriter.write(CITY, out);

    List<String> events = Files.readAllLines(out.resolve("events.csv"), StandardCharsets.UTF_8);
    assertEquals(
        "user_id,item_id,timestamp,tz_offset_min,latitude,longitude,event_type,weight",
        events.get(0));
    assertEquals(CITY.events().size() + 1, events.size());
    for (int k = 1; k < events.size(); k++) {
      String line = events.get(k);
      assertTrue(
          line.matches(
              "u-\\d{3},poi-\\d{4},\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ,-300,"
                  + "-?\\d+\\.\\d{6},-?\\d+\\.\\d{6},checkin,"),
          line);
    }
    RawEvent first = CITY.events().get(0);
    assertEquals(
        String.format(
            Locale.ROOT,
            "%s,%s,%s,-300,%.6f,%.6f,checkin,",
            first.userId(),
            first.itemId(),
            Instant.ofEpochSecond(first.epochSecond()),
            first.latitude(),
            first.longitude()),
        events.get(1));

    List<String> items = Files.readAllLines(out.resolve("items.jsonl"), StandardCharsets.UTF_8);
    assertEquals(CITY.pois().size(), items.size());
    ObjectMapper json = new ObjectMapper();
    for (int k = 0; k < items.size(); k++) {
      JsonNode o = json.readTree(items.get(k));
      Item p = CITY.pois().get(k);
      List<String> fields = new ArrayList<>();
      o.fieldNames().forEachRemaining(fields::add);
      assertEquals(
          List.of(
              "item_id",
              "title",
              "categories",
              "brand",
              "description",
              "latitude",
              "longitude",
              "opening_hours"),
          fields);
      assertEquals(p.id(), o.get("item_id").asText());
      assertEquals(p.title(), o.get("title").asText());
      assertEquals(
          p.categories(),
          List.of(o.get("categories").get(0).asText(), o.get("categories").get(1).asText()));
      assertEquals(p.brand(), o.get("brand").asText());
      assertEquals(p.description(), o.get("description").asText());
      assertEquals(p.latitude(), o.get("latitude").asDouble());
      assertEquals(p.longitude(), o.get("longitude").asDouble());
      assertEquals(CITY.hoursOf(p.id()).toString(), o.get("opening_hours").asText());
      assertTrue(o.get("opening_hours").asText().matches("\\d\\d:00-\\d\\d:00"));
    }

    String readme = Files.readString(out.resolve("README.md"));
    assertTrue(readme.contains("seed: 5"), readme);
    assertTrue(readme.contains("users: 20"), readme);
    assertTrue(readme.contains("check-ins: " + CITY.events().size()), readme);
    assertTrue(readme.contains("UTC-05:00"), readme);
    assertEquals(
        List.of("README.md", "events.csv", "items.jsonl"),
        listing(out),
        "temporary files left behind");
  }

  @Test
  void rewritingReplacesFilesAndGivesIdenticalBytes() throws IOException {
    CityWriter.write(CITY, dir);
    byte[] events = Files.readAllBytes(dir.resolve("events.csv"));
    byte[] items = Files.readAllBytes(dir.resolve("items.jsonl"));
    Files.writeString(dir.resolve("events.csv"), "stale");
    CityWriter.write(
        SyntheticCity.generate(CityConfig.defaults(5).withUsers(20).withDays(14)), dir);
    assertArrayEquals(events, Files.readAllBytes(dir.resolve("events.csv")));
    assertArrayEquals(items, Files.readAllBytes(dir.resolve("items.jsonl")));
    assertEquals(List.of("README.md", "events.csv", "items.jsonl"), listing(dir));
  }

  @Test
  void readsBackThroughTabularSource() throws IOException {
    CityWriter.write(CITY, dir);
    TabularSource source = TabularSource.ofDirectory(dir);
    List<RawEvent> events = new ArrayList<>();
    List<Item> items = new ArrayList<>();
    try (RowPolicy policy = RowPolicy.fail()) {
      source.readEvents(events::add, policy);
      source.readItems(items::add, policy);
    }
    assertEquals(CITY.pois(), items);
    assertEquals(CITY.events().size(), events.size());
    Iterator<RawEvent> read = events.iterator();
    for (RawEvent e : CITY.events()) {
      RawEvent r = read.next();
      assertEquals(e.userId(), r.userId());
      assertEquals(e.itemId(), r.itemId());
      assertEquals(e.epochSecond(), r.epochSecond());
      assertEquals(e.tzOffsetMinutes(), r.tzOffsetMinutes());
      assertEquals(e.latitude(), r.latitude());
      assertEquals(e.longitude(), r.longitude());
      assertEquals(e.type(), r.type());
      assertTrue(Double.isNaN(r.weight()), r.toString());
    }
  }

  @Test
  void quotesCsvFieldsOnlyWhenNeeded() {
    assertEquals("plain", CityWriter.csv("plain"));
    assertEquals("\"a,b\"", CityWriter.csv("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", CityWriter.csv("say \"hi\""));
  }

  @Test
  void formatsDegreesLikePercentPointSixF() {
    for (double v :
        new double[] {40.73, -73.99, 0.0000004, -0.5, 179.9999995, -89.123456, 12.3456785, 0}) {
      assertEquals(String.format(Locale.ROOT, "%.6f", v), CityWriter.degrees(v), "for " + v);
    }
    assertEquals("", CityWriter.degrees(Double.NaN));
  }

  private static List<String> listing(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
