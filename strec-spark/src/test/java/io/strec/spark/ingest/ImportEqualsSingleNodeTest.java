package io.strec.spark.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.cli.Main;
import io.strec.data.InvalidRecordException;
import io.strec.data.RowPolicy;
import io.strec.data.synth.City;
import io.strec.data.synth.CityConfig;
import io.strec.data.synth.CityWriter;
import io.strec.data.synth.SyntheticCity;
import io.strec.spark.LocalSpark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strec-spark import} on {@code local[2]} writes what the single-node {@code strec import}
 * writes for the same input, byte for byte: events, items, reject file and the printed counts, with
 * deduplication and k-core filtering, over files split across several partitions.
 */
class ImportEqualsSingleNodeTest {
  @TempDir Path tmp;

  /** A city written in STREC's layout, with duplicates, bad rows and a quoted field added. */
  private Path dirtyCity() throws Exception {
    City city =
        SyntheticCity.generate(CityConfig.defaults(11).withUsers(30).withPois(60).withDays(14));
    Path dir = tmp.resolve("city");
    CityWriter.write(city, dir);
    Path events = dir.resolve("events.csv");
    List<String> lines = new ArrayList<>(Files.readAllLines(events, StandardCharsets.UTF_8));
    int n = lines.size();
    // Exact duplicates of a few rows, far from the originals (and so in other partitions).
    lines.add(lines.get(5));
    lines.add(lines.get(n / 2));
    lines.add(lines.get(n - 1));
    // Bad rows: a timestamp that is not one, a latitude out of range, an empty user, a quote
    // that never closes; a blank line, which is not a row.
    lines.add(n / 3, "u-001,p-001,yesterday,0,40.7,-73.9,checkin,");
    lines.add(n / 4, "u-002,p-002,2026-03-03T10:00:00Z,-300,95.0,-73.9,checkin,");
    lines.add(2 * n / 3, ",p-003,2026-03-03T10:00:00Z,-300,40.7,-73.9,checkin,");
    lines.add(n - 10, "u-003,\"p-004,2026-03-03T10:00:00Z,-300,40.7,-73.9,checkin,");
    lines.add(n / 5, "");
    // -0.0 and 0.0 are different values to the single-node deduplication.
    String base = "u-004,p-005,2026-03-04T09:00:00Z,-300,40.7,%s,checkin,";
    lines.add(String.format(Locale.ROOT, base, "0.0"));
    lines.add(String.format(Locale.ROOT, base, "-0.0"));
    lines.add(String.format(Locale.ROOT, base, "0.0"));
    Files.write(events, lines, StandardCharsets.UTF_8);
    return dir;
  }

  @Test
  void cleanedImportWithRejectsIsByteForByteTheSingleNodeOne() throws Exception {
    Path city = dirtyCity();
    Path single = tmp.resolve("single");
    StringWriter singleOut = new StringWriter();
    StringWriter singleErr = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(singleOut, true),
            new PrintWriter(singleErr, true),
            "import",
            "--dataset",
            "strec:" + city,
            "--on-error",
            "skip",
            "--rejects",
            tmp.resolve("single-rejects.tsv").toString(),
            "--dedup",
            "--kcore",
            "3,2",
            "--out",
            single.toString());
    assertEquals(0, code, singleErr.toString());

    Path spark = tmp.resolve("spark");
    StringWriter sparkOut = new StringWriter();
    try (RowPolicy policy = RowPolicy.skip(tmp.resolve("spark-rejects.tsv"))) {
      ImportJob.run(
          LocalSpark.get(),
          new ImportJob.Options(
              SourceRef.of("strec:" + city),
              true,
              Optional.of(new int[] {3, 2}),
              Optional.empty(),
              Optional.of(spark),
              Optional.empty(),
              3),
          policy,
          new PrintWriter(sparkOut, true));
    }
    assertSameFile(single.resolve("events.csv"), spark.resolve("events.csv"));
    assertSameFile(single.resolve("items.jsonl"), spark.resolve("items.jsonl"));
    assertSameFile(tmp.resolve("single-rejects.tsv"), tmp.resolve("spark-rejects.tsv"));
    assertEquals(
        singleOut.toString().replace(single.toString(), "OUT").replace("single-rejects", "R"),
        sparkOut.toString().replace(spark.toString(), "OUT").replace("spark-rejects", "R"));
    assertTrue(sparkOut.toString().contains("rejected 4"), sparkOut.toString());
    assertTrue(sparkOut.toString().contains("deduplicate: "), sparkOut.toString());
  }

  @Test
  void underFailTheFirstBadRowStopsBothWithTheSameMessage() throws Exception {
    Path city = dirtyCity();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            "import",
            "--dataset",
            "strec:" + city);
    assertEquals(Main.BAD_INPUT, code);
    InvalidRecordException e =
        assertThrows(
            InvalidRecordException.class,
            () -> {
              try (RowPolicy policy = RowPolicy.fail()) {
                ImportJob.run(
                    LocalSpark.get(),
                    new ImportJob.Options(
                        SourceRef.of("strec:" + city),
                        false,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        4),
                    policy,
                    new PrintWriter(new StringWriter(), true));
              }
            });
    assertTrue(err.toString().contains(e.getMessage()), err + " vs " + e.getMessage());
    assertTrue(e.getMessage().contains("value '95.0'"), e.getMessage());
  }

  static void assertSameFile(Path expected, Path actual) throws Exception {
    List<String> a = Files.readAllLines(expected, StandardCharsets.UTF_8);
    List<String> b = Files.readAllLines(actual, StandardCharsets.UTF_8);
    assertEquals(a.size(), b.size(), "lines of " + actual + " vs " + expected);
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i), b.get(i), actual + " line " + (i + 1));
    }
    assertEquals(Files.size(expected), Files.size(actual), actual + " bytes");
  }
}
