package io.strec.eval.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compares the t-test and its special functions with scipy. The reference values and the script
 * that made them are in {@code src/test/resources/reference/stats/}.
 */
class StatsReferenceTest {
  private static final double RTOL = 1e-8;

  /** Absolute slack below which values count as equal; only matters for results that underflow. */
  private static final double ATOL = 1e-300;

  private static JsonNode reference;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in =
        StatsReferenceTest.class.getResourceAsStream("/reference/stats/stats_reference.json")) {
      assertTrue(in != null, "stats_reference.json missing from the test classpath");
      reference = new ObjectMapper().readTree(in);
    }
  }

  private static void assertClose(double expected, double actual, String what) {
    double tol = RTOL * Math.abs(expected) + ATOL;
    assertTrue(
        Math.abs(expected - actual) <= tol,
        what
            + ": expected "
            + expected
            + " but got "
            + actual
            + " (rel err "
            + Math.abs(expected - actual) / Math.abs(expected)
            + ")");
  }

  private static double[] array(JsonNode node) {
    double[] out = new double[node.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = node.get(i).asDouble();
    }
    return out;
  }

  @Test
  void pairedTTestMatchesScipyTtestRel() {
    JsonNode cases = reference.get("ttest_rel");
    assertTrue(cases.size() >= 5);
    for (JsonNode c : cases) {
      String name = c.get("name").asText();
      PairedResult r = PairedTest.compare(array(c.get("a")), array(c.get("b")), 10, 1L);
      assertEquals(c.get("a").size(), r.n(), name);
      assertClose(c.get("mean_diff").asDouble(), r.meanDiff(), name + " mean diff");
      assertClose(c.get("t").asDouble(), r.tStat(), name + " t");
      assertClose(c.get("p").asDouble(), r.tPValue(), name + " p");
    }
  }

  @Test
  void studentTCdfMatchesScipy() {
    for (JsonNode c : reference.get("t_cdf")) {
      double t = c.get("t").asDouble();
      double df = c.get("df").asDouble();
      assertClose(c.get("cdf").asDouble(), StudentT.cdf(t, df), "t.cdf(" + t + ", " + df + ")");
    }
  }

  @Test
  void twoSidedPIsTwiceTheLowerTail() {
    for (JsonNode c : reference.get("t_cdf")) {
      double t = c.get("t").asDouble();
      double df = c.get("df").asDouble();
      double lower = c.get("cdf").asDouble();
      double expected = 2 * Math.min(lower, 1 - lower);
      // 1 - cdf from the reference is itself only good to ~1e-16 absolute, so use that slack.
      double actual = StudentT.twoSidedP(t, df);
      assertTrue(
          Math.abs(expected - actual) <= RTOL * expected + 1e-15,
          "twoSidedP(" + t + ", " + df + "): expected " + expected + " but got " + actual);
    }
  }

  @Test
  void regularizedBetaMatchesScipyBetainc() {
    for (JsonNode c : reference.get("betainc")) {
      double a = c.get("a").asDouble();
      double b = c.get("b").asDouble();
      double x = c.get("x").asDouble();
      assertClose(
          c.get("value").asDouble(),
          SpecialFunctions.regularizedBeta(x, a, b),
          "betainc(" + a + ", " + b + ", " + x + ")");
    }
  }

  @Test
  void logGammaMatchesScipyGammaln() {
    for (JsonNode c : reference.get("gammaln")) {
      double x = c.get("x").asDouble();
      assertClose(c.get("value").asDouble(), SpecialFunctions.logGamma(x), "gammaln(" + x + ")");
    }
  }

  @Test
  void summaryMatchesNumpy() {
    for (JsonNode c : reference.get("summary")) {
      Summary s = Summary.of(array(c.get("values")));
      assertEquals(c.get("values").size(), s.n());
      assertClose(c.get("mean").asDouble(), s.mean(), "mean of " + c.get("values"));
      assertClose(c.get("std").asDouble(), s.std(), "std of " + c.get("values"));
    }
  }
}
