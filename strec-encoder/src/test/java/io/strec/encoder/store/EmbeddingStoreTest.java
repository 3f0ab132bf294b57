package io.strec.encoder.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.encoder.EncoderException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Save and reload, incremental encoding, de-duplication, batching, progress and the file layout.
 */
class EmbeddingStoreTest {
  static final String MODEL = "fake/model;pool=mean";
  static final int DIM = 6;

  @TempDir Path dir;

  static List<String> texts(String prefix, int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> prefix + " " + i + " \u00e9\u4e2d")
        .collect(Collectors.toList());
  }

  static void assertBitsEqual(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(
          Float.floatToRawIntBits(expected[i]),
          Float.floatToRawIntBits(actual[i]),
          what + "[" + i + "]");
    }
  }

  @Test
  void surviveSaveAndReloadBitForBit() throws IOException {
    List<String> texts = texts("item", 50);
    FakeEncoder enc = new FakeEncoder(MODEL, DIM);
    float[][] first;
    try (EmbeddingStore store = EmbeddingStore.open(dir, MODEL, DIM)) {
      first = store.getOrEncode(texts, enc);
      assertEquals(50, store.size());
      assertEquals(50, store.unflushed());
      store.flush();
      assertEquals(0, store.unflushed());
      assertEquals(50, store.size());
    }
    try (EmbeddingStore store = EmbeddingStore.open(dir, MODEL, DIM)) {
      assertEquals(50, store.size());
      for (int i = 0; i < texts.size(); i++) {
        assertBitsEqual(FakeEncoder.vectorOf(texts.get(i), DIM), first[i], "encoded " + i);
        assertBitsEqual(first[i], store.get(texts.get(i)).orElseThrow(), "reloaded " + i);
      }
      assertTrue(store.get("never stored").isEmpty());
      float[][] again = store.getOrEncode(texts, new FakeEncoder(MODEL, DIM));
      for (int i = 0; i < texts.size(); i++) {
        assertBitsEqual(first[i], again[i], "getOrEncode after reload " + i);
      }
    }
  }

  @Test
  void onlyNewTextsAreEncoded() throws IOException {
    List<String> old = texts("old", 30);
    List<String> fresh = texts("new", 12);
    try (EmbeddingStore store = EmbeddingStore.open(dir, MODEL, DIM)) {
      store.getOrEncode(old, new FakeEncoder(MODEL, DIM));
    }
    FakeEncoder counting = new FakeEncoder(MODEL, DIM);
    List<String> mixed = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      mixed.add(old.get(i));
      if (i < fresh.size()) {
        mixed.add(fresh.get(i));
      }
    }
    try (EmbeddingStore store = EmbeddingStore.open(dir, MODEL, DIM)) {
      float[][] out = store.getOrEncode(mixed, counting, 5, line -> {});
      assertEquals(fresh.size(), counting.textsEncoded());
      fresh.forEach(t -> assertEquals(1, counting.timesEncoded(t), t));
      old.forEach(t -> assertEquals(0, counting.timesEncoded(t), t));
      assertEquals(3, counting.batches.get(), "12 new texts in batches of 5");
      for (int i = 0; i < mixed.size(); i++) {
        assertBitsEqual(FakeEncoder.vectorOf(mixed.get(i), DIM), out[i], mixed.get(i));
      }
      // A second call finds everything, flushed or not.
      store.getOrEncode(mixed, counting);
      assertEquals(3, counting.batches.get());
    }
    try (EmbeddingStore store = EmbeddingStore.open(dir, MODEL, DIM)) {
      assertEquals(42, store.size());
    }
  }

  @Test
  void duplicatesInOneCallAreEncodedOnce() throws IOException {
    FakeEncoder enc = new FakeEncoder(MODEL, DIM);
    try (EmbeddingStore store = EmbeddingStore.open(dir, MODEL, DIM)) {
      float[][] out = store.getOrEncode(List.of("a", "b", "a", "a", "c", "b"), enc);
      assertEquals(List.of(List.of("a", "b", "c")), enc.calls);
      assertBitsEqual(out[0], out[2], "a twice");
      assertNotSame(out[0], out[2], "each position gets its own array");
      assertBitsEqual(out[1], out[5], "b twice");
      out[0][0] = 42;
      assertNotEquals(42f, store.get("a").orElseThrow()[0], "callers cannot change stored vectors");
      assertEquals(3, store.size());
    }
  }

  @Test
  void batchesHaveTheRequestedSize() throws IOException {
    FakeEncoder enc = new FakeEncoder(MODEL, DIM);
    try (EmbeddingStore store = EmbeddingStore.open(dir, MODEL, DIM)) {
      store.getOrEncode(texts("t", 10), enc, 3, line -> {});
    }
    assertEquals(
        List.of(3, 3, 3, 1), enc.calls.stream().map(List::size).collect(Collectors.toList()));
  }

  @Test
  void progressLinesCarryCountsRateAndEta() throws IOException {
    List<String> lines = new ArrayList<>();
    try (EmbeddingStore store = EmbeddingStore.open(dir, MODEL, DIM)) {
      store.getOrEncode(texts("t", 10), new FakeEncoder(MODEL, DIM), 4, lines::add, 0);
    }
    assertFalse(lines.isEmpty());
    String last = lines.get(lines.size() - 1);
    assertTrue(last.contains("10/10") && last.contains("/s") && last.contains("ETA"), last);
    assertTrue(last.contains(MODEL), last);
  }

  @Test
  void fileLayoutIsTheDocumentedOne() throws IOException {
    List<String> texts = texts("x", 7);
    try (EmbeddingStore store = EmbeddingStore.open(dir, MODEL, DIM)) {
      store.getOrEncode(texts, new FakeEncoder(MODEL, DIM));
    }
    Path file = dir.resolve(EmbeddingStore.fileName(MODEL));
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[8];
    b.get(magic);
    assertEquals("STRECEMB", new String(magic, StandardCharsets.US_ASCII));
    assertEquals(1, b.getInt());
    assertEquals(DIM, b.getInt());
    assertEquals(7, b.getLong());
    byte[] id = new byte[b.getInt()];
    b.get(id);
    assertEquals(MODEL, new String(id, StandardCharsets.UTF_8));
    int keysAt = (28 + id.length + 15) / 16 * 16;
    assertEquals(keysAt + 7 * 16 + 7 * DIM * 4 + 4, b.capacity());
    List<TextKey> keys = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      ByteBuffer k = b.duplicate().order(ByteOrder.BIG_ENDIAN).position(keysAt + 16 * i);
      keys.add(new TextKey(k.getLong(), k.getLong()));
    }
    for (int i = 1; i < 7; i++) {
      assertTrue(keys.get(i - 1).compareTo(keys.get(i)) < 0, "keys ascending");
    }
    // Row i of the vectors belongs to key i.
    String text = texts.get(3);
    int row = keys.indexOf(TextKey.of(text));
    b.position(keysAt + 7 * 16 + row * DIM * 4);
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = b.getFloat();
    }
    assertBitsEqual(FakeEncoder.vectorOf(text, DIM), v, "row of " + text);
  }

  @Test
  void vectorsMappedInSeveralSlicesReadBack() throws IOException {
    List<String> texts = texts("s", 40);
    long threeRows = 3L * DIM * Float.BYTES;
    try (EmbeddingStore store = EmbeddingStore.open(dir, MODEL, DIM, threeRows)) {
      store.getOrEncode(texts, new FakeEncoder(MODEL, DIM));
    }
    try (EmbeddingStore store = EmbeddingStore.open(dir, MODEL, DIM, threeRows)) {
      for (String t : texts) {
        assertBitsEqual(FakeEncoder.vectorOf(t, DIM), store.get(t).orElseThrow(), t);
      }
    }
  }

  @Test
  void emptyStoreRoundTrips() throws IOException {
    try (EmbeddingStore store = EmbeddingStore.open(dir, MODEL, DIM)) {
      store.flush();
      assertTrue(Files.exists(store.file()));
    }
    try (EmbeddingStore store = EmbeddingStore.open(dir, MODEL, DIM)) {
      assertEquals(0, store.size());
      assertEquals(0, store.getOrEncode(List.of(), new FakeEncoder(MODEL, DIM)).length);
    }
  }

  @Test
  void fileNamesAreSafeAndDistinct() {
    String name = EmbeddingStore.fileName("sentence-transformers/all-MiniLM-L6-v2;pool=mean");
    assertTrue(
        name.matches("sentence-transformers_all-MiniLM-L6-v2_pool_mean-[0-9a-f]{8}\\.emb"), name);
    assertNotEquals(EmbeddingStore.fileName("a/b"), EmbeddingStore.fileName("a:b"));
    assertTrue(EmbeddingStore.fileName("../../etc").matches("[A-Za-z0-9_][A-Za-z0-9._-]*\\.emb"));
    assertTrue(EmbeddingStore.fileName("m".repeat(500)).length() < 100);
  }

  @Test
  void mismatchedEncoderOrBadVectorsAreRejected() throws IOException {
    try (EmbeddingStore store = EmbeddingStore.open(dir, MODEL, DIM)) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> store.getOrEncode(List.of("a"), new FakeEncoder("other", DIM)));
      assertTrue(
          e.getMessage().contains("other") && e.getMessage().contains(MODEL), e.getMessage());
      assertThrows(
          IllegalArgumentException.class,
          () -> store.getOrEncode(List.of("a"), new FakeEncoder(MODEL, DIM + 1)));
      FakeEncoder shortVectors =
          new FakeEncoder(MODEL, DIM) {
            @Override
            public float[][] encode(List<String> texts) {
              return new float[texts.size()][DIM - 1];
            }
          };
      EncoderException bad =
          assertThrows(EncoderException.class, () -> store.getOrEncode(List.of("a"), shortVectors));
      assertTrue(bad.getMessage().contains("expected " + DIM), bad.getMessage());
      FakeEncoder nan =
          new FakeEncoder(MODEL, DIM) {
            @Override
            public float[][] encode(List<String> texts) {
              float[][] v = new float[texts.size()][DIM];
              v[0][2] = Float.NaN;
              return v;
            }
          };
      assertThrows(EncoderException.class, () -> store.getOrEncode(List.of("a"), nan));
      assertEquals(0, store.size(), "nothing stored from a rejected batch");
      List<String> withNull = new ArrayList<>(List.of("a"));
      withNull.add(null);
      assertThrows(
          NullPointerException.class,
          () -> store.getOrEncode(withNull, new FakeEncoder(MODEL, DIM)));
    }
  }

  @Test
  void closeFlushesAndLaterCallsFail() throws IOException {
    EmbeddingStore store = EmbeddingStore.open(dir, MODEL, DIM);
    store.getOrEncode(List.of("kept"), new FakeEncoder(MODEL, DIM));
    store.close();
    store.close();
    assertThrows(IllegalStateException.class, () -> store.get("kept"));
    assertThrows(IllegalStateException.class, store::flush);
    try (EmbeddingStore again = EmbeddingStore.open(dir, MODEL, DIM)) {
      assertTrue(again.get("kept").isPresent());
    }
  }

  @Test
  void badArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> EmbeddingStore.open(dir, " ", DIM));
    assertThrows(IllegalArgumentException.class, () -> EmbeddingStore.open(dir, MODEL, 0));
  }
}
