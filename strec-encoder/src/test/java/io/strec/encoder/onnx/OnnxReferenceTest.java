package io.strec.encoder.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Vectors against two independent computations: (1) {@code reference/onnx_reference.py}, which
 * evaluates the ONNX graph node by node in numpy and tokenises with its own WordPiece (no ONNX
 * Runtime, no Hugging Face tokenizers); (2) a bare ONNX Runtime session fed those token ids, pooled
 * by hand here, without {@link OnnxTextEncoder}; and a padded batch against a bare session fed the
 * tokenizer's own padding.
 */
class OnnxReferenceTest {
  static final String COFFEE = "coffee shop";
  static final String ESPRESSO = "Espresso bar, open late!";
  static final long[] COFFEE_IDS = {101, 4157, 4497, 102};
  static final long[] ESPRESSO_IDS = {101, 9686, 20110, 2080, 3347, 1010, 2330, 2397, 999, 102};

  /**
   * Model, text, its ids, pooling, the first components printed by onnx_reference.py, and the
   * tolerance: 1e-5 for float32; the int8 models get 5e-5 because a value that falls on a rounding
   * boundary of DynamicQuantizeLinear may round the other way in another implementation.
   */
  static List<Arguments> references() {
    return List.of(
        Arguments.of(
            "all-minilm-l6-v2-q",
            COFFEE,
            COFFEE_IDS,
            Pooling.MEAN,
            new float[] {-0.0121856f, -0.0032128f, 0.0199072f, 0.0882185f, -0.0104164f},
            5e-5f),
        Arguments.of(
            "all-minilm-l6-v2-q",
            ESPRESSO,
            ESPRESSO_IDS,
            Pooling.MEAN,
            new float[] {-0.0287840f, -0.0659912f, -0.0017547f, 0.0199454f, 0.0254641f},
            5e-5f),
        Arguments.of(
            "all-minilm-l6-v2",
            COFFEE,
            COFFEE_IDS,
            Pooling.MEAN,
            new float[] {-0.0152667f, 0.0016856f, 0.0172740f, 0.0917118f, -0.0136519f},
            1e-5f),
        Arguments.of(
            "all-minilm-l6-v2",
            ESPRESSO,
            ESPRESSO_IDS,
            Pooling.MEAN,
            new float[] {-0.0226541f, -0.0585235f, -0.0056619f, 0.0236842f, 0.0107668f},
            1e-5f),
        Arguments.of(
            "bge-small-en-v1.5-q",
            COFFEE,
            COFFEE_IDS,
            Pooling.CLS,
            new float[] {-0.0017757f, -0.0419934f, 0.0463353f, 0.0300635f, 0.0125218f},
            5e-5f),
        Arguments.of(
            "bge-small-en-v1.5-q",
            ESPRESSO,
            ESPRESSO_IDS,
            Pooling.CLS,
            new float[] {-0.0159369f, -0.0410210f, 0.0581607f, 0.0106930f, 0.0148440f},
            5e-5f));
  }

  @ParameterizedTest(name = "{0} {3} ''{1}''")
  @MethodSource("references")
  void matchesTheNumpyReference(
      String stem, String text, long[] ids, Pooling pooling, float[] expected, float tol)
      throws Exception {
    try (OnnxTextEncoder enc = OnnxTextEncoderTest.shipped(stem).optPooling(pooling).build()) {
      float[] v = enc.encode(List.of(text))[0];
      assertArrayEquals(expected, Arrays.copyOf(v, expected.length), tol);
      assertArrayEquals(bareSession(stem, ids, pooling), v, 1e-6f);
    }
    assertArrayEquals(
        ids, tokenIds(stem, text), "tokenizer.json and the script's WordPiece disagree");
  }

  @Test
  void paddedBatchMatchesABareSessionOnTheTokenizersPadding() throws Exception {
    // With padded batches (optBatchSize above 1) the int8 model sees the padding (its quantisation
    // range spans every token), so this holds only if the encoder pads exactly as the tokenizer
    // does; row order does not matter.
    String stem = OnnxTextEncoderTest.Q;
    List<String> texts = OnnxTextEncoderTest.MIXED;
    Map<String, String> o =
        Map.of(
            "addSpecialTokens",
            "true",
            "padding",
            "true",
            "truncation",
            "true",
            "maxLength",
            "256");
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OnnxTextEncoder enc =
            OnnxTextEncoderTest.shipped(stem).optBatchSize(texts.size()).build();
        InputStream in = ModelSource.resource(stem + "-tokenizer.json").open();
        HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(in, o);
        OrtSession s = env.createSession(ModelSource.resource(stem + ".onnx").readAllBytes())) {
      float[][] got = enc.encode(texts);
      Encoding[] e = tok.batchEncode(texts);
      long[][] ids = new long[e.length][];
      long[][] mask = new long[e.length][];
      long[][] types = new long[e.length][];
      for (int i = 0; i < e.length; i++) {
        ids[i] = e[i].getIds();
        mask[i] = e[i].getAttentionMask();
        types[i] = e[i].getTypeIds();
      }
      try (OnnxTensor idT = OnnxTensor.createTensor(env, ids);
          OnnxTensor maskT = OnnxTensor.createTensor(env, mask);
          OnnxTensor typeT = OnnxTensor.createTensor(env, types);
          OrtSession.Result r =
              s.run(Map.of("input_ids", idT, "attention_mask", maskT, "token_type_ids", typeT))) {
        float[][][] h = (float[][][]) r.get(0).getValue();
        for (int i = 0; i < texts.size(); i++) {
          float[] v = new float[h[i][0].length];
          int count = 0;
          for (int t = 0; t < h[i].length; t++) {
            if (mask[i][t] == 1) {
              count++;
              for (int d = 0; d < v.length; d++) {
                v[d] += h[i][t][d];
              }
            }
          }
          double norm = 0;
          for (int d = 0; d < v.length; d++) {
            v[d] /= count;
            norm += v[d] * v[d];
          }
          for (int d = 0; d < v.length; d++) {
            v[d] /= (float) Math.sqrt(norm);
          }
          assertArrayEquals(v, got[i], 1e-5f, "text " + i);
        }
      }
    }
  }

  /** The token ids the encoder's tokenizer settings give. */
  static long[] tokenIds(String stem, String text) throws Exception {
    Map<String, String> o =
        Map.of(
            "addSpecialTokens",
            "true",
            "padding",
            "true",
            "truncation",
            "true",
            "maxLength",
            "256");
    try (InputStream in = ModelSource.resource(stem + "-tokenizer.json").open();
        HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(in, o)) {
      return tok.encode(text).getIds();
    }
  }

  /** A bare session on one sequence, pooled with a plain loop and L2-normalised. */
  static float[] bareSession(String stem, long[] ids, Pooling pooling) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long[] mask = new long[ids.length];
    Arrays.fill(mask, 1);
    try (OrtSession s = env.createSession(ModelSource.resource(stem + ".onnx").readAllBytes());
        OnnxTensor idT = OnnxTensor.createTensor(env, new long[][] {ids});
        OnnxTensor maskT = OnnxTensor.createTensor(env, new long[][] {mask});
        OnnxTensor typeT = OnnxTensor.createTensor(env, new long[][] {new long[ids.length]})) {
      Map<String, OnnxTensor> in = new HashMap<>();
      in.put("input_ids", idT);
      in.put("attention_mask", maskT);
      in.put("token_type_ids", typeT);
      try (OrtSession.Result r = s.run(in)) {
        float[][] h = ((float[][][]) r.get("last_hidden_state").orElseThrow().getValue())[0];
        assertEquals(ids.length, h.length);
        int dim = h[0].length;
        double[] acc = new double[dim];
        if (pooling == Pooling.CLS) {
          for (int d = 0; d < dim; d++) {
            acc[d] = h[0][d];
          }
        } else {
          for (float[] token : h) {
            for (int d = 0; d < dim; d++) {
              acc[d] += token[d] / (double) h.length;
            }
          }
        }
        double norm = 0;
        for (double x : acc) {
          norm += x * x;
        }
        float[] v = new float[dim];
        for (int d = 0; d < dim; d++) {
          v[d] = (float) (acc[d] / Math.sqrt(norm));
        }
        return v;
      }
    }
  }
}
