package io.strec.data.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.InvalidRecordException;
import io.strec.data.Item;
import io.strec.data.Loaded;
import io.strec.data.RawEvent;
import io.strec.data.RowPolicy;
import io.strec.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source's line tables, each line parsed on its own (as a cluster parses the lines of one
 * partition), give exactly what the source's readers give: the same events, items and rejections,
 * in the same order, with the same messages.
 */
class LineTablesTest {
  @TempDir Path tmp;

  /** What parsing every line of every table gives: records and "file:line: reason" rejections. */
  private record ByLine(List<RawEvent> events, Map<String, Item> items, List<String> rejects) {}

  private static ByLine byLine(LineTableSource s) throws IOException {
    List<RawEvent> events = new ArrayList<>();
    Map<String, Item> items = new LinkedHashMap<>();
    List<String> rejects = new ArrayList<>();
    for (LineTable<RawEvent> t : s.eventTables()) {
      parse(t, events::add, rejects);
      if (s.itemOfEventRow().isPresent()) {
        // The item of each id's first accepted event row, unmerged.
        LineTable<Item> venues = new LineTable<>(t.reader(), s.itemOfEventRow().get());
        parse(venues, it -> items.putIfAbsent(it.id(), it), new ArrayList<>());
      }
    }
    for (LineTable<Item> t : s.itemTables()) {
      parse(t, it -> items.merge(it.id(), it, Item::mergedWith), rejects);
    }
    return new ByLine(events, items, rejects);
  }

  private static <T> void parse(
      LineTable<T> t, java.util.function.Consumer<T> sink, List<String> rejects)
      throws IOException {
    TableReader r = t.reader();
    TableLines lines = r.lines(r.hasHeader() ? r.headerLine() : "");
    // The raw lines, as another reader (a Hadoop split) would hand them over.
    List<String> raw = Files.readAllLines(r.file(), r.charset());
    for (int i = 0; i < raw.size(); i++) {
      TableLines.Parsed<T> p = lines.parse(i + 1, raw.get(i), t.parser());
      if (p instanceof TableLines.Parsed.Value<T> v) {
        sink.accept(v.value());
      } else if (p instanceof TableLines.Parsed.Rejected<T> x) {
        rejects.add(x.error().getMessage());
      }
    }
  }

  private static void assertSame(LineTableSource s, Path rejectFile) throws IOException {
    Loaded read;
    try (RowPolicy p = RowPolicy.skip(rejectFile)) {
      read = Loaded.read(s, p);
    }
    ByLine lines = byLine(s);
    assertEquals(read.events(), lines.events());
    assertEquals(read.items(), lines.items());
    List<String> rejected =
        Files.readAllLines(rejectFile, StandardCharsets.UTF_8).stream()
            .map(l -> l.split("\t", 4)[2])
            .toList();
    assertEquals(rejected, lines.rejects());
  }

  @Test
  void tabularCsvAndJsonlWithBadRowsAndAByteOrderMark() throws Exception {
    Path csv = tmp.resolve("events.csv");
    Files.writeString(
        csv,
        """
        \uFEFFuser_id,item_id,timestamp,latitude,longitude
        u1,"i,1",2026-03-02T08:00:00Z,40.7,-73.9

        u2,i2,noon,40.7,-73.9
        u3,"i3,2026-03-02T09:00:00Z,,
        u4,i4,2026-03-02T10:00:00Z,,
        u5,i5,2026-03-02T10:00:00Z,91,0
        """,
        StandardCharsets.UTF_8);
    Path items = tmp.resolve("items.jsonl");
    Files.writeString(
        items,
        """
        \uFEFF{"item_id":"i1","title":"Tea","categories":["Cafe"]}
        not json
        {"item_id":"i1","description":"Green.","latitude":40.7,"longitude":-73.9}
        [1,2]
        """,
        StandardCharsets.UTF_8);
    TabularSource s =
        new TabularSource(
            csv, TabularSource.Kind.CSV, ColumnMapping.defaults(), Optional.of(items));
    assertSame(s, tmp.resolve("rejects.tsv"));
    ByLine lines = byLine(s);
    assertEquals(2, lines.events().size());
    assertEquals(5, lines.rejects().size(), lines.rejects().toString());
    assertEquals("Green.", lines.items().get("i1").description());
  }

  @Test
  void movieLensLatin1DoubleColonsAndFoursquareVenuesFromCheckins() throws Exception {
    Path ml = Files.createDirectories(tmp.resolve("ml"));
    Files.writeString(
        ml.resolve("ratings.dat"), "1::10::5::978300760\n1::11::x::978300761\n2::10::3::5\n");
    Files.write(
        ml.resolve("movies.dat"),
        "10::Caf\u00e9 (1999)::Comedy|Drama\n11::Only Title (2001)::\n"
            .getBytes(StandardCharsets.ISO_8859_1));
    assertSame(new MovieLensSource(ml), tmp.resolve("ml-rejects.tsv"));

    FoursquareSource tsmc =
        FoursquareSource.open(
            Files.writeString(
                tmp.resolve("tsmc.txt"),
                """
                470\tv1\tc1\tBar\t40.7\t-74.0\t-240\tTue Apr 03 18:00:09 +0000 2012
                471\tv1\tc1\t\t40.8\t-74.1\t-240\tTue Apr 03 18:10:09 +0000 2012
                472\tv2\tc2\tPark\t95\t-74.1\t-240\tTue Apr 03 18:10:09 +0000 2012
                473\tv2\tc2\tZoo\t40.6\t-74.1\t-240\tTue Apr 03 18:20:09 +0000 2012
                """));
    assertTrue(tsmc.itemOfEventRow().isPresent());
    assertSame(tsmc, tmp.resolve("tsmc-rejects.tsv"));
    // The first accepted row of v2 is the Zoo one: the rejected Park row names no venue.
    assertEquals(List.of("Zoo"), byLine(tsmc).items().get("v2").categories());

    FoursquareSource table =
        FoursquareSource.open(TestData.resource("reference/fixtures/nyc/checkins.tsv"));
    assertSame(table, tmp.resolve("table-rejects.tsv"));
  }

  @Test
  void aLineThatDoesNotSplitIsRejectedWithItsFileAndLine() {
    TableLines lines = TableReader.of(Path.of("x.csv")).optQuoted(',').lines("user_id,item_id");
    TableLines.Parsed<String> p = lines.parse(7, "u1,\"i1", row -> row.id("item_id"));
    InvalidRecordException e = assertInstanceOf(TableLines.Parsed.Rejected.class, p).error();
    assertEquals("x.csv:7: unterminated quoted field", e.getMessage());
    assertInstanceOf(TableLines.Parsed.Skipped.class, lines.parse(1, "user_id,item_id", r -> ""));
    assertInstanceOf(TableLines.Parsed.Skipped.class, lines.parse(2, "  ", r -> ""));
  }
}
