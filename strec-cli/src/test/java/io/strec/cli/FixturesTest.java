package io.strec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The reference fixtures reach this module through strec-core's test jar (as files on disk, copied
 * out of the jar when it is one), not through a path into another module's folders.
 */
class FixturesTest {
  @Test
  void theReferenceFixturesAreFilesOnDisk() throws Exception {
    Path ratings = CliEndToEndTest.FIXTURES.resolve("fixtures/ml/ratings.csv");
    assertTrue(Files.isRegularFile(ratings), ratings + " is a file");
    assertTrue(Files.size(ratings) > 0, ratings + " is not empty");
    assertTrue(
        Files.isRegularFile(CliEndToEndTest.FIXTURES.resolve("fixtures/nyc/checkins.tsv")),
        "the NYC fixture is there too");
    assertEquals(
        CliEndToEndTest.FIXTURES,
        io.strec.testing.TestData.directory("reference"),
        "copied once per JVM");
  }
}
