package io.strec.eval.protocol;

import static io.strec.eval.protocol.ReferenceProtocolTest.assertMetrics;
import static io.strec.eval.protocol.ReferenceProtocolTest.load;
import static io.strec.eval.protocol.ReferenceProtocolTest.pop;

import io.strec.data.Loaded;
import io.strec.data.RawEvent;
import io.strec.data.RowPolicy;
import io.strec.data.io.AtomicSource;
import io.strec.data.io.FoursquareSource;
import io.strec.data.io.MovieLensSource;
import io.strec.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code pop} on the real datasets matches the independent Python reference to 1e-4 (in fact to
 * 1e-9). Gated: skipped when {@code ../shared/data} is absent.
 */
class RealDataReferenceTest {
  static final double TOL = 1e-9;

  @Test
  void movieLensLooValidAndTest() throws Exception {
    Loaded data = load(new MovieLensSource(TestData.realData("ml-100k")));
    assertMetrics(
        TestData.json("reference/pop_ml100k_loo_valid.json"),
        pop(LeaveOneOut.build(data, LeaveOneOut.Split.VALID, true)),
        TOL);
    assertMetrics(
        TestData.json("reference/pop_ml100k_loo_test.json"),
        pop(LeaveOneOut.build(data, LeaveOneOut.Split.TEST, true)),
        TOL);
  }

  @Test
  void nycGetNextValidation() throws Exception {
    Path dir = TestData.realData("foursquare-nyc");
    Loaded table = load(FoursquareSource.open(dir.resolve("nyc_checkins.tsv.gz")));
    List<RawEvent> rows = new ArrayList<>();
    try (RowPolicy p = RowPolicy.fail()) {
      FoursquareSource.open(dir.resolve("orig/getnext_NYC_val.csv")).readEvents(rows::add, p);
    }
    assertMetrics(
        TestData.json("reference/pop_nyc_getnext_val.json"),
        pop(GetNext.build(table, rows, GetNext.Mode.STRICT)),
        TOL);
  }

  @Test
  void scientificGivenValid() throws Exception {
    Path prefix = TestData.realData("amazon-scientific").resolve("Scientific");
    Loaded train = load(new AtomicSource(prefix));
    List<AtomicSource.SequenceRow> rows;
    try (RowPolicy p = RowPolicy.fail()) {
      rows = AtomicSource.readSequences(prefix.resolveSibling("Scientific.valid.inter"), p);
    }
    assertMetrics(
        TestData.json("reference/pop_scientific_given_valid.json"),
        pop(Given.build(train, rows, false)),
        TOL);
  }
}
