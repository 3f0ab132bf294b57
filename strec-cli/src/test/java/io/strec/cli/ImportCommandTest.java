package io.strec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strec import} as a user meets it in the first hour: a public check-in log without a
 * header, read by column position; the error when the mapping does not fit line 1; item metadata
 * with its own column mapping; a k-core that takes the items it drops out of the catalogue.
 */
class ImportCommandTest {
  @TempDir Path tmp;

  /** SNAP check-ins (Gowalla, Brightkite): user, time, latitude, longitude, location; no header. */
  static final String SNAP =
      """
      0\t2010-10-19T23:55:27Z\t30.2359091167\t-97.7951395833\t22847
      0\t2010-10-18T22:17:43Z\t30.2691029532\t-97.7493953705\t420315
      1\t2010-10-17T23:42:03Z\t30.2557309927\t-97.7633857727\t316637
      """;

  record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void headerlessCheckinsImportByPosition() throws Exception {
    Path file = Files.writeString(tmp.resolve("checkins.txt"), SNAP, StandardCharsets.UTF_8);
    Path out = tmp.resolve("out");
    Result r =
        run(
            "import",
            "--dataset",
            "tsv:" + file,
            "--columns",
            "header=none,user=1,item=5,time=2,lat=3,lon=4",
            "--out",
            out.toString());
    assertEquals(0, r.code(), r.err());
    long first = Instant.parse("2010-10-17T23:42:03Z").getEpochSecond();
    long last = Instant.parse("2010-10-19T23:55:27Z").getEpochSecond();
    assertEquals(
        String.join(
            "\n",
            "reading tsv:" + file,
            file + ": read 3 = accepted 3 + rejected 0",
            "3 events, 2 users, 3 items (0 with metadata), 100.0% located",
            "time range "
                + first
                + " .. "
                + last
                + " (2010-10-17T23:42:03Z .. 2010-10-19T23:55:27Z)",
            "wrote 3 events and 0 items to " + out,
            ""),
        r.out());
    assertEquals("", r.err());
    assertEquals(
        List.of(
            "user_id,item_id,timestamp,tz_offset_min,latitude,longitude,event_type,weight,split,group",
            // STREC's layout keeps 8 decimals of a degree (about a millimetre).
            "0,22847,2010-10-19T23:55:27Z,0,30.23590912,-97.79513958,,,,",
            "0,420315,2010-10-18T22:17:43Z,0,30.26910295,-97.74939537,,,,",
            "1,316637,2010-10-17T23:42:03Z,0,30.25573099,-97.76338577,,,,"),
        Files.readAllLines(out.resolve("events.csv")));
  }

  @Test
  void aMappingThatDoesNotFitLine1IsBadInputSayingWhatToDo() throws Exception {
    Path file = Files.writeString(tmp.resolve("checkins.txt"), SNAP, StandardCharsets.UTF_8);
    Result positions =
        run("import", "--dataset", "tsv:" + file, "--columns", "user=1,item=5,time=2");
    assertEquals(Main.BAD_INPUT, positions.code());
    assertEquals(
        "error: "
            + file
            + ":1: value '0\t2010-10-19T23:55:27Z\t30.2359091167\t-97.7951395833\t22847': "
            + "--columns maps user=1, item=5, time=2 by position, but line 1 is read as a header:"
            + " if the file has no header line, add header=none"
            + " (--columns header=none,user=1,item=5,time=2)\n",
        positions.err());
    assertEquals("reading tsv:" + file + "\n", positions.out());

    Result names = run("import", "--dataset", "tsv:" + file);
    assertEquals(Main.BAD_INPUT, names.code());
    assertTrue(
        names
            .err()
            .startsWith(
                "error: "
                    + file
                    + ":1: value '0': line 1 looks like data, not a header (it lacks"
                    + " user=user_id, item=item_id of --columns)"),
        names.err());
    assertTrue(names.err().contains("--columns header=none,user=1,item=2"), names.err());
    assertFalse(names.err().contains("\tat "), "no stack trace for bad input");

    Result shortRow =
        run(
            "import",
            "--dataset",
            "tsv:"
                + Files.writeString(tmp.resolve("short.txt"), SNAP + "2\t2010-10-16T10:00:00Z\n"),
            "--columns",
            "header=none,user=1,item=5,time=2");
    assertEquals(Main.BAD_INPUT, shortRow.code());
    assertTrue(
        shortRow
            .err()
            .contains(
                ":4: column 'item (#5)' value '2\t2010-10-16T10:00:00Z': the row has 2 fields,"
                    + " no position 5"),
        shortRow.err());

    Result unknown =
        run(
            "import",
            "--dataset",
            "tsv:" + file,
            "--items",
            file.toString(),
            "--item-columns",
            "item=1,name=2");
    assertEquals(Main.BAD_INPUT, unknown.code());
    assertTrue(
        unknown.err().contains("the fields are item, title, categories, brand, description"),
        unknown.err());
  }

  @Test
  void kcoreDropsTheItemsItFiltersOutFromTheCatalogueAndTheItemFile() throws Exception {
    Path events =
        Files.writeString(
            tmp.resolve("events.csv"),
            """
            user_id,item_id,timestamp
            u1,i1,2020-01-01T00:00:00Z
            u1,i2,2020-01-02T00:00:00Z
            u2,i1,2020-01-03T00:00:00Z
            u2,i2,2020-01-04T00:00:00Z
            u3,i3,2020-01-05T00:00:00Z
            """);
    // i3 loses its only event to the 2-core; i4 never had one.
    Path items =
        Files.writeString(tmp.resolve("items.csv"), "id,name\ni1,One\ni2,Two\ni3,Three\ni4,Four\n");
    Path cored = tmp.resolve("cored");
    Result r =
        run(
            "import",
            "--dataset",
            "csv:" + events,
            "--items",
            items.toString(),
            "--item-columns",
            "item=id,title=name",
            "--kcore",
            "2",
            "--out",
            cored.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out().contains("k-core catalogue: 4 -> 2 items with metadata (2 dropped"), r.out());
    assertTrue(r.out().contains("4 events, 2 users, 2 items (2 with metadata)"), r.out());
    assertTrue(r.out().contains("wrote 4 events and 2 items to " + cored), r.out());
    assertEquals(List.of("i1:One", "i2:Two"), itemsIn(cored.resolve("items.jsonl")));

    // Without a k-core every item of the metadata stays, as before.
    Path plain = tmp.resolve("plain");
    Result all =
        run(
            "import",
            "--dataset",
            "csv:" + events,
            "--items",
            items.toString(),
            "--item-columns",
            "item=id,title=name",
            "--out",
            plain.toString());
    assertEquals(0, all.code(), all.err());
    assertFalse(all.out().contains("k-core"), all.out());
    assertEquals(
        List.of("i1:One", "i2:Two", "i3:Three", "i4:Four"), itemsIn(plain.resolve("items.jsonl")));
  }

  private static List<String> itemsIn(Path itemsJsonl) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(itemsJsonl)) {
      var node = json.readTree(line);
      out.add(node.get("item_id").asText() + ":" + node.get("title").asText());
    }
    return out;
  }
}
