package io.strec.encoder.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.encoder.EncoderException;
import io.strec.encoder.Encoders;
import io.strec.encoder.TextEncoder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real default model (all-MiniLM-L6-v2, int8) and its float32 original, on a few sentences. */
class OnnxTextEncoderTest {
  static final String Q = "all-minilm-l6-v2-q";
  static final String FP32 = "all-minilm-l6-v2";

  /** Texts of very different lengths, so that batches carry padding. */
  static final List<String> MIXED =
      List.of(
          "coffee shop",
          "espresso bar",
          "A quiet ramen bar near the station, perfect for a late dinner after a long day at work.",
          "",
          "museum",
          "Loud, crowded and cheap: the stadium beer garden is where football fans meet before every home game.",
          "咖啡店",
          "yoga");

  static OnnxTextEncoder minilmQ;

  static OnnxTextEncoder.Builder shipped(String stem) {
    return OnnxTextEncoder.builder()
        .setModel(ModelSource.resource(stem + ".onnx"))
        .setTokenizer(ModelSource.resource(stem + "-tokenizer.json"));
  }

  @BeforeAll
  static void open() {
    minilmQ = shipped(Q).build();
  }

  @AfterAll
  static void close() {
    minilmQ.close();
  }

  float[] one(OnnxTextEncoder e, String text) {
    return e.encode(List.of(text))[0];
  }

  void assertCloser(String anchor, String near, String far) {
    float[][] v = minilmQ.encode(List.of(anchor, near, far));
    double n = Vectors.cosine(v[0], v[1]);
    double f = Vectors.cosine(v[0], v[2]);
    assertTrue(
        n > f,
        "'"
            + anchor
            + "' should be closer to '"
            + near
            + "' ("
            + n
            + ") than to '"
            + far
            + "' ("
            + f
            + ")");
  }

  @Test
  void relatedTextsAreCloser() {
    assertCloser("espresso bar", "coffee shop", "football stadium");
    assertCloser(
        "a kitten sleeping on the sofa",
        "a cat resting on a couch",
        "the stock market fell sharply today");
    assertCloser(
        "cheap hostel near the train station",
        "budget accommodation by the railway",
        "organic vegetable market");
    assertCloser("sushi restaurant", "Japanese food", "car repair garage");
  }

  @Test
  void idDimensionAndUnitNorm() {
    assertEquals("all-minilm-l6-v2-q/mean/norm/256", minilmQ.modelId());
    assertEquals(1, minilmQ.batchSize());
    assertEquals(384, minilmQ.dimension());
    for (float[] v : minilmQ.encode(MIXED)) {
      assertEquals(384, v.length);
      assertEquals(1.0, Vectors.norm(v), 1e-5);
    }
  }

  @Test
  void sameInputSameOutput() {
    float[][] a = minilmQ.encode(MIXED);
    float[][] b = minilmQ.encode(MIXED);
    try (OnnxTextEncoder other = shipped(Q).build()) {
      float[][] c = other.encode(MIXED);
      for (int i = 0; i < MIXED.size(); i++) {
        assertArrayEquals(a[i], b[i], 0f, "text " + i);
        assertArrayEquals(a[i], c[i], 0f, "text " + i + ", second encoder");
      }
    }
  }

  @Test
  void defaultModelGivesEachTextItsVectorAloneExactly() {
    // The default spec, as the CLI opens it: each text runs alone, so neither batch-mates (the
    // int8 model's per-tensor quantisation scale), nor padding, nor the thread that ran it may
    // change a single bit.
    List<String> texts = new ArrayList<>(MIXED);
    for (int i = 0; i < 40; i++) {
      texts.add("a " + "very ".repeat(i % 13) + "long day at the " + MIXED.get(i % MIXED.size()));
    }
    try (TextEncoder e = Encoders.open(Encoders.DEFAULT)) {
      assertEquals(minilmQ.modelId(), e.modelId());
      float[][] batch = e.encode(texts);
      List<String> reversed = new ArrayList<>(texts);
      Collections.reverse(reversed);
      float[][] backwards = e.encode(reversed);
      for (int i = 0; i < texts.size(); i++) {
        float[] alone = e.encode(List.of(texts.get(i)))[0];
        assertArrayEquals(alone, batch[i], 0f, "text " + i + " in a batch of " + texts.size());
        assertArrayEquals(alone, backwards[texts.size() - 1 - i], 0f, "text " + i + ", reversed");
        assertArrayEquals(alone, one(minilmQ, texts.get(i)), 0f, "text " + i + ", other encoder");
      }
    }
  }

  @Test
  void threadCountDoesNotChangeVectors() {
    try (OnnxTextEncoder one = shipped(Q).optThreads(1).build();
        OnnxTextEncoder four = shipped(Q).optThreads(4).build()) {
      float[][] expected = minilmQ.encode(MIXED);
      float[][] a = one.encode(MIXED);
      float[][] b = four.encode(MIXED);
      for (int i = 0; i < MIXED.size(); i++) {
        assertArrayEquals(expected[i], a[i], 0f, "text " + i + ", 1 thread");
        assertArrayEquals(expected[i], b[i], 0f, "text " + i + ", 4 threads");
      }
    }
  }

  @Test
  void batchEqualsOneByOneForTheFloatModel() {
    // By default every model runs texts alone: exact. Padded float32 batches differ only in
    // rounding (the attention mask hides the padding; kernels sum in another order).
    try (OnnxTextEncoder fp32 = shipped(FP32).build();
        OnnxTextEncoder fp32by3 = shipped(FP32).optBatchSize(3).build()) {
      float[][] batch = fp32.encode(MIXED);
      float[][] by3 = fp32by3.encode(MIXED);
      for (int i = 0; i < MIXED.size(); i++) {
        float[] single = one(fp32, MIXED.get(i));
        assertArrayEquals(single, batch[i], 0f, "text " + i + " in a list of " + MIXED.size());
        assertArrayEquals(single, by3[i], 1e-5f, "text " + i + " in padded batches of 3");
      }
    }
  }

  @Test
  void paddedBatchMatesMoveInt8VectorsOnlySlightly() {
    // Forced padded batches: DynamicQuantizeLinear picks one scale per tensor, i.e. per batch, a
    // known property of the int8 model. Bound it (measured: 0.966 for the empty text, which is
    // only [CLS] [SEP], 0.979 to 0.995 for the others), and check that identical batches agree.
    try (OnnxTextEncoder padded = shipped(Q).optBatchSize(MIXED.size()).build()) {
      assertEquals(MIXED.size(), padded.batchSize());
      float[][] batch = padded.encode(MIXED);
      double worst = 1;
      for (int i = 0; i < MIXED.size(); i++) {
        float[] single = one(minilmQ, MIXED.get(i));
        assertArrayEquals(single, one(padded, MIXED.get(i)), 0f, "a batch of one: text " + i);
        double cos = Vectors.cosine(single, batch[i]);
        assertTrue(cos > 0.95, "text " + i + ": cosine(batched, alone) = " + cos);
        worst = Math.min(worst, cos);
        float[][] twice = padded.encode(List.of(MIXED.get(i), MIXED.get(i)));
        assertArrayEquals(single, twice[0], 0f);
        assertArrayEquals(single, twice[1], 0f);
      }
      assertTrue(worst < 0.999, "padded int8 batches were expected to move vectors: " + worst);
    }
  }

  @Test
  void clsAndMeanPoolingDiffer() {
    try (OnnxTextEncoder cls = shipped(Q).optPooling(Pooling.CLS).build()) {
      assertEquals("all-minilm-l6-v2-q/cls/norm/256", cls.modelId());
      float[] c = one(cls, "coffee shop");
      float[] m = one(minilmQ, "coffee shop");
      assertEquals(1.0, Vectors.norm(c), 1e-5);
      assertTrue(Vectors.maxAbsDiff(c, m) > 1e-2, "CLS and mean vectors should differ");
      assertTrue(Vectors.cosine(c, m) < 0.99, "cosine(CLS, mean) = " + Vectors.cosine(c, m));
    }
  }

  @Test
  void rawVectorsAreTheNormalisedOnesUnscaled() {
    try (OnnxTextEncoder raw = shipped(Q).optNormalize(false).build()) {
      assertEquals("all-minilm-l6-v2-q/mean/raw/256", raw.modelId());
      float[][] r = raw.encode(MIXED);
      float[][] n = minilmQ.encode(MIXED);
      for (int i = 0; i < MIXED.size(); i++) {
        double norm = Vectors.norm(r[i]);
        assertNotEquals(1.0, norm, 1e-2);
        float[] scaled = r[i].clone();
        for (int d = 0; d < scaled.length; d++) {
          scaled[d] /= (float) norm;
        }
        assertArrayEquals(n[i], scaled, 1e-6f, "text " + i);
      }
    }
  }

  @Test
  void longTextsAreTruncatedToMaxLength() {
    // "coffee" is one word piece: 20 of them truncate to [CLS] + 6 + [SEP] at max length 8.
    try (OnnxTextEncoder short8 = shipped(Q).optMaxLength(8).build()) {
      assertEquals("all-minilm-l6-v2-q/mean/norm/8", short8.modelId());
      float[][] v = short8.encode(List.of("coffee ".repeat(20).trim(), "coffee ".repeat(6).trim()));
      assertArrayEquals(v[1], v[0], 0f);
    }
    String longText = "the espresso bar near the station is open late ".repeat(300);
    assertEquals(384, one(minilmQ, longText).length);
  }

  @Test
  void concurrentCallsGiveTheSameVectors() throws Exception {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      texts.add(MIXED.get(i % MIXED.size()) + " number " + i);
    }
    float[][] expected = minilmQ.encode(texts);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[][]>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(pool.submit(() -> minilmQ.encode(texts)));
      }
      for (Future<float[][]> f : futures) {
        float[][] got = f.get();
        for (int i = 0; i < texts.size(); i++) {
          assertArrayEquals(expected[i], got[i], 0f, "text " + i);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void edgeCases() {
    assertEquals(0, minilmQ.encode(List.of()).length);
    List<String> withNull = new ArrayList<>(List.of("a", "b"));
    withNull.add(null);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> minilmQ.encode(withNull));
    assertTrue(e.getMessage().contains("text 2 of 3"), e.getMessage());
  }

  @Test
  void closedEncoderRefusesWork() {
    OnnxTextEncoder e = shipped(Q).build();
    e.close();
    e.close(); // idempotent
    EncoderException x = assertThrows(EncoderException.class, () -> e.encode(List.of("coffee")));
    assertTrue(x.getMessage().contains("closed"), x.getMessage());
  }

  @Test
  void builderChecksItsArguments() {
    assertThrows(IllegalStateException.class, () -> OnnxTextEncoder.builder().build());
    assertThrows(IllegalArgumentException.class, () -> shipped(Q).optBatchSize(0).build());
    assertThrows(IllegalArgumentException.class, () -> shipped(Q).optMaxLength(1).build());
    assertThrows(IllegalArgumentException.class, () -> shipped(Q).optThreads(0).build());
    EncoderException e =
        assertThrows(
            EncoderException.class,
            () ->
                OnnxTextEncoder.builder()
                    .setModel(ModelSource.resource("no-such-model.onnx"))
                    .setTokenizer(ModelSource.resource(Q + "-tokenizer.json"))
                    .build());
    assertTrue(e.getMessage().contains("no-such-model.onnx"), e.getMessage());
  }
}
