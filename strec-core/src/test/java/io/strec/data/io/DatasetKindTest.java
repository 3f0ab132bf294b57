package io.strec.data.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.util.BadInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatasetKindTest {
  @Test
  void theOptionHelpConstantListsExactlyTheKinds() {
    assertEquals(DatasetKind.usage(), DatasetKind.USAGE);
    assertEquals("movielens, foursquare, atomic, csv, tsv, jsonl, strec", DatasetKind.names());
  }

  @Test
  void namesAndAliasesAreFoundIgnoringCase() {
    assertEquals(DatasetKind.MOVIELENS, DatasetKind.of("ML"));
    assertEquals(DatasetKind.FOURSQUARE, DatasetKind.of("fsq"));
    assertEquals(DatasetKind.ATOMIC, DatasetKind.of("recbole"));
    assertEquals(DatasetKind.STREC, DatasetKind.of("strec"));
    assertTrue(DatasetKind.JSONL.takesColumns());
    assertTrue(!DatasetKind.STREC.takesColumns());
  }

  @Test
  void anUnknownKindIsBadInputListingTheKnownOnes() {
    BadInputException e =
        assertThrows(BadInputException.class, () -> DatasetSpec.parse("parquet:/x"));
    assertEquals(
        "unknown dataset kind 'parquet' (expected " + DatasetKind.names() + ")", e.getMessage());
    e = assertThrows(BadInputException.class, () -> DatasetSpec.parse("/data/u.data"));
    assertTrue(e.getMessage().contains("KIND:PATH"), e.getMessage());
  }

  @Test
  void aSpecPrintsAsItParses() {
    DatasetSpec s = DatasetSpec.parse("FSQ:/data/checkins.tsv");
    assertEquals(DatasetKind.FOURSQUARE, s.kind());
    assertEquals(Path.of("/data/checkins.tsv"), s.location());
    assertEquals("foursquare:/data/checkins.tsv", s.toString());
    assertEquals(s, DatasetSpec.parse(s.toString()));
  }
}
