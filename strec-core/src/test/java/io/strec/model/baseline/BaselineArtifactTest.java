package io.strec.model.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.Dataset;
import io.strec.data.Item;
import io.strec.data.Vocabulary;
import io.strec.model.ModelContext;
import io.strec.model.ModelRegistry;
import io.strec.model.Query;
import io.strec.model.ServableModel;
import io.strec.model.Trainer;
import io.strec.model.artifact.ModelDirectory;
import io.strec.model.artifact.ModelFormatException;
import io.strec.model.artifact.ModelProvenance;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden-model tests: every baseline saved to a model directory and loaded back scores the same.
 */
class BaselineArtifactTest {
  private static final Dataset TRAIN = Fixtures.random(42, 30, 80, 1_500);

  @TempDir Path tmp;

  private static List<Query> queries(long seed, int items, int count) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<Query> out = new ArrayList<>();
    for (int q = 0; q < count; q++) {
      out.add(Fixtures.randomQuery(rng, items));
    }
    return out;
  }

  private static Path write(Path dir, ServableModel m, Trainer t, Vocabulary items)
      throws IOException {
    ModelDirectory.write(
        dir, m, items, ModelProvenance.of(m.name(), t.describe(), TRAIN, 7, m.trainingSummary()));
    return dir;
  }

  private static void assertSameScores(ServableModel expected, ServableModel actual, Query q) {
    assertArrayEquals(
        Fixtures.score(expected, q), Fixtures.score(actual, q), expected.name() + " " + q);
  }

  /** Every setting of every baseline, 300 random queries each, exact float equality. */
  @Test
  void loadedModelsScoreBitIdentically() throws IOException {
    List<Query> queries = queries(3, TRAIN.numItems(), 300);
    List<Trainer> trainers = Fixtures.allCandidates();
    for (int k = 0; k < trainers.size(); k++) {
      Trainer t = trainers.get(k);
      ServableModel m = Fixtures.fit(t, TRAIN);
      Path dir = write(tmp.resolve("m" + k), m, t, TRAIN.items());
      try (ModelDirectory.Opened o =
          ModelDirectory.open(dir, ModelRegistry.load(), ModelContext.defaults())) {
        assertEquals(m.name(), o.model().name());
        assertEquals(m.numItems(), o.model().numItems());
        assertEquals(TRAIN.items().ids(), o.items().ids());
        assertEquals(t.describe(), o.provenance().config());
        for (Query q : queries) {
          assertSameScores(m, o.model(), q);
        }
      }
    }
  }

  /** A model grown by withItems saves its new items too, and grows the same again once loaded. */
  @Test
  void grownModelsRoundTrip() throws IOException {
    List<Item> added = Fixtures.newItems("new", 9, 6);
    Vocabulary items = TRAIN.items().extendedWith(added.stream().map(Item::id).toList());
    List<Query> queries = queries(4, items.size(), 200);
    for (var f : Fixtures.factories()) {
      Trainer t = f.candidates().get(f.candidates().size() - 1);
      ServableModel grown = Fixtures.fit(t, TRAIN).withItems(added);
      Path dir = write(tmp.resolve(f.name()), grown, t, items);
      try (ModelDirectory.Opened o =
          ModelDirectory.open(dir, ModelRegistry.load(), ModelContext.defaults())) {
        assertEquals(items.size(), o.model().numItems());
        for (Query q : queries) {
          assertSameScores(grown, o.model(), q);
        }
        // Grown again after loading, it still agrees with the model grown twice in memory.
        List<Item> more = Fixtures.newItems("more", 10, 2);
        ServableModel twice = grown.withItems(more);
        ServableModel loadedTwice = o.model().withItems(more);
        for (Query q : queries(5, items.size() + more.size(), 50)) {
          assertSameScores(twice, loadedTwice, q);
        }
      }
    }
  }

  // ------------------------------------------------------------------ damaged files

  private Path saved(ServableModel m) throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("raw-" + m.name()));
    m.save(dir);
    return dir;
  }

  private static ModelFormatException refused(Path dir, String family) {
    return assertThrows(
        ModelFormatException.class,
        () -> ModelRegistry.load().get(family).load(dir, ModelContext.defaults()));
  }

  private static void assertMentions(Exception e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
    }
  }

  @Test
  void missingFileIsNamed() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("empty"));
    assertMentions(refused(dir, PopFactory.NAME), dir.toString(), "baseline.bin", "missing");
  }

  @Test
  void truncatedFileSaysWhereItEnds() throws IOException {
    for (var f : Fixtures.factories()) {
      Path dir = saved(Fixtures.fit(f.candidates().get(0), TRAIN));
      Path file = dir.resolve(BaselineFile.NAME);
      byte[] b = Files.readAllBytes(file);
      for (int cut : new int[] {3, 14, b.length / 2, b.length - 1}) {
        Files.write(file, Arrays.copyOf(b, cut));
        assertMentions(refused(dir, f.name()), "baseline.bin: truncated", "bytes at byte");
      }
    }
  }

  @Test
  void wrongMagicModelOrVersionIsRefused() throws IOException {
    Path dir = saved(new MarkovTrainer(1).fit(TRAIN, 1));
    Path file = dir.resolve(BaselineFile.NAME);
    byte[] good = Files.readAllBytes(file);

    byte[] b = good.clone();
    b[0] = 'X';
    Files.write(file, b);
    assertMentions(refused(dir, MarkovFactory.NAME), "baseline.bin", "does not start with");

    Files.write(file, good);
    assertMentions(refused(dir, PopFactory.NAME), "holds a 'markov' model, expected 'pop'");

    // The version follows the 8-byte magic and the name (2-byte length, "markov").
    b = good.clone();
    ByteBuffer.wrap(b).putInt(8 + 2 + "markov".length(), MarkovModel.FILE_VERSION + 1);
    Files.write(file, b);
    assertMentions(refused(dir, MarkovFactory.NAME), "layout version 2", "1 to 1");

    b = Arrays.copyOf(good, good.length + 3);
    Files.write(file, b);
    assertMentions(refused(dir, MarkovFactory.NAME), "3 unexpected bytes");
  }

  @Test
  void badSettingsAndIndicesAreRefused() throws IOException {
    Path dir = saved(new MarkovTrainer(1).fit(TRAIN, 1));
    Path file = dir.resolve(BaselineFile.NAME);
    byte[] b = Files.readAllBytes(file);
    // alpha follows the version.
    ByteBuffer.wrap(b).putDouble(8 + 2 + "markov".length() + 4, -1);
    Files.write(file, b);
    assertMentions(refused(dir, MarkovFactory.NAME), "bad settings", "alpha");

    Path knn = saved(new ItemKnnTrainer(5, 1, 1, 0).fit(TRAIN, 1));
    file = knn.resolve(BaselineFile.NAME);
    b = Files.readAllBytes(file);
    // N, L, decay, eps, then start (length + 81 ints), then nbr's length and its first entry.
    int firstNeighbour = 8 + 2 + "itemknn".length() + 4 + 4 + 4 + 8 + 8 + 4 + 4 * 81 + 4;
    ByteBuffer.wrap(b).putInt(firstNeighbour, 80);
    Files.write(file, b);
    assertMentions(refused(knn, ItemKnnFactory.NAME), "the neighbours entry 0 is 80");
  }
}
