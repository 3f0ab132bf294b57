package io.strec.stm.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.strec.data.Dataset;
import io.strec.model.History;
import io.strec.model.Query;
import io.strec.stm.ItemVectors;
import io.strec.stm.StmModel;
import io.strec.stm.StmTrainer;
import io.strec.stm.TrainOptions;
import io.strec.stm.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A model directory written by an earlier version ({@code src/test/resources/golden/stm}, with the
 * scores it gave in {@code golden/stm-scores.tsv}) must still load to the same scores: a change of
 * the format or of the scoring is then deliberate (rewrite both with {@code
 * -Dstrec.golden.write=true} and say why in the commit).
 */
class GoldenModelTest {
  private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
  private static final Dataset DATA = Fixtures.cycles(4, 6, 12);

  private static Query query(int user) {
    int[] evs = DATA.eventsOf(user);
    History h = History.of(DATA, evs, evs.length);
    int last = evs[evs.length - 1];
    return new Query(
        user, h, DATA.time(last) + 3600, -300, DATA.latitude(last), DATA.longitude(last));
  }

  private static List<String> scoreLines(StmModel model) {
    List<String> lines = new ArrayList<>();
    for (int u = 0; u < DATA.numUsers(); u++) {
      float[] s = new float[model.numItems()];
      model.score(query(u), s);
      StringBuilder line = new StringBuilder(Integer.toString(u));
      for (float v : s) {
        line.append('\t').append(String.format(Locale.ROOT, "%.6e", v));
      }
      lines.add(line.toString());
    }
    return lines;
  }

  @Test
  void writeTheGoldenDirectoryWhenAsked() throws IOException {
    assumeTrue(
        Boolean.getBoolean("strec.golden.write"),
        "writes the golden model only with -Dstrec.golden.write=true");
    try (StmModel model =
        new StmTrainer(
                "stm",
                Fixtures.tiny(3),
                ItemVectors.fixed(Fixtures.vectors(DATA.numItems(), 5, 1), "test-vectors"),
                TrainOptions.quiet())
            .fit(DATA, 11)) {
      Path dir = GOLDEN.resolve("stm");
      if (Files.exists(dir)) {
        try (var files = Files.list(dir)) {
          for (Path f : files.toList()) {
            Files.delete(f);
          }
        }
        Files.delete(dir);
      }
      ModelArtifact.save(model, dir);
      Files.write(GOLDEN.resolve("stm-scores.tsv"), scoreLines(model), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theGoldenDirectoryLoadsToTheScoresItGave() throws IOException {
    List<String> want =
        Files.readAllLines(GOLDEN.resolve("stm-scores.tsv"), StandardCharsets.UTF_8);
    try (StmModel model = ModelArtifact.load(GOLDEN.resolve("stm"))) {
      List<String> got = scoreLines(model);
      assertEquals(want.size(), got.size());
      for (int u = 0; u < want.size(); u++) {
        assertArrayEquals(values(want.get(u)), values(got.get(u)), 1e-4, "user " + u);
      }
    }
  }

  private static double[] values(String line) {
    String[] f = line.split("\t");
    double[] out = new double[f.length];
    for (int k = 0; k < f.length; k++) {
      out[k] = Double.parseDouble(f[k]);
    }
    return out;
  }
}
