package io.strec.data.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.InvalidRecordException;
import io.strec.data.Loaded;
import io.strec.data.ReadStats;
import io.strec.data.RowPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed rows: {@code fail} names file, line, column and value; {@code skip} writes every bad
 * line verbatim to the reject file; read = accepted + rejected always.
 */
class MalformedInputTest {
  @TempDir Path tmp;

  static final String HEADER =
      "user_id,item_id,timestamp,tz_offset_min,latitude,longitude,event_type,weight\n";
  static final List<String> BAD =
      List.of(
          "u1,i1,2020-01-01T00:00:00Z,0,40.0,-73.0,checkin", // line 3: wrong column count
          "u1,i1,2020-01-01T00:00:00Z,0,40.0,-73.0,checkin,abc", // line 4: weight not a number
          "u1,i1,yesterday,0,40.0,-73.0,checkin,", // line 5: bad time
          "u1,i1,2020-01-01T00:00:00Z,0,95.2,-73.0,checkin,", // line 6: latitude out of range
          "u1,i1,2020-01-01T00:00:00Z,0,40.0,-181,checkin,", // line 7: longitude out of range
          ",i1,2020-01-01T00:00:00Z,0,40.0,-73.0,checkin,"); // line 8: empty user id
  static final String GOOD = "u1,i1,2020-01-01T00:00:00Z,0,40.0,-73.0,checkin,1\n";

  Path file() throws Exception {
    Path f = tmp.resolve("events.csv");
    Files.writeString(
        f, HEADER + GOOD + String.join("\n", BAD) + "\n" + GOOD + "\n", StandardCharsets.UTF_8);
    return f;
  }

  TabularSource source() throws Exception {
    return new TabularSource(
        file(), TabularSource.Kind.CSV, ColumnMapping.defaults(), Optional.empty());
  }

  @Test
  void failPolicyNamesFileLineColumnAndValue() throws Exception {
    TabularSource s = source();
    try (RowPolicy p = RowPolicy.fail()) {
      InvalidRecordException e =
          assertThrows(InvalidRecordException.class, () -> Loaded.read(s, p));
      assertEquals(3, e.line());
      assertTrue(e.getMessage().startsWith(file().toString() + ":3: "), e.getMessage());
      assertTrue(e.getMessage().contains("expected 8 columns but found 7"), e.getMessage());
    }
  }

  @Test
  void eachKindOfBadValueIsNamed() throws Exception {
    String[][] expect = {
      {"4", "weight", "abc", "not a number"},
      {"5", "timestamp", "yesterday", "not a timestamp of time-format=iso"},
      {"6", "latitude", "95.2", "latitude outside [-90, 90]"},
      {"7", "longitude", "-181", "longitude outside [-180, 180]"},
      {"8", "user_id", "", "empty id"},
    };
    for (int k = 0; k < expect.length; k++) {
      Path f = tmp.resolve("one" + k + ".csv");
      Files.writeString(
          f, HEADER + GOOD + pad(Integer.parseInt(expect[k][0]) - 3) + BAD.get(k + 1) + "\n");
      TabularSource s =
          new TabularSource(f, TabularSource.Kind.CSV, ColumnMapping.defaults(), Optional.empty());
      try (RowPolicy p = RowPolicy.fail()) {
        InvalidRecordException e =
            assertThrows(InvalidRecordException.class, () -> Loaded.read(s, p));
        assertEquals(Long.parseLong(expect[k][0]), e.line(), e.getMessage());
        assertEquals(expect[k][1], e.column(), e.getMessage());
        assertEquals(expect[k][2], e.value(), e.getMessage());
        assertTrue(e.getMessage().contains(expect[k][3]), e.getMessage());
        assertTrue(e.getMessage().contains(f.toString() + ":" + expect[k][0]), e.getMessage());
      }
    }
  }

  /** Good rows that push the bad row to the wanted line number. */
  private static String pad(int goodRows) {
    return GOOD.repeat(goodRows);
  }

  @Test
  void skipPolicyWritesEveryBadLineAndLosesNothing() throws Exception {
    Path rejects = tmp.resolve("out/rejects.tsv");
    Loaded l;
    try (RowPolicy p = RowPolicy.skip(rejects)) {
      l = Loaded.read(source(), p);
    }
    ReadStats.FileCounts c = l.stats().total();
    assertEquals(8, c.read());
    assertEquals(2, c.accepted());
    assertEquals(6, c.rejected());
    assertEquals(2, l.events().size());
    List<String> lines = Files.readAllLines(rejects);
    assertEquals(BAD.size(), lines.size());
    for (int k = 0; k < BAD.size(); k++) {
      String[] parts = lines.get(k).split("\t", 4);
      assertEquals(file().toString(), parts[0]);
      assertEquals(Integer.toString(k + 3), parts[1]);
      assertEquals(BAD.get(k), parts[3], "the rejected line is kept verbatim");
    }
    assertTrue(
        l.stats().summary().contains("read 8 = accepted 2 + rejected 6"), l.stats().summary());
  }

  @Test
  void malformedMovieLensAndAtomicRowsAreNamedToo() throws Exception {
    Files.writeString(tmp.resolve("u.data"), "1\t2\t5\t881250949\n1\t2\tfive\t881250949\n");
    try (RowPolicy p = RowPolicy.fail()) {
      InvalidRecordException e =
          assertThrows(
              InvalidRecordException.class, () -> Loaded.read(new MovieLensSource(tmp), p));
      assertEquals(2, e.line());
      assertEquals("rating", e.column());
      assertEquals("five", e.value());
    }
    Files.writeString(
        tmp.resolve("a.train.inter"),
        "user_id:token\titem_id_list:token_seq\titem_id:token\n1\t2 3\t\n");
    try (RowPolicy p = RowPolicy.fail()) {
      InvalidRecordException e =
          assertThrows(
              InvalidRecordException.class,
              () -> Loaded.read(new AtomicSource(tmp.resolve("a")), p));
      assertEquals("item_id", e.column());
    }
  }
}
