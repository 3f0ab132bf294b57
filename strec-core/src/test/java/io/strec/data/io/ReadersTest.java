package io.strec.data.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.DataSource;
import io.strec.data.Item;
import io.strec.data.Loaded;
import io.strec.data.RawEvent;
import io.strec.data.RowPolicy;
import io.strec.testing.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per supported format, reading real rows end to end. */
class ReadersTest {
  @TempDir Path tmp;

  static Loaded read(DataSource s) throws IOException {
    try (RowPolicy p = RowPolicy.fail()) {
      return Loaded.read(s, p);
    }
  }

  static Path write(Path file, String content) throws IOException {
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void movieLens100kReadsRatingsTitlesAndGenres() throws Exception {
    write(tmp.resolve("u.data"), "196\t242\t3\t881250949\n186\t1\t1\t891717742\n");
    write(
        tmp.resolve("u.item"),
        """
        1|Toy Story (1995)|01-Jan-1995||http://x|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0
        242|Kolya (1996)|24-Jan-1997||http://y|0|0|0|0|0|1|0|0|0|0|0|0|0|0|0|0|0|0|0
        """);
    MovieLensSource source = new MovieLensSource(tmp);
    assertEquals(MovieLensSource.Layout.ML_100K, source.layout());
    Loaded l = read(source);
    assertEquals(List.of("Animation", "Children's", "Comedy"), l.items().get("1").categories());
    assertEquals("Released 1995.", l.items().get("1").description());
    RawEvent first = l.events().get(0);
    assertEquals("rating", first.type());
    assertTrue(first.weight() >= 1 && first.weight() <= 5);
    Item item = l.items().get("242");
    assertEquals("Kolya (1996)", item.title());
    assertEquals(l.stats().total().read(), l.stats().total().accepted());
  }

  @Test
  void movieLensUserAttributes() throws Exception {
    write(tmp.resolve("u.data"), "1\t1\t5\t874965758\n");
    write(tmp.resolve("u.user"), "1|24|M|technician|85711\n2|x|F|other|94043\n");
    Loaded ok;
    try (RowPolicy p = RowPolicy.skip(tmp.resolve("rej.tsv"))) {
      ok = Loaded.read(new MovieLensSource(tmp), p);
    }
    assertEquals(
        java.util.Map.of("age", "24", "gender", "M", "occupation", "technician", "zip", "85711"),
        ok.users().get("1").attributes());
    assertEquals(
        1,
        ok.stats().byFile().get(tmp.resolve("u.user").toString()).rejected(),
        "age 'x' is rejected");
  }

  @Test
  void movieLens1mUsesDoubleColonsAndLatin1Titles() throws Exception {
    write(tmp.resolve("ratings.dat"), "1::1193::5::978300760\n1::661::3::978302109\n");
    Files.write(
        tmp.resolve("movies.dat"),
        "1193::One Flew Over the Cuckoo's Nest (1975)::Drama\n661::Caf\u00e9 (1996)::Animation|Children's\n"
            .getBytes(StandardCharsets.ISO_8859_1));
    MovieLensSource s = new MovieLensSource(tmp);
    assertEquals(MovieLensSource.Layout.ML_1M, s.layout());
    Loaded l = read(s);
    assertEquals(2, l.events().size());
    assertEquals(978300760L, l.events().get(0).epochSecond());
    assertEquals(5.0, l.events().get(0).weight());
    assertEquals("Caf\u00e9 (1996)", l.items().get("661").title());
    assertEquals(List.of("Animation", "Children's"), l.items().get("661").categories());
    assertEquals("Released 1996.", l.items().get("661").description());
  }

  @Test
  void movieLensCsvHasHeadersAndQuotedTitles() throws Exception {
    write(
        tmp.resolve("ratings.csv"),
        "userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,3,4.5,964981247\n");
    write(
        tmp.resolve("movies.csv"),
        "movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n3,\"Grumpier, Old Men (1995)\",Comedy\n");
    Loaded l = read(new MovieLensSource(tmp));
    assertEquals(4.5, l.events().get(1).weight());
    assertEquals("Grumpier, Old Men (1995)", l.items().get("3").title());
  }

  @Test
  void foursquareRawTsmcFormat() throws Exception {
    Path f =
        write(
            tmp.resolve("dataset_TSMC2014_NYC.txt"),
            """
            470\t49bbd6c0f964a520f4531fe3\t4bf58dd8d48988d127951735\tArts & Crafts Store\t40.719810375488535\t-74.00258103213994\t-240\tTue Apr 03 18:00:09 +0000 2012
            979\t4a43c0aef964a520c6a61fe3\t4bf58dd8d48988d1df941735\tBridge\t40.60679958140643\t-74.04416981025437\t-240\tTue Apr 03 18:00:25 +0000 2012
            """);
    FoursquareSource s = FoursquareSource.open(f);
    assertEquals(FoursquareSource.Format.TSMC, s.format());
    Loaded l = read(s);
    RawEvent e = l.events().get(0);
    assertEquals("470", e.userId());
    assertEquals(1333476009L, e.epochSecond());
    assertEquals(-240, e.tzOffsetMinutes());
    assertEquals(40.719810375488535, e.latitude(), 1e-12);
    assertEquals(
        List.of("Arts & Crafts Store"), l.items().get("49bbd6c0f964a520f4531fe3").categories());
  }

  @Test
  void foursquareGetNextCsvKeepsTrajectories() throws Exception {
    FoursquareSource s =
        FoursquareSource.open(TestData.resource("reference/fixtures/nyc/getnext_val.csv"));
    assertEquals(FoursquareSource.Format.GETNEXT, s.format());
    Loaded l = read(s);
    assertTrue(l.events().stream().allMatch(e -> !e.group().isEmpty() && e.hasLocation()));
  }

  @Test
  void foursquareTableReadsGzipTransparently() throws Exception {
    Path plain = TestData.resource("reference/fixtures/nyc/checkins.tsv");
    Path gz = tmp.resolve("checkins.tsv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(plain, out);
    }
    Loaded a = read(FoursquareSource.open(plain));
    Loaded b = read(FoursquareSource.open(gz));
    assertEquals(FoursquareSource.Format.TABLE, FoursquareSource.open(gz).format());
    assertEquals(a.events().size(), b.events().size());
    for (int i = 0; i < a.events().size(); i++) {
      assertEquals(a.events().get(i).itemId(), b.events().get(i).itemId());
      assertEquals(a.events().get(i).split(), b.events().get(i).split());
    }
    assertTrue(
        a.events().stream().anyMatch(e -> e.itemId().startsWith("#")),
        "venue without id keyed by #venue_idx");
  }

  @Test
  void atomicSequencesAreRebuiltInOrder() throws Exception {
    Path d = tmp;
    write(
        d.resolve("x.train.inter"),
        """
        user_id:token\titem_id_list:token_seq\titem_id:token
        7\t1 2 3\t4
        7\t1 2\t3
        7\t1\t2
        8\t5\t6
        """);
    write(
        d.resolve("x.text"),
        "item_id:token\ttext:token_seq\nA1\tFirst item. Tools.\nA2\tSecond. Tools.\n");
    write(d.resolve("x.item2index"), "A1\t1\nA2\t2\n");
    Loaded l = read(new AtomicSource(d.resolve("x")));
    assertEquals(
        List.of("1", "2", "3", "4", "5", "6"), l.events().stream().map(RawEvent::itemId).toList());
    assertEquals(
        List.of(0L, 1L, 2L, 3L, 0L, 1L), l.events().stream().map(RawEvent::epochSecond).toList());
    assertEquals("First item. Tools.", l.items().get("1").title());
  }

  @Test
  void tabularCsvTsvAndJsonlWithColumnMapping() throws Exception {
    ColumnMapping m =
        ColumnMapping.parse(
            "user=uid,item=sku,time=ts,time-format=unix,lat=y,lon=x,type=kind,weight=w");
    Path csv =
        write(
            tmp.resolve("e.csv"),
            "uid,sku,ts,y,x,kind,w\nu1,\"i,1\",100,1.5,2.5,view,\nu2,i2,200,,,buy,3\n");
    Loaded c = read(new TabularSource(csv, TabularSource.Kind.CSV, m, Optional.empty()));
    assertEquals("i,1", c.events().get(0).itemId());
    assertTrue(Double.isNaN(c.events().get(0).weight()));
    assertEquals(3.0, c.events().get(1).weight());
    assertTrue(!c.events().get(1).hasLocation());
    Path tsv =
        write(
            tmp.resolve("e.tsv"), "uid\tsku\tts\ty\tx\tkind\tw\nu1\ti1\t100\t1.5\t2.5\tview\t1\n");
    assertEquals(
        1,
        read(new TabularSource(tsv, TabularSource.Kind.TSV, m, Optional.empty())).events().size());
    Path jsonl =
        write(
            tmp.resolve("e.jsonl"),
            "{\"uid\":\"u1\",\"sku\":\"i1\",\"ts\":100,\"y\":1.5,\"x\":2.5}\n\n{\"uid\":\"u2\",\"sku\":\"i2\",\"ts\":\"200\"}\n");
    Path items =
        write(
            tmp.resolve("items.jsonl"),
            "{\"item_id\":\"i1\",\"title\":\"Tea\",\"categories\":[\"Cafe\",\"Old Town\"]}\n");
    Loaded j = read(new TabularSource(jsonl, TabularSource.Kind.JSONL, m, Optional.of(items)));
    assertEquals(2, j.events().size());
    assertEquals(200L, j.events().get(1).epochSecond());
    assertEquals(List.of("Cafe", "Old Town"), j.items().get("i1").categories());
  }

  @Test
  void strecLayoutRoundTripsThroughTheWriter() throws Exception {
    List<RawEvent> events =
        List.of(
            new RawEvent(
                "u,1",
                "p1",
                1_700_000_000L,
                -300,
                40.7,
                -73.9,
                "checkin",
                Double.NaN,
                "",
                "",
                io.strec.data.Provenance.generated("t", 1)),
            new RawEvent(
                "u2",
                "p\"2",
                1_700_000_060L,
                60,
                Double.NaN,
                Double.NaN,
                "",
                4.5,
                "train",
                "g1",
                io.strec.data.Provenance.generated("t", 2)));
    List<Item> items =
        List.of(
            new Item(
                "p1", "Blue Cafe", List.of("Coffee Shop"), "", "Espresso, pastries", 40.7, -73.9));
    StrecWriter.writeEvents(events, tmp.resolve("events.csv"));
    StrecWriter.writeItems(items, java.util.Map.of(), tmp.resolve("items.jsonl"));
    Loaded l = read(TabularSource.ofDirectory(tmp));
    for (int i = 0; i < events.size(); i++) {
      RawEvent a = events.get(i);
      RawEvent b = l.events().get(i);
      assertEquals(
          List.of(a.userId(), a.itemId(), a.type(), a.split(), a.group()),
          List.of(b.userId(), b.itemId(), b.type(), b.split(), b.group()));
      assertEquals(a.epochSecond(), b.epochSecond());
      assertEquals(a.tzOffsetMinutes(), b.tzOffsetMinutes());
      assertEquals(a.latitude(), b.latitude(), 1e-9);
      assertEquals(a.weight(), b.weight(), 1e-9);
    }
    assertEquals(items.get(0), l.items().get("p1"));
  }

  @Test
  void unknownKindAndMissingFilesAreClearErrors() {
    var e =
        assertThrows(IllegalArgumentException.class, () -> DatasetSpec.parse("parquet:/x").open());
    assertTrue(e.getMessage().contains("unknown dataset kind 'parquet'"), e.getMessage());
    assertThrows(
        java.nio.file.NoSuchFileException.class, () -> new MovieLensSource(tmp.resolve("nothing")));
  }
}
