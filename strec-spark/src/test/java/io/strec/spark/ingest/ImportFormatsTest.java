package io.strec.spark.ingest;

import static io.strec.spark.ingest.ImportEqualsSingleNodeTest.assertSameFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.cli.Main;
import io.strec.data.Item;
import io.strec.data.RawEvent;
import io.strec.data.synth.City;
import io.strec.data.synth.CityConfig;
import io.strec.data.synth.SyntheticCity;
import io.strec.spark.LocalSpark;
import io.strec.spark.SparkMain;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code strec-spark import} command against {@code strec import} on the other importers'
 * formats: raw Foursquare TSMC gzipped (items come from the check-in rows), MovieLens 100K (Latin-1
 * titles, fixed columns, user attributes counted) and RecBole sequence files (read on the driver);
 * each with a bad row skipped to the reject file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportFormatsTest {
  Path tmp;
  City city;

  @BeforeAll
  void city(@TempDir Path dir) {
    tmp = dir;
    city = SyntheticCity.generate(CityConfig.defaults(41).withUsers(15).withPois(40).withDays(10));
    LocalSpark.get();
  }

  /**
   * @param options more options for both commands, such as {@code --columns}
   */
  private void assertSameImport(String name, String dataset, String... options) throws Exception {
    Path single = tmp.resolve(name + "-single");
    StringWriter out1 = new StringWriter();
    StringWriter err1 = new StringWriter();
    int c1 =
        Main.run(
            new PrintWriter(out1, true),
            new PrintWriter(err1, true),
            args(
                options,
                "import",
                "--dataset",
                dataset,
                "--on-error",
                "skip",
                "--rejects",
                single + ".rejects",
                "--out",
                single.toString()));
    assertEquals(0, c1, err1.toString());
    Path spark = tmp.resolve(name + "-spark");
    StringWriter out2 = new StringWriter();
    StringWriter err2 = new StringWriter();
    int c2 =
        SparkMain.run(
            new PrintWriter(out2, true),
            new PrintWriter(err2, true),
            args(
                options,
                "import",
                "--master",
                "local[2]",
                "--dataset",
                dataset,
                "--on-error",
                "skip",
                "--rejects",
                spark + ".rejects",
                "--partitions",
                "3",
                "--out",
                spark.toString()));
    assertEquals(0, c2, err2.toString());
    assertSameFile(single.resolve("events.csv"), spark.resolve("events.csv"));
    assertSameFile(single.resolve("items.jsonl"), spark.resolve("items.jsonl"));
    assertSameFile(Path.of(single + ".rejects"), Path.of(spark + ".rejects"));
    assertEquals(
        out1.toString().replace(single.toString(), "OUT"),
        out2.toString().replace(spark.toString(), "OUT"));
    assertTrue(out2.toString().contains("rejected 1"), out2.toString());
  }

  private static String[] args(String[] options, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(options));
    return all.toArray(new String[0]);
  }

  @Test
  void headerlessCheckinsAndItemsMappedByPosition() throws Exception {
    // SNAP's check-in layout: user, time, latitude, longitude, location; no header.
    List<String> lines = new ArrayList<>();
    for (RawEvent e : city.events()) {
      lines.add(
          String.join(
              "\t",
              e.userId(),
              Instant.ofEpochSecond(e.epochSecond()).toString(),
              Double.toString(e.latitude()),
              Double.toString(e.longitude()),
              e.itemId()));
    }
    lines.add(lines.size() / 2, "u-001\t2026-03-03T10:00:00Z\t40.7\t-73.9");
    Path checkins = tmp.resolve("snap.txt");
    Files.write(checkins, lines, StandardCharsets.UTF_8);
    List<String> venues = new ArrayList<>();
    for (Item p : city.pois()) {
      venues.add(String.join("\t", p.id(), p.title(), String.join("|", p.categories())));
    }
    Path items = Files.write(tmp.resolve("venues.tsv"), venues, StandardCharsets.UTF_8);
    assertSameImport(
        "snap",
        "tsv:" + checkins,
        "--columns",
        "header=none,user=1,item=5,time=2,lat=3,lon=4",
        "--items",
        items.toString(),
        "--item-columns",
        "header=none,item=1,title=2,categories=3");
  }

  @Test
  void foursquareTsmcGzipWithVenuesFromTheCheckins() throws Exception {
    DateTimeFormatter utc =
        DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss '+0000' yyyy", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    Map<String, Item> items = new HashMap<>();
    city.pois().forEach(p -> items.put(p.id(), p));
    List<String> lines = new ArrayList<>();
    for (RawEvent e : city.events()) {
      Item it = items.get(e.itemId());
      lines.add(
          String.join(
              "\t",
              e.userId(),
              e.itemId(),
              "cat-" + it.categories().get(0).hashCode(),
              it.categories().get(0),
              Double.toString(e.latitude()),
              Double.toString(e.longitude()),
              Integer.toString(e.tzOffsetMinutes()),
              utc.format(Instant.ofEpochSecond(e.epochSecond()))));
    }
    lines.add(lines.size() / 2, "470\tv-bad\tc\tBar\t40.7\t-74.0\tminus four hours\tx");
    Path file = tmp.resolve("tsmc.txt.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    assertSameImport("tsmc", "foursquare:" + file);
  }

  @Test
  void movieLens100kWithLatin1TitlesAndUsers() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("ml-100k"));
    Map<String, Integer> ids = new HashMap<>();
    city.pois().forEach(p -> ids.put(p.id(), ids.size() + 1));
    StringBuilder data = new StringBuilder();
    for (RawEvent e : city.events()) {
      data.append(e.userId().replaceAll("\\D", ""))
          .append('\t')
          .append(ids.get(e.itemId()))
          .append('\t')
          .append(1 + Math.floorMod(e.epochSecond(), 5))
          .append('\t')
          .append(e.epochSecond())
          .append('\n');
    }
    data.append("3\t4\tfive\t881250949\n");
    Files.writeString(dir.resolve("u.data"), data);
    StringBuilder movies = new StringBuilder();
    for (Item p : city.pois()) {
      movies.append(ids.get(p.id())).append('|').append(p.title()).append(" Caf\u00e9 (1995)");
      movies.append("|01-Jan-1995||http://x|");
      for (int g = 0; g < 19; g++) {
        movies.append(g == ids.get(p.id()) % 19 ? "1" : "0").append(g < 18 ? "|" : "");
      }
      movies.append('\n');
    }
    Files.write(dir.resolve("u.item"), movies.toString().getBytes(StandardCharsets.ISO_8859_1));
    Files.writeString(dir.resolve("u.user"), "1|24|M|technician|85711\n2|x|F|other|94043\n");
    assertSameImport("ml", "movielens:" + dir);
  }

  @Test
  void recboleSequencesAreReadOnTheDriver() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("atomic"));
    Files.writeString(
        dir.resolve("tiny.train.inter"),
        """
        user_id:token\titem_id_list:token_seq\titem_id:token
        1\t10 11\t12
        1\t10\t11
        2\t\t13
        \t10\t11
        2\t13\t10
        """);
    Files.writeString(dir.resolve("tiny.item2index"), "A\t10\nB\t11\nC\t12\nD\t13\n");
    assertSameImport("atomic", "atomic:" + dir.resolve("tiny"));
  }

  @Test
  void badInputExitsWithTwoAndNamesWhatIsWrong() {
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "--master",
            "local[2]",
            "--dataset",
            "strec:" + tmp.resolve("nowhere"),
            "--out",
            tmp.resolve("x").toString());
    assertEquals(SparkMain.BAD_INPUT, code, err.toString());
    assertTrue(err.toString().contains("events.csv"), err.toString());
    // The option is strec import's (io.strec.options.ImportOptions), and so is the message.
    assertEquals(SparkMain.BAD_INPUT, run(err, "--dataset", "strec:" + tmp, "--kcore", "two"));
    assertTrue(
        err.toString().contains("strec-spark: --kcore 'two': expected U or U,I with integers"),
        err.toString());
    assertEquals(
        SparkMain.BAD_INPUT, run(err, "--dataset", "strec:" + tmp, "--kcore", ","), err.toString());
    assertTrue(err.toString().contains("--kcore ',': expected U or U,I"), err.toString());
  }

  /** {@code strec-spark import ARGS}, its errors appended to {@code err}; the exit code. */
  private static int run(StringWriter err, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "import";
    System.arraycopy(args, 0, all, 1, args.length);
    return SparkMain.run(
        new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), all);
  }

  @Test
  void aMappingThatDoesNotFitLine1StopsTheDriverWithTheSingleNodeMessage() throws Exception {
    Path file =
        Files.writeString(
            tmp.resolve("headerless.tsv"),
            "0\t2010-10-19T23:55:27Z\t22847\n1\t2010-10-18T22:17:43Z\t7\n");
    StringWriter single = new StringWriter();
    int c1 =
        Main.run(
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(single, true),
            "import",
            "--dataset",
            "tsv:" + file,
            "--columns",
            "user=1,item=3,time=2");
    StringWriter spark = new StringWriter();
    int c2 =
        SparkMain.run(
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(spark, true),
            "import",
            "--master",
            "local[2]",
            "--dataset",
            "tsv:" + file,
            "--columns",
            "user=1,item=3,time=2");
    assertEquals(Main.BAD_INPUT, c1, single.toString());
    assertEquals(SparkMain.BAD_INPUT, c2, spark.toString());
    String message = single.toString().replaceFirst("^error: ", "").strip();
    assertTrue(message.contains(":1: value '0\t"), message);
    assertTrue(message.contains("add header=none"), message);
    assertEquals("strec-spark: " + message, spark.toString().strip());
  }
}
