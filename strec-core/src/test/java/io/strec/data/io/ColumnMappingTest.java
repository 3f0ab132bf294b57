package io.strec.data.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.InvalidRecordException;
import io.strec.data.Item;
import io.strec.data.Loaded;
import io.strec.data.RawEvent;
import io.strec.data.RowPolicy;
import io.strec.util.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Column mappings of events and item files: by header name or, in a file without a header, by
 * 1-based position ({@code header=none}); line 1 checked against the mapping before any row is
 * read, with an error that says what to do when it looks like data.
 */
class ColumnMappingTest {
  @TempDir Path tmp;

  /** SNAP check-ins (Gowalla, Brightkite): user, time, latitude, longitude, location; no header. */
  static final String SNAP =
      """
      0\t2010-10-19T23:55:27Z\t30.2359091167\t-97.7951395833\t22847
      0\t2010-10-18T22:17:43Z\t30.2691029532\t-97.7493953705\t420315
      1\t2010-10-17T23:42:03Z\t30.2557309927\t-97.7633857727\t316637
      """;

  static final String SNAP_COLUMNS = "header=none,user=1,item=5,time=2,lat=3,lon=4";

  private Path write(String name, String text) throws IOException {
    return Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
  }

  private static Loaded read(TabularSource s) throws IOException {
    try (RowPolicy p = RowPolicy.fail()) {
      return Loaded.read(s, p);
    }
  }

  private static TabularSource tsv(Path f, String columns) {
    return new TabularSource(
        f, TabularSource.Kind.TSV, ColumnMapping.parse(columns), Optional.empty());
  }

  @Test
  void headerlessCheckinsAreReadByPosition() throws Exception {
    Path f = write("checkins.txt", SNAP);
    Loaded l = read(tsv(f, SNAP_COLUMNS));
    assertEquals(3, l.events().size(), "line 1 is a row, not a header");
    RawEvent first = l.events().get(0);
    assertEquals("0", first.userId());
    assertEquals("22847", first.itemId());
    assertEquals(Instant.parse("2010-10-19T23:55:27Z").getEpochSecond(), first.epochSecond());
    assertEquals(30.2359091167, first.latitude(), 1e-12);
    assertEquals(-97.7951395833, first.longitude(), 1e-12);
    assertEquals(List.of("0", "0", "1"), l.events().stream().map(RawEvent::userId).toList());
    assertEquals(
        List.of("22847", "420315", "316637"), l.events().stream().map(RawEvent::itemId).toList());
    assertEquals(f + ":1", first.provenance().source() + ":" + first.provenance().line());
  }

  @Test
  void headerlessLinesParseOneAtATimeAsTheReaderReadsThem() throws Exception {
    Path f = write("checkins.txt", SNAP + "2\t2010-10-16T10:00:00Z\t30.1\t-97.7\n");
    TabularSource s = tsv(f, SNAP_COLUMNS);
    LineTable<RawEvent> t = s.eventTables().get(0);
    assertTrue(!t.reader().hasHeader());
    TableLines lines = t.reader().lines("");
    List<RawEvent> byLine = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    List<String> raw = Files.readAllLines(f);
    for (int i = 0; i < raw.size(); i++) {
      TableLines.Parsed<RawEvent> p = lines.parse(i + 1, raw.get(i), t.parser());
      if (p instanceof TableLines.Parsed.Value<RawEvent> v) {
        byLine.add(v.value());
      } else {
        rejected.add(assertInstanceOf(TableLines.Parsed.Rejected.class, p).error().getMessage());
      }
    }
    Loaded l;
    Path rejects = tmp.resolve("rejects.tsv");
    try (RowPolicy p = RowPolicy.skip(rejects)) {
      l = Loaded.read(s, p);
    }
    assertEquals(l.events(), byLine);
    assertEquals(1, rejected.size());
    // The reject file holds the reason on one line: the row's tabs become spaces.
    assertEquals(
        rejected.get(0).replace('\t', ' '), Files.readAllLines(rejects).get(0).split("\t", 4)[2]);
  }

  @Test
  void aPositionBeyondTheRowNamesFileLineFieldAndValue() throws Exception {
    String shortRow = "2\t2010-10-16T10:00:00Z\t30.1\t-97.7";
    Path f = write("checkins.txt", SNAP + shortRow + "\n");
    InvalidRecordException e =
        assertThrows(InvalidRecordException.class, () -> read(tsv(f, SNAP_COLUMNS)));
    assertEquals(f.toString(), e.file());
    assertEquals(4, e.line());
    assertEquals("item (#5)", e.column());
    assertEquals(shortRow, e.value());
    assertTrue(e.getMessage().contains("the row has 4 fields, no position 5"), e.getMessage());
    assertTrue(e.getMessage().startsWith(f + ":4: column 'item (#5)' value '2"), e.getMessage());
  }

  @Test
  void namesOnAHeaderlessFileSayLine1LooksLikeDataAndSuggestPositions() throws Exception {
    Path f = write("checkins.txt", SNAP);
    for (String columns : List.of("", "user=uid,item=venue,time=ts,time-format=iso")) {
      InvalidRecordException e =
          assertThrows(
              InvalidRecordException.class, () -> read(tsv(f, columns)), "mapping " + columns);
      assertEquals(f.toString(), e.file());
      assertEquals(1, e.line());
      assertEquals("0", e.value(), "the first field that reads as data");
      assertTrue(e.getMessage().startsWith(f + ":1: value '0': line 1 looks like data"));
      assertTrue(e.getMessage().contains("header=none,user=1,item=2"), e.getMessage());
      assertTrue(e.getMessage().contains("#2 '2010-10-19T23:55:27Z'"), e.getMessage());
    }
    // The same under skip: a header that does not fit is not a bad row but a wrong mapping.
    try (RowPolicy p = RowPolicy.skip(tmp.resolve("rejects.tsv"))) {
      assertThrows(InvalidRecordException.class, () -> Loaded.read(tsv(f, ""), p));
    }
  }

  @Test
  void positionsWithoutHeaderNoneAreRefusedAtLine1() throws Exception {
    Path f = write("checkins.txt", SNAP);
    InvalidRecordException e =
        assertThrows(
            InvalidRecordException.class, () -> read(tsv(f, "user=1,item=5,time=2,lat=3,lon=4")));
    assertEquals(1, e.line());
    assertEquals(SNAP.substring(0, SNAP.indexOf('\n')), e.value());
    assertTrue(
        e.getMessage().contains("add header=none (--columns header=none,user=1,item=5,time=2"),
        e.getMessage());
  }

  @Test
  void positionsOnAFileWithARealHeaderSuggestItsNamesToo() throws Exception {
    Path f = write("e.tsv", "uid\twhen\tvenue\nu1\t2010-10-19T23:55:27Z\tv1\n");
    InvalidRecordException e =
        assertThrows(InvalidRecordException.class, () -> read(tsv(f, "user=1,item=3,time=2")));
    assertEquals(1, e.line());
    assertTrue(
        e.getMessage().endsWith("map by its names (--columns user=uid,item=venue,time=when)"),
        e.getMessage());
  }

  @Test
  void aMappedNameMissingFromARealHeaderIsNamed() throws Exception {
    Path f = write("e.csv", "uid,sku,ts\nu1,i1,100\n");
    InvalidRecordException e =
        assertThrows(
            InvalidRecordException.class,
            () ->
                read(
                    new TabularSource(
                        f,
                        TabularSource.Kind.CSV,
                        ColumnMapping.parse("user=uid,item=sku,time=when,time-format=unix"),
                        Optional.empty())));
    assertEquals(1, e.line());
    assertEquals("when", e.value());
    assertTrue(
        e.getMessage().contains("--columns names time=when, but line 1 names #1 'uid', #2 'sku'"),
        e.getMessage());
    // A default name the header lacks is an absent optional column, as before.
    Loaded l =
        read(
            new TabularSource(
                f,
                TabularSource.Kind.CSV,
                ColumnMapping.parse("user=uid,item=sku"),
                Optional.empty()));
    assertEquals(2L, l.events().get(0).epochSecond(), "no time column: the line number");
  }

  @Test
  void badMappingsAreClearErrors() {
    BadInputException names =
        assertThrows(BadInputException.class, () -> ColumnMapping.parse("header=none,user=uid"));
    assertTrue(names.getMessage().contains("user=uid is a name"), names.getMessage());
    BadInputException noItem =
        assertThrows(BadInputException.class, () -> ColumnMapping.parse("header=none,user=1"));
    assertTrue(noItem.getMessage().contains("item needs a column position"), noItem.getMessage());
    BadInputException zero =
        assertThrows(BadInputException.class, () -> ColumnMapping.parse("user=0,item=1"));
    assertTrue(zero.getMessage().contains("they count from 1"), zero.getMessage());
    BadInputException unknown =
        assertThrows(BadInputException.class, () -> ColumnMapping.parse("venue=3"));
    assertTrue(
        unknown
            .getMessage()
            .contains("the fields are user, item, time, tz, lat, lon, type, weight, split, group"),
        unknown.getMessage());
    BadInputException json =
        assertThrows(
            BadInputException.class,
            () ->
                new TabularSource(
                    tmp.resolve("e.jsonl"),
                    TabularSource.Kind.JSONL,
                    ColumnMapping.parse(SNAP_COLUMNS),
                    Optional.empty()));
    assertTrue(json.getMessage().contains("JSON objects"), json.getMessage());
  }

  @Test
  void itemColumnsByName() throws Exception {
    Path events = write("e.csv", "user_id,item_id\nu1,22847\n");
    Path items =
        write(
            "venues.csv",
            "id,name,genre,lat,lng,opened\n22847,Blue Cafe,Coffee Shop|Bakery,30.2,-97.7,2009\n");
    TabularSource s =
        new TabularSource(
            events,
            TabularSource.Kind.CSV,
            ColumnMapping.defaults(),
            Optional.of(items),
            ItemColumnMapping.parse("item=id,title=name,categories=genre,lat=lat,lon=lng"));
    Item it = read(s).items().get("22847");
    assertEquals(
        new Item("22847", "Blue Cafe", List.of("Coffee Shop", "Bakery"), "", "", 30.2, -97.7), it);
  }

  @Test
  void itemColumnsByPosition() throws Exception {
    Path events = write("checkins.txt", SNAP);
    Path items = write("venues.tsv", "22847\tCoffee Shop\t30.2\t-97.7\tBlue Cafe\n316637\tPark\n");
    TabularSource s =
        new TabularSource(
            events,
            TabularSource.Kind.TSV,
            ColumnMapping.parse(SNAP_COLUMNS),
            Optional.of(items),
            ItemColumnMapping.parse("header=none,item=1,categories=2"));
    Loaded l = read(s);
    assertEquals(
        new Item("22847", "", List.of("Coffee Shop"), "", "", Double.NaN, Double.NaN),
        l.items().get("22847"));
    assertEquals(List.of("Park"), l.items().get("316637").categories());

    TabularSource withTitle =
        new TabularSource(
            events,
            TabularSource.Kind.TSV,
            ColumnMapping.parse(SNAP_COLUMNS),
            Optional.of(items),
            ItemColumnMapping.parse("header=none,item=1,title=5,lat=3,lon=4"));
    InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> read(withTitle));
    assertEquals(items.toString() + ":2", e.file() + ":" + e.line());
    assertEquals("lat (#3)", e.column(), "the nearest position the row lacks");
  }

  @Test
  void itemNamesOnAHeaderlessItemFileSuggestPositions() throws Exception {
    Path events = write("e.csv", "user_id,item_id\nu1,22847\n");
    Path items = write("venues.csv", "22847,Blue Cafe,30.2,-97.7\n");
    TabularSource s =
        new TabularSource(
            events,
            TabularSource.Kind.CSV,
            ColumnMapping.defaults(),
            Optional.of(items),
            ItemColumnMapping.parse("item=id,title=name"));
    InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> read(s));
    assertEquals(items.toString(), e.file());
    assertEquals(1, e.line());
    assertEquals("22847", e.value());
    assertTrue(
        e.getMessage().contains("--item-columns header=none,item=1,title=2"), e.getMessage());
  }

  @Test
  void unknownItemFieldsListTheValidOnes() {
    BadInputException e =
        assertThrows(BadInputException.class, () -> ItemColumnMapping.parse("item=id,name=title"));
    assertTrue(e.getMessage().startsWith("unknown field in 'name=title'"), e.getMessage());
    assertTrue(
        e.getMessage()
            .contains("the fields are item, title, categories, brand, description, lat, lon"),
        e.getMessage());
  }
}
