package io.strec.encoder.store;

import static io.strec.encoder.store.EmbeddingStoreTest.DIM;
import static io.strec.encoder.store.EmbeddingStoreTest.MODEL;
import static io.strec.encoder.store.EmbeddingStoreTest.assertBitsEqual;
import static io.strec.encoder.store.EmbeddingStoreTest.texts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.encoder.EncoderException;
import io.strec.util.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes never damage the previous file; damaged or mismatched files are clear errors naming the
 * file.
 */
class EmbeddingStoreDurabilityTest {
  @TempDir Path dir;

  final List<String> saved = texts("saved", 20);
  Path file;
  byte[] before;

  @BeforeEach
  void saveOneGeneration() throws IOException {
    try (EmbeddingStore store = EmbeddingStore.open(dir, MODEL, DIM)) {
      store.getOrEncode(saved, new FakeEncoder(MODEL, DIM));
      file = store.file();
    }
    before = Files.readAllBytes(file);
  }

  void assertPreviousGenerationIntact() throws IOException {
    assertArrayEquals(
        before, Files.readAllBytes(file), "the file on disk is byte for byte the previous one");
    try (EmbeddingStore store = EmbeddingStore.open(dir, MODEL, DIM)) {
      assertEquals(saved.size(), store.size());
      for (String t : saved) {
        assertBitsEqual(FakeEncoder.vectorOf(t, DIM), store.get(t).orElseThrow(), t);
      }
    }
  }

  @Test
  void encoderFailingMidwayLeavesTheFileIntactAndKeepsFinishedBatches() throws IOException {
    List<String> more = texts("more", 10);
    List<String> all = new ArrayList<>(saved);
    all.addAll(more);
    FakeEncoder failing = new FakeEncoder(MODEL, DIM);
    failing.failOnBatch = 2;
    EmbeddingStore store = EmbeddingStore.open(dir, MODEL, DIM);
    EncoderException e =
        assertThrows(EncoderException.class, () -> store.getOrEncode(all, failing, 4, line -> {}));
    assertTrue(e.getMessage().contains("batch 2"), e.getMessage());
    assertPreviousGenerationIntact();

    // The first batch is kept; a retry encodes only what failed and what was never tried.
    assertEquals(4, store.unflushed());
    FakeEncoder retry = new FakeEncoder(MODEL, DIM);
    float[][] out = store.getOrEncode(all, retry, 4, line -> {});
    assertEquals(6, retry.textsEncoded());
    for (int i = 0; i < all.size(); i++) {
      assertBitsEqual(FakeEncoder.vectorOf(all.get(i), DIM), out[i], all.get(i));
    }
    store.close();
    try (EmbeddingStore reopened = EmbeddingStore.open(dir, MODEL, DIM)) {
      assertEquals(30, reopened.size());
    }
  }

  @Test
  void aWriteThatDiesBeforeTheRenameChangesNothing() throws IOException {
    // The state a crash mid-flush leaves behind: a partial temporary file beside the store.
    Path partial = dir.resolve(file.getFileName() + ".deadbeef.tmp");
    Files.write(partial, Arrays.copyOf(before, before.length / 2));
    assertPreviousGenerationIntact();
    try (EmbeddingStore store = EmbeddingStore.open(dir, MODEL, DIM)) {
      store.getOrEncode(List.of("after the crash"), new FakeEncoder(MODEL, DIM));
      store.flush();
    }
    try (EmbeddingStore store = EmbeddingStore.open(dir, MODEL, DIM)) {
      assertEquals(saved.size() + 1, store.size());
    }
  }

  @Test
  void aWriterThatThrowsMidwayRemovesItsTemporaryFileAndKeepsTheTarget() throws IOException {
    IOException boom =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.writeChannel(
                    file,
                    ch -> {
                      ch.write(ByteBuffer.wrap(new byte[100]));
                      throw new IOException("disk full");
                    }));
    assertEquals("disk full", boom.getMessage());
    assertPreviousGenerationIntact();
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(
          List.of(file.getFileName().toString()),
          files.map(p -> p.getFileName().toString()).collect(Collectors.toList()),
          "no temporary file left");
    }
  }

  @Test
  void aFlippedByteIsReportedAsDamage() throws IOException {
    byte[] damaged = before.clone();
    damaged[damaged.length - 20] ^= 0x10;
    Files.write(file, damaged);
    StoreFormatException e =
        assertThrows(StoreFormatException.class, () -> EmbeddingStore.open(dir, MODEL, DIM));
    assertTrue(
        e.getMessage().contains(file.toString()) && e.getMessage().contains("checksum"),
        e.getMessage());
    assertEquals(file, e.file());
  }

  @Test
  void aTruncatedFileIsReportedAsDamage() throws IOException {
    Files.write(file, Arrays.copyOf(before, before.length - 7));
    StoreFormatException e =
        assertThrows(StoreFormatException.class, () -> EmbeddingStore.open(dir, MODEL, DIM));
    assertTrue(
        e.getMessage().contains(file.toString()) && e.getMessage().contains("truncated"),
        e.getMessage());

    Files.write(file, Arrays.copyOf(before, 10));
    e = assertThrows(StoreFormatException.class, () -> EmbeddingStore.open(dir, MODEL, DIM));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());

    Files.write(file, new byte[0]);
    e = assertThrows(StoreFormatException.class, () -> EmbeddingStore.open(dir, MODEL, DIM));
    assertTrue(
        e.getMessage().contains(file.toString())
            && e.getMessage().contains("not an STREC embedding store"),
        e.getMessage());
  }

  @Test
  void aForeignFileIsNotAStore() throws IOException {
    Files.writeString(file, "{\"this\": \"is json, not an embedding store at all\"}");
    StoreFormatException e =
        assertThrows(StoreFormatException.class, () -> EmbeddingStore.open(dir, MODEL, DIM));
    assertTrue(
        e.getMessage().contains(file.toString()) && e.getMessage().contains("magic"),
        e.getMessage());
  }

  @Test
  void aNewerFormatVersionIsRefused() throws IOException {
    byte[] newer = before.clone();
    newer[8] = 2;
    Files.write(file, newer);
    StoreFormatException e =
        assertThrows(StoreFormatException.class, () -> EmbeddingStore.open(dir, MODEL, DIM));
    assertTrue(e.getMessage().contains("version 2"), e.getMessage());
  }

  @Test
  void anotherDimensionIsAClearError() {
    StoreFormatException e =
        assertThrows(StoreFormatException.class, () -> EmbeddingStore.open(dir, MODEL, DIM + 2));
    assertTrue(
        e.getMessage().contains(file.toString())
            && e.getMessage().contains(DIM + "-dimensional")
            && e.getMessage().contains((DIM + 2) + "-dimensional"),
        e.getMessage());
  }

  @Test
  void anotherModelsFileIsAClearError() throws IOException {
    String other = "another/model";
    Path renamed = dir.resolve(EmbeddingStore.fileName(other));
    Files.copy(file, renamed, StandardCopyOption.REPLACE_EXISTING);
    StoreFormatException e =
        assertThrows(StoreFormatException.class, () -> EmbeddingStore.open(dir, other, DIM));
    assertTrue(
        e.getMessage().contains(renamed.toString())
            && e.getMessage().contains(MODEL)
            && e.getMessage().contains(other),
        e.getMessage());
  }
}
