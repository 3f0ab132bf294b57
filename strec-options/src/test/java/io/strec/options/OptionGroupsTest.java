package io.strec.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.RowPolicy;
import io.strec.data.clean.KCore;
import io.strec.util.BadInputException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The shared groups parse and check their values as both programs rely on: defaults, and bad input
 * reported naming the option and the value.
 */
class OptionGroupsTest {
  @Command(name = "probe")
  static final class Probe {
    @Mixin DatasetOptions data;
    @Mixin ImportOptions imports;
    @Mixin EncoderOption encoder;
  }

  @Command(name = "top")
  static final class Top {
    @Mixin TopKOptions topK;
  }

  private static Probe parse(String... args) {
    Probe p = new Probe();
    new CommandLine(p).parseArgs(args);
    return p;
  }

  private static void assertBadInput(Runnable r, String message) {
    BadInputException e = assertThrows(BadInputException.class, r::run);
    assertEquals(message, e.getMessage());
  }

  @Test
  void defaults() throws Exception {
    Probe p = parse();
    assertFalse(p.data.given());
    assertBadInput(p.data::dataset, "--dataset KIND:PATH is required");
    assertEquals("", p.data.columns());
    assertEquals("", p.data.itemColumns());
    assertEquals(Optional.empty(), p.data.items());
    try (RowPolicy policy = p.data.policy()) {
      assertTrue(policy.rejectFile().isEmpty(), "fail is the default");
    }
    assertFalse(p.imports.dedup());
    assertEquals(Optional.empty(), p.imports.kcore());
    assertEquals(Optional.empty(), p.imports.out());
    assertEquals("minilm-q", p.encoder.spec());
  }

  @Test
  void datasetOptionsNameTheValueTheyCannotUse() {
    assertBadInput(
        () -> parse("--on-error", "ignore").data.policy(),
        "--on-error must be fail or skip, not 'ignore'");
    assertBadInput(
        () -> parse("--item-columns", "item=id").data.itemColumns(),
        "--item-columns maps the columns of --items FILE, not given");
    BadInputException e =
        assertThrows(BadInputException.class, () -> parse("--columns", "usr=uid").data.columns());
    assertTrue(e.getMessage().startsWith("--columns 'usr=uid': "), e.getMessage());
    Probe p = parse("--dataset", "csv:events.csv", "--items", "items.csv");
    assertEquals("csv:events.csv", p.data.dataset());
    assertEquals(Optional.of(Path.of("items.csv")), p.data.items());
  }

  @Test
  void kcoreIsOneOrTwoThresholdsOfAtLeastOne() {
    KCore k = parse("--kcore", "5,2").imports.kcore().orElseThrow();
    assertEquals(5, k.minUserEvents());
    assertEquals(2, k.minItemEvents());
    assertEquals(3, parse("--kcore", "3").imports.kcore().orElseThrow().minItemEvents());
    assertBadInput(
        () -> parse("--kcore", "two").imports.kcore(),
        "--kcore 'two': expected U or U,I with integers");
    assertBadInput(
        () -> parse("--kcore", "2,3,4").imports.kcore(),
        "--kcore '2,3,4': expected U or U,I with integers");
    assertBadInput(
        () -> parse("--kcore", "0").imports.kcore(),
        "--kcore '0': k-core thresholds must be >= 1, got user 0, item 0");
  }

  @Test
  void anUnknownEncoderIsNamedWithTheAvailableOnes() {
    BadInputException e =
        assertThrows(BadInputException.class, () -> parse("--encoder", "word2vec").encoder.spec());
    assertTrue(
        e.getMessage().startsWith("--encoder 'word2vec': unknown encoder 'word2vec'; available: "),
        e.getMessage());
    assertTrue(e.getMessage().contains("minilm-q"), e.getMessage());
  }

  @Test
  void topKNeedsAModelDirectoryAndAPositiveK() {
    Top t = new Top();
    new CommandLine(t).parseArgs("--model-dir", "m");
    assertEquals(Path.of("m"), t.topK.modelDir());
    assertEquals(10, t.topK.k());
    assertThrows(
        CommandLine.MissingParameterException.class, () -> new CommandLine(new Top()).parseArgs());
    Top zero = new Top();
    new CommandLine(zero).parseArgs("--model-dir", "m", "-k", "0");
    assertBadInput(zero.topK::k, "-k must be >= 1, got 0");
  }
}
