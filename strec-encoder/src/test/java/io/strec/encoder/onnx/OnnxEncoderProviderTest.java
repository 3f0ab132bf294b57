package io.strec.encoder.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.encoder.EncoderException;
import io.strec.encoder.EncoderProvider;
import io.strec.encoder.Encoders;
import io.strec.encoder.TextEncoder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Specs open the shipped models and exported directories; bad specs name what is wrong. */
class OnnxEncoderProviderTest {
  static final List<String> TEXTS = OnnxTextEncoderTest.MIXED;
  final OnnxEncoderProvider provider = new OnnxEncoderProvider();

  TextEncoder open(String spec) {
    Encoders.Spec s = Encoders.Spec.parse(spec);
    return provider.open(s.name(), s.argument(), s.options());
  }

  @Test
  void isRegisteredAsAService() {
    assertTrue(
        ServiceLoader.load(EncoderProvider.class).stream()
            .anyMatch(p -> p.type() == OnnxEncoderProvider.class));
    assertEquals(
        List.of("minilm-q", "minilm", "bge-small-en", "bge-small-zh", "onnx"), provider.names());
    assertTrue(Encoders.names().contains(Encoders.DEFAULT));
    assertEquals(5, provider.describe().lines().count());
  }

  @Test
  void defaultSpecOpensTheInt8MiniLm() {
    try (TextEncoder e = Encoders.open(Encoders.DEFAULT)) {
      assertEquals("all-minilm-l6-v2-q/mean/norm/256", e.modelId());
      assertEquals(384, e.dimension());
    }
  }

  @Test
  void optionsReachTheEncoder() {
    try (TextEncoder e = open("minilm-q;pooling=cls;normalize=false;max-length=128;batch=3");
        OnnxTextEncoder direct =
            OnnxTextEncoderTest.shipped(OnnxTextEncoderTest.Q)
                .optPooling(Pooling.CLS)
                .optNormalize(false)
                .optMaxLength(128)
                .optBatchSize(3)
                .build()) {
      assertEquals("all-minilm-l6-v2-q/cls/raw/128/batch3", e.modelId());
      float[][] a = e.encode(TEXTS);
      float[][] b = direct.encode(TEXTS);
      for (int i = 0; i < TEXTS.size(); i++) {
        assertArrayEquals(b[i], a[i], 0f, "text " + i);
      }
    }
  }

  @Test
  void directoryGivesTheSameVectorsAsTheJar(@TempDir Path dir) throws Exception {
    for (String[] f :
        new String[][] {
          {"all-minilm-l6-v2-q.onnx", "model.onnx"},
          {"all-minilm-l6-v2-q-tokenizer.json", "tokenizer.json"}
        }) {
      try (InputStream in = ModelSource.resource(f[0]).open()) {
        Files.copy(in, dir.resolve(f[1]));
      }
    }
    try (TextEncoder jar = open("minilm-q");
        TextEncoder fromDir = open("onnx:" + dir)) {
      String id = fromDir.modelId();
      assertTrue(
          id.startsWith("onnx:" + dir.getFileName() + "@") && id.endsWith("/mean/norm/256"), id);
      assertEquals(384, fromDir.dimension());
      float[][] a = jar.encode(TEXTS);
      float[][] b = fromDir.encode(TEXTS);
      for (int i = 0; i < TEXTS.size(); i++) {
        assertArrayEquals(a[i], b[i], 0f, "text " + i);
      }
    }
    try (TextEncoder cls = open("onnx:" + dir + ";pooling=cls;normalize=true")) {
      assertTrue(cls.modelId().endsWith("/cls/norm/256"), cls.modelId());
    }
  }

  @Test
  void chineseModelPlacesCafesTogether() {
    try (TextEncoder zh = open("bge-small-zh")) {
      assertEquals("bge-small-zh-v1.5-q/cls/norm/512", zh.modelId());
      assertEquals(512, zh.dimension());
      float[][] v = zh.encode(List.of("咖啡店", "咖啡馆", "足球场"));
      double near = Vectors.cosine(v[0], v[1]);
      double far = Vectors.cosine(v[0], v[2]);
      assertTrue(near > far, "咖啡店~咖啡馆 " + near + " vs 咖啡店~足球场 " + far);
      assertEquals(1.0, Vectors.norm(v[0]), 1e-5);
    }
  }

  @Test
  void englishBgeUsesClsPooling() {
    try (TextEncoder en = open("bge-small-en")) {
      assertEquals("bge-small-en-v1.5-q/cls/norm/512", en.modelId());
      float[][] v = en.encode(List.of("espresso bar", "coffee shop", "football stadium"));
      assertTrue(Vectors.cosine(v[0], v[1]) > Vectors.cosine(v[0], v[2]));
    }
  }

  @Test
  void badSpecsAreNamed(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("nowhere");
    assertBad("onnx:" + missing, IllegalArgumentException.class, missing.toString());
    assertBad("onnx", IllegalArgumentException.class, "onnx:DIR");
    Files.writeString(dir.resolve("model.onnx"), "not a model");
    assertBad("onnx:" + dir, IllegalArgumentException.class, "tokenizer.json");
    try (InputStream in = ModelSource.resource("all-minilm-l6-v2-q-tokenizer.json").open()) {
      Files.copy(in, dir.resolve("tokenizer.json"));
    }
    assertBad("onnx:" + dir, EncoderException.class, dir.resolve("model.onnx").toString());
    assertBad("minilm-q;pooling=max", IllegalArgumentException.class, "pooling=max");
    assertBad("minilm-q;normalize=yes", IllegalArgumentException.class, "normalize=yes");
    assertBad("minilm-q;batch=0", IllegalArgumentException.class, "batch=0");
    assertBad("minilm-q;max-length=1", IllegalArgumentException.class, "max-length=1");
    assertBad("minilm-q;max-length=lots", IllegalArgumentException.class, "max-length=lots");
    assertBad("minilm-q;colour=blue", IllegalArgumentException.class, "colour");
    assertBad("minilm-q:/models/x", IllegalArgumentException.class, "/models/x");
  }

  @Test
  void missingModelJarNamesTheArtifact() {
    OnnxEncoderProvider.Shipped ghost =
        new OnnxEncoderProvider.Shipped(
            "ghost", "ghost-model-q", "org.example:ghost", Pooling.MEAN, 256, "not shipped");
    EncoderException e =
        assertThrows(EncoderException.class, () -> OnnxEncoderProvider.requirePresent(ghost));
    assertTrue(
        e.getMessage().contains("ghost-model-q.onnx")
            && e.getMessage().contains("org.example:ghost"),
        e.getMessage());
  }

  void assertBad(String spec, Class<? extends RuntimeException> type, String named) {
    RuntimeException e = assertThrows(type, () -> open(spec).close(), spec);
    assertTrue(
        e.getMessage().contains(named),
        "message for '" + spec + "' should name '" + named + "': " + e.getMessage());
  }
}
