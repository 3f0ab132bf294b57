package io.strec.cli;

import static io.strec.cli.CliEndToEndTest.FIXTURES;
import static io.strec.cli.CliEndToEndTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.cli.CliEndToEndTest.Result;
import io.strec.data.io.DatasetKind;
import io.strec.util.BadInputException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Only bad input exits 2, with one line naming the value and no stack trace; anything else thrown
 * from inside a command is an internal error: exit 1 and the stack trace on stderr.
 */
class ExitCodesTest {
  private static final String ML = "movielens:" + FIXTURES.resolve("fixtures/ml");

  @TempDir Path tmp;

  /** A command that fails from inside, as a violated invariant in a model would. */
  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    private final Supplier<RuntimeException> failure;

    Boom(Supplier<RuntimeException> failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() {
      throw failure.get();
    }
  }

  private static Result runPlanted(Supplier<RuntimeException> failure) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
    cl.addSubcommand("boom", new Boom(failure));
    return new Result(cl.execute("boom"), out.toString(), err.toString());
  }

  @Test
  void aViolatedInvariantInsideACommandIsAnInternalErrorWithItsTrace() {
    List<Supplier<RuntimeException>> planted =
        List.of(
            () -> new IllegalStateException("planted: history not sorted"),
            () -> new IllegalArgumentException("planted: negative prefix length -1"),
            () -> new NoSuchElementException("planted: no parameter 'w'"),
            () -> new NullPointerException("planted: null"));
    for (Supplier<RuntimeException> p : planted) {
      RuntimeException expected = p.get();
      Result r = runPlanted(p);
      assertEquals(Main.INTERNAL, r.code(), r.err());
      assertTrue(r.err().startsWith("internal error: " + expected.getMessage()), r.err());
      assertTrue(r.err().contains(expected.getClass().getName()), r.err());
      assertTrue(r.err().contains("\tat "), "stack trace printed: " + r.err());
      assertTrue(r.err().contains("ExitCodesTest$Boom.call"), "trace reaches the thrower");
    }
  }

  @Test
  void theSameMappingDecidesPlantedBadInput() {
    Result r = runPlanted(() -> new BadInputException("--x 'y': planted"));
    assertEquals(Main.BAD_INPUT, r.code());
    assertEquals("error: --x 'y': planted", r.err().strip());
  }

  @Test
  void anUnknownDeviceIsBadInputNamingIt() {
    assertOneLineBadInput(
        run("evaluate", "--dataset", ML, "--protocol", "loo", "--model", "pop", "--device", "tpu"),
        "--device 'tpu'",
        "auto, cpu, gpu or gpu:N");
  }

  @Test
  void anUnusableEmbeddingStoreFileIsBadInputNamingTheFile() {
    Path file = Path.of("emb", "minilm.emb");
    Result r =
        runPlanted(
            () ->
                new java.io.UncheckedIOException(
                    new io.strec.encoder.store.StoreFormatException(
                        file, "truncated: no checksum")));
    assertOneLineBadInput(r, file.toString(), "truncated: no checksum");
  }

  private static void assertOneLineBadInput(Result r, String... mentions) {
    assertEquals(Main.BAD_INPUT, r.code(), r.err());
    String err = r.err().strip();
    assertEquals(1, err.lines().count(), "one line: " + err);
    assertTrue(err.startsWith("error: "), err);
    assertFalse(err.contains("\tat ") || err.contains("Exception"), "no stack trace: " + err);
    for (String m : mentions) {
      assertTrue(err.contains(m), "mentions '" + m + "': " + err);
    }
  }

  @Test
  void anUnknownModelIsBadInputNamingItAndTheAvailableOnes() {
    assertOneLineBadInput(
        run("evaluate", "--dataset", ML, "--protocol", "loo", "--model", "nope"),
        "unknown model 'nope'",
        "available: ",
        "pop");
  }

  @Test
  void anUnknownDatasetKindIsBadInputListingTheKinds() {
    assertOneLineBadInput(
        run("import", "--dataset", "parquet:/x"),
        "unknown dataset kind 'parquet'",
        DatasetKind.names());
    assertOneLineBadInput(run("import", "--dataset", "nowhere"), "'nowhere'", "KIND:PATH");
  }

  @Test
  void malformedOptionValuesAreBadInputNamingOptionAndValue() throws Exception {
    Path csv = tmp.resolve("events.csv");
    Files.writeString(csv, "uid,sku,ts\nu1,i1,1\nu1,i2,2\nu2,i1,3\n");
    assertOneLineBadInput(
        run("import", "--dataset", "csv:" + csv, "--columns", "usr=uid"),
        "--columns 'usr=uid'",
        "usr");
    assertOneLineBadInput(
        run(
            "evaluate",
            "--dataset",
            ML,
            "--protocol",
            "temporal",
            "--cutoff",
            "yesterday",
            "--model",
            "pop"),
        "--cutoff 'yesterday'");
    assertOneLineBadInput(
        run("evaluate", "--dataset", ML, "--protocol", "loo", "--model", "pop", "--cold", "x"),
        "--cold",
        "'x'");
    assertOneLineBadInput(run("import", "--dataset", ML, "--kcore", "two"), "--kcore 'two'", "U,I");
    assertOneLineBadInput(run("import", "--dataset", ML, "--kcore", ","), "--kcore ','", "U,I");
    assertOneLineBadInput(
        run("import", "--dataset", ML, "--kcore", "2,3,4"), "--kcore '2,3,4'", "U,I");
    assertOneLineBadInput(
        run("serve", "--dir", tmp.resolve("serve").toString(), "--candidates", "0"),
        "--candidates",
        "0");
    assertOneLineBadInput(
        run("import", "--dataset", ML, "--on-error", "ignore"), "--on-error", "'ignore'");
    assertOneLineBadInput(
        run(
            "evaluate",
            "--dataset",
            ML,
            "--protocol",
            "loo",
            "--model",
            "pop",
            "--encoder",
            "word2vec"),
        "--encoder 'word2vec'",
        "unknown encoder");
  }

  @Test
  void aMissingFileIsBadInputNamingThePath() {
    Path missing = tmp.resolve("absent");
    assertOneLineBadInput(
        run("import", "--dataset", "movielens:" + missing), "no such file", missing.toString());
  }
}
