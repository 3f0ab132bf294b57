package io.strec.stm.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.Dataset;
import io.strec.model.History;
import io.strec.model.ModelContext;
import io.strec.model.ModelRegistry;
import io.strec.model.Query;
import io.strec.model.artifact.Checksums;
import io.strec.model.artifact.ModelDirectory;
import io.strec.model.artifact.ModelFormatException;
import io.strec.model.artifact.ModelProvenance;
import io.strec.stm.Ablation;
import io.strec.stm.ItemVectors;
import io.strec.stm.StmModel;
import io.strec.stm.StmTrainer;
import io.strec.stm.TrainOptions;
import io.strec.stm.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * stm in model directories: format 2 round trips, and a format-1 directory (as {@code stm} wrote it
 * before format 2) loads and scores exactly as the model it was saved from.
 */
class ModelArtifactTest {
  private static final Dataset DATA = Fixtures.cycles(4, 6, 12);
  private static StmModel model;

  @BeforeAll
  static void fit() {
    model =
        new StmTrainer(
                "stm-nospace",
                Fixtures.tiny(3).withAblations(EnumSet.of(Ablation.SPACE)),
                ItemVectors.fixed(Fixtures.vectors(DATA.numItems(), 5, 1), "test-vectors"),
                TrainOptions.quiet())
            .fit(DATA, 5);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static Query query(int user) {
    int[] evs = DATA.eventsOf(user);
    History h = History.of(DATA, evs, evs.length);
    int last = evs[evs.length - 1];
    return new Query(
        user, h, DATA.time(last) + 3600, -300, DATA.latitude(last), DATA.longitude(last));
  }

  private static void assertSameScores(StmModel want, StmModel got) {
    for (int u = 0; u < 4; u++) {
      float[] a = new float[want.numItems()];
      float[] b = new float[got.numItems()];
      want.score(query(u), a);
      got.score(query(u), b);
      assertArrayEquals(a, b, 0f, "user " + u);
    }
  }

  @Test
  void savesWhatDirectoryAndModelEachOwn(@TempDir Path dir) throws Exception {
    Path own = dir.resolve("own");
    Files.createDirectory(own);
    model.save(own);
    try (Stream<Path> files = Files.list(own)) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      assertTrue(names.contains("weights.bin"), names.toString());
      assertFalse(names.contains(Checksums.FILE), names.toString());
      assertFalse(names.contains(ModelDirectory.PROVENANCE_FILE), names.toString());
    }
    Path saved = dir.resolve("model");
    ModelArtifact.save(model, saved);
    assertEquals(2, ModelDirectory.formatOf(saved));
    try (StmModel back = ModelArtifact.load(saved)) {
      assertEquals("stm-nospace", back.name());
      assertSameScores(model, back);
    }
    ModelProvenance p = ModelArtifact.provenanceOf(model);
    assertEquals("unknown", p.dataHash(), "the convenience save does not know the data");
    assertEquals("test-vectors", p.encoder());
    assertEquals("none", p.embeddingPost());
    assertEquals(5, p.seed());
    assertEquals(model.state().provenance().get("best_epoch"), p.training().get("best_epoch"));
  }

  @Test
  void theHabitWeightIsSavedAndReadBack(@TempDir Path dir) throws Exception {
    StmModel habit = model.withHabitWeight(2f);
    float[] plain = new float[model.numItems()];
    float[] with = new float[model.numItems()];
    model.score(query(0), plain);
    habit.score(query(0), with);
    assertFalse(java.util.Arrays.equals(plain, with), "the habit term changes the scores");
    Path saved = dir.resolve("model");
    ModelArtifact.save(habit, saved);
    try (StmModel back = ModelArtifact.load(saved)) {
      assertEquals(2f, back.habitWeight());
      assertSameScores(habit, back);
    }
  }

  @Test
  void theHabitGapsAreSavedAndReadBack(@TempDir Path dir) throws Exception {
    double[] counts = new double[io.strec.stm.data.HourHabit.Kernel.GAPS];
    counts[0] = 3;
    counts[2] = 1;
    io.strec.stm.data.HourHabit.Kernel kernel =
        io.strec.stm.data.HourHabit.Kernel.afterGaps(counts);
    StmModel habit = model.withHabit(2f, kernel);
    Path saved = dir.resolve("model");
    ModelArtifact.save(habit, saved);
    try (StmModel back = ModelArtifact.load(saved)) {
      assertEquals(2f, back.habitWeight());
      assertEquals(kernel.format(), back.habitKernel().format());
      assertSameScores(habit, back);
    }
  }

  @Test
  void formatOneDirectoryStillLoadsWithIdenticalScores(@TempDir Path dir) throws Exception {
    Path old = dir.resolve("old");
    writeFormatOne(model, old);
    assertEquals(1, ModelDirectory.formatOf(old));
    try (StmModel back = ModelArtifact.load(old)) {
      assertEquals("stm-nospace", back.name());
      assertEquals(model.state().grid(), back.state().grid());
      assertEquals(formatOneProvenance(model), back.state().provenance());
      assertSameScores(model, back);
    }
    try (ModelContext context = new ModelContext("minilm-q", Optional.empty(), l -> {});
        ModelDirectory.Opened opened = ModelDirectory.open(old, ModelRegistry.load(), context)) {
      assertEquals("stm-nospace", opened.provenance().model());
      assertEquals("test-vectors", opened.provenance().encoder());
      assertEquals(model.state().items().ids(), opened.items().ids());
      StmModel back = (StmModel) opened.model();
      assertSameScores(model, back);
      // Saved again, it becomes format 2; what format 1 did not record reads "unknown".
      Path again = dir.resolve("again");
      ModelArtifact.save(back, again);
      try (ModelDirectory.Opened twice =
          ModelDirectory.open(again, ModelRegistry.load(), context)) {
        assertEquals("unknown", twice.provenance().gitCommit());
        assertEquals(model.state().provenance().get("created"), twice.provenance().created());
        assertSameScores(model, (StmModel) twice.model());
        // One id vocabulary, the model's: a directory does not build a second one.
        assertTrue(
            twice.items() == ((StmModel) twice.model()).state().items(),
            "the directory shares the model's vocabulary");
        assertEquals(model.state().items().ids(), twice.items().ids());
      }
    }
    Files.writeString(old.resolve("users.txt"), "someone else\n");
    var e = assertThrows(java.io.IOException.class, () -> ModelArtifact.load(old));
    assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
  }

  /**
   * The frozen item vectors are saved and read back, not computed again (planted vectors are what
   * the loaded model serves); a directory without them computes them (equal within rounding); a
   * file of the wrong shape is refused naming it.
   */
  @Test
  void servingVectorsAreSavedAndReadBack(@TempDir Path dir) throws Exception {
    Path saved = dir.resolve("model");
    ModelArtifact.save(model, saved);
    Path file = saved.resolve(StmFiles.SERVING_FILE);
    assertTrue(Files.exists(file));
    float[] want = model.servingVectors().orElseThrow();
    int n = model.numItems();
    int d = want.length / n;
    try (StmModel back = ModelArtifact.load(saved)) {
      assertArrayEquals(want, back.servingVectors().orElseThrow(), 0f);
      assertSameScores(model, back);
    }
    float[] planted = want.clone();
    for (int k = 0; k < planted.length; k++) {
      planted[k] = 2 * planted[k] + 0.25f;
    }
    writeServing(file, planted, n, d);
    rewriteChecksums(saved);
    try (StmModel back = ModelArtifact.load(saved)) {
      assertArrayEquals(planted, back.servingVectors().orElseThrow(), 0f);
    }
    Files.delete(file);
    rewriteChecksums(saved);
    try (StmModel computed = ModelArtifact.load(saved)) {
      float[] got = computed.servingVectors().orElseThrow();
      for (int k = 0; k < want.length; k++) {
        assertEquals(want[k], got[k], 1e-5f * Math.max(1f, Math.abs(want[k])), "float " + k);
      }
    }
    writeServing(file, java.util.Arrays.copyOf(want, (n - 1) * d), n - 1, d);
    rewriteChecksums(saved);
    var e = assertThrows(ModelFormatException.class, () -> ModelArtifact.load(saved));
    assertTrue(
        e.getMessage().contains("serving.bin holds " + (n - 1) + " vectors of " + d),
        e.getMessage());
  }

  private static void writeServing(Path file, float[] vectors, int n, int d) throws Exception {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + 4 * vectors.length);
    b.putInt(n).putInt(d);
    b.asFloatBuffer().put(vectors);
    Files.write(file, b.array());
  }

  @Test
  void aCatalogueThatDisagreesWithTheItemsIsRefused(@TempDir Path dir) throws Exception {
    Path saved = dir.resolve("model");
    ModelArtifact.save(model, saved);
    List<String> ids = new ArrayList<>(model.state().items().ids());
    java.util.Collections.swap(ids, 0, 1);
    Files.writeString(saved.resolve(ModelDirectory.CATALOGUE_FILE), String.join("\n", ids) + "\n");
    rewriteChecksums(saved);
    var e = assertThrows(ModelFormatException.class, () -> ModelArtifact.load(saved));
    assertTrue(e.getMessage().contains("item 0 is 'i1'"), e.getMessage());
  }

  /**
   * Writes {@code m} as {@code stm} wrote it before format 2: its own files, the state's provenance
   * as untyped keys plus {@code model}, no mean latitude in the grid, checksums over everything.
   */
  static void writeFormatOne(StmModel m, Path dir) throws Exception {
    Files.createDirectories(dir);
    m.save(dir);
    Properties prov = new Properties();
    prov.putAll(formatOneProvenance(m));
    ModelDirectory.writeProperties(dir.resolve(ModelDirectory.PROVENANCE_FILE), prov);
    Properties grid = ModelDirectory.readProperties(dir.resolve("grid.properties"));
    grid.remove("meanLat");
    ModelDirectory.writeProperties(dir.resolve("grid.properties"), grid);
    rewriteChecksums(dir);
  }

  /** The keys format 1 recorded: the state's, without those added since, and the model's name. */
  private static java.util.Map<String, String> formatOneProvenance(StmModel m) {
    java.util.Map<String, String> p = new java.util.TreeMap<>(m.state().provenance());
    p.remove("git_commit");
    p.remove("embedding_post");
    p.put("model", m.name());
    return p;
  }

  private static void rewriteChecksums(Path dir) throws Exception {
    Files.deleteIfExists(dir.resolve(Checksums.FILE));
    try (Stream<Path> files = Files.list(dir)) {
      Checksums.write(dir, files.map(p -> p.getFileName().toString()).toList());
    }
  }
}
