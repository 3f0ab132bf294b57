package io.strec.model.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.Dataset;
import io.strec.data.Vocabulary;
import io.strec.model.History;
import io.strec.model.ModelContext;
import io.strec.model.ModelRegistry;
import io.strec.model.Query;
import io.strec.model.ServableModel;
import io.strec.model.baseline.GeoPopTrainer;
import io.strec.model.baseline.PopTrainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {
  @TempDir Path tmp;

  /** Three items on the prime meridian, visited by two users. */
  private static Dataset data() {
    Vocabulary users = Vocabulary.of(List.of("u0", "u1"));
    Vocabulary items = Vocabulary.of(List.of("a", "b", "c"));
    return Dataset.builder("dir-test", users, items)
        .add(0, 0, 10, 0, 0, 0, 1f)
        .add(0, 1, 20, 0, 1, 0, 1f)
        .add(1, 1, 10, 0, 1, 0, 1f)
        .add(1, 2, 20, 0, 3, 0, 1f)
        .add(1, 1, 30, 0, 1, 0, 1f)
        .build();
  }

  private static ModelProvenance provenance(ServableModel m, String config) {
    return ModelProvenance.of(m.name(), config, data(), 5, m.trainingSummary());
  }

  private static ModelDirectory.Opened open(Path dir) throws IOException {
    return ModelDirectory.open(dir, ModelRegistry.load(), ModelContext.defaults());
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static void assertMentions(Exception e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
    }
  }

  private Path savedPop() throws IOException {
    Path dir = tmp.resolve("pop");
    ServableModel m = new PopTrainer().fit(data(), 0);
    ModelDirectory.write(dir, m, data().items(), provenance(m, "pop"));
    return dir;
  }

  @Test
  void writtenDirectoryHoldsFormatProvenanceCatalogueAndChecksums() throws IOException {
    Path dir = savedPop();
    assertEquals(
        List.of(
            "baseline.bin",
            ModelDirectory.CATALOGUE_FILE,
            Checksums.FILE,
            ModelDirectory.PROVENANCE_FILE,
            ModelDirectory.FORMAT_FILE),
        list(dir));
    Properties format = ModelDirectory.readProperties(dir.resolve(ModelDirectory.FORMAT_FILE));
    assertEquals("2", format.getProperty("format_version"));
    assertEquals("pop", format.getProperty("model"));
    assertEquals("a\nb\nc\n", Files.readString(dir.resolve(ModelDirectory.CATALOGUE_FILE)));
    assertEquals(4, Checksums.verify(dir).size());
    try (ModelDirectory.Opened o = open(dir)) {
      assertEquals(List.of("a", "b", "c"), o.items().ids());
      assertEquals("pop", o.provenance().model());
      assertEquals(ModelProvenance.hashOf(data()), o.provenance().dataHash());
      assertEquals(5, o.provenance().events());
    }
  }

  @Test
  void overwritingAModelLeavesExactlyTheNewOne() throws IOException {
    Path parent = Files.createDirectory(tmp.resolve("models"));
    Path target = parent.resolve("current");
    ServableModel pop = new PopTrainer().fit(data(), 0);
    ModelDirectory.write(target, pop, data().items(), provenance(pop, "pop"));
    ServableModel geo = new GeoPopTrainer(0.5).fit(data(), 0);
    ModelDirectory.write(target, geo, data().items(), provenance(geo, "geo-pop(w=0.5)"));

    assertEquals(List.of("current"), list(parent), "no .tmp- or .old- siblings");
    Query q = new Query(0, History.empty(), 40, 0, 0.5, 0);
    try (ModelDirectory.Opened o = open(target)) {
      assertEquals("geo-pop", o.model().name());
      assertEquals("geo-pop(w=0.5)", o.provenance().config());
      float[] expected = new float[3];
      geo.score(q, expected);
      float[] actual = new float[3];
      o.model().score(q, actual);
      assertArrayEquals(expected, actual);
    }
  }

  @Test
  void refusesToReplaceADirectoryThatIsNotAModel() throws IOException {
    Path parent = Files.createDirectory(tmp.resolve("work"));
    Path target = Files.createDirectory(parent.resolve("thesis"));
    Files.writeString(target.resolve("chapter1.txt"), "keep me");
    Files.createDirectory(target.resolve("figures"));
    Files.writeString(target.resolve("figures/plot.csv"), "x,y\n1,2\n");
    ServableModel pop = new PopTrainer().fit(data(), 0);

    IOException e =
        assertThrows(
            IOException.class,
            () -> ModelDirectory.write(target, pop, data().items(), provenance(pop, "pop")));
    assertMentions(e, target.toString(), "not a model directory");
    assertEquals("keep me", Files.readString(target.resolve("chapter1.txt")));
    assertEquals("x,y\n1,2\n", Files.readString(target.resolve("figures/plot.csv")));
    assertEquals(List.of("chapter1.txt", "figures"), list(target));
    assertEquals(List.of("thesis"), list(parent));
  }

  @Test
  void newerFormatIsRefusedNamingBothVersions() throws IOException {
    Path dir = savedPop();
    int newer = ModelDirectory.FORMAT_VERSION + 1;
    Files.writeString(
        dir.resolve(ModelDirectory.FORMAT_FILE), "format_version=" + newer + "\nmodel=pop\n");
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> open(dir));
    assertMentions(
        e, "model format " + newer, "formats 1 to " + ModelDirectory.FORMAT_VERSION, "newer");
  }

  @Test
  void flippedByteFailsTheChecksumNamingTheFile() throws IOException {
    Path dir = savedPop();
    Path file = dir.resolve("baseline.bin");
    byte[] b = Files.readAllBytes(file);
    b[b.length - 2] ^= 0x10;
    Files.write(file, b);
    IOException e = assertThrows(IOException.class, () -> open(dir));
    assertMentions(e, "checksum mismatch", file.toString());
  }

  @Test
  void withSeveralFilesDamagedTheFirstListedIsNamedWhateverFinishesFirst() throws IOException {
    Path dir = savedPop();
    List<String> listed =
        Files.readAllLines(dir.resolve(Checksums.FILE)).stream()
            .filter(l -> !l.isBlank())
            .map(l -> l.substring(66))
            .toList();
    assertTrue(listed.size() >= 2, "the test needs two listed files: " + listed);
    for (String name : listed) {
      Path f = dir.resolve(name);
      Files.write(f, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
    }
    for (int run = 0; run < 5; run++) {
      IOException e = assertThrows(IOException.class, () -> Checksums.verify(dir));
      assertMentions(e, "checksum mismatch", dir.resolve(listed.get(0)).toString());
    }
  }

  @Test
  void missingListedFileIsNamed() throws IOException {
    Path dir = savedPop();
    Files.delete(dir.resolve("baseline.bin"));
    IOException e = assertThrows(IOException.class, () -> open(dir));
    assertMentions(e, "baseline.bin", "missing");
  }

  @Test
  void directoryWithoutFormatFileIsNotAModelDirectory() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("plain"));
    Files.writeString(dir.resolve("notes.txt"), "hello");
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> open(dir));
    assertMentions(e, dir.toString(), "not a model directory", ModelDirectory.FORMAT_FILE);
    assertThrows(NoSuchFileException.class, () -> open(tmp.resolve("absent")));
  }

  @Test
  void unknownFamilyIsNamed() throws IOException {
    Path dir = savedPop();
    Files.writeString(dir.resolve(ModelDirectory.FORMAT_FILE), "format_version=2\nmodel=nope\n");
    List<String> files = list(dir).stream().filter(f -> !f.equals(Checksums.FILE)).toList();
    Checksums.write(dir, files);
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> open(dir));
    assertMentions(e, "unknown model 'nope'", "pop");
  }

  @Test
  void writeChecksItsArguments() throws IOException {
    ServableModel pop = new PopTrainer().fit(data(), 0);
    Path dir = tmp.resolve("bad");
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ModelDirectory.write(
                dir, pop, Vocabulary.of(List.of("a", "b")), provenance(pop, "pop")));
    ModelProvenance other = provenance(new GeoPopTrainer(1).fit(data(), 0), "geo-pop(w=1)");
    assertThrows(
        IllegalArgumentException.class,
        () -> ModelDirectory.write(dir, pop, data().items(), other));
    assertEquals(List.of(), list(tmp).stream().filter(f -> f.contains("bad")).toList());
  }

  @Test
  void provenanceRoundTripsThroughProperties() throws IOException {
    ModelProvenance p =
        new ModelProvenance(
            "stm",
            "stm(dim=32, lr=0.01)",
            "nyc: events.csv#2 = ü, 東京",
            "ab12",
            123_456_789_012L,
            "minilm-q",
            "pca:16",
            -7,
            "1.2.3",
            "deadbeef",
            "gpu(0)",
            "2024-05-01T10:00:00Z",
            Map.of("epochs", "8", "loss", " 0.25 \n(train)", "#note", "a=b:c!"));
    assertEquals(p, ModelProvenance.of(p.toProperties(), "test"));
    Path file = tmp.resolve("p.properties");
    ModelDirectory.writeProperties(file, p.toProperties());
    assertEquals(p, ModelProvenance.of(ModelDirectory.readProperties(file), file.toString()));
    assertTrue(
        Files.readAllLines(file, StandardCharsets.UTF_8).stream().noneMatch(l -> l.startsWith("#")),
        "no date comment");

    Properties missing = p.toProperties();
    missing.remove("seed");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ModelProvenance.of(missing, "src"));
    assertMentions(e, "src", "seed");
    Properties malformed = p.toProperties();
    malformed.setProperty("events", "many");
    e = assertThrows(IllegalArgumentException.class, () -> ModelProvenance.of(malformed, "src"));
    assertMentions(e, "events", "many");
  }
}
