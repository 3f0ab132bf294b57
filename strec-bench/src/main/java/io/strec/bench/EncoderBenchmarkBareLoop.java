package io.strec.bench;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.strec.encoder.onnx.ModelSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference the encoder is measured against: the same tokenizer settings and session options as
 * {@code OnnxTextEncoder} (with spinning as chosen), and per batch only tokenise, build the three
 * input tensors, run the session and close the result. No pooling, no sorting, no buffer reuse.
 */
final class EncoderBenchmarkBareLoop implements AutoCloseable {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession.SessionOptions options;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;

  /**
   * Opens a shipped model by resource stem, e.g. {@code all-minilm-l6-v2-q}; {@code spinning} is
   * ONNX Runtime's {@code session.intra_op.allow_spinning} (its default is on).
   */
  EncoderBenchmarkBareLoop(String resource, int maxLength, boolean spinning) throws OrtException {
    Map<String, String> o = new HashMap<>();
    o.put("addSpecialTokens", "true");
    o.put("padding", "true");
    o.put("truncation", "true");
    o.put("maxLength", Integer.toString(maxLength));
    o.put("modelMaxLength", Integer.toString(Math.max(512, maxLength)));
    try (InputStream in = ModelSource.resource(resource + "-tokenizer.json").open()) {
      tokenizer = HuggingFaceTokenizer.newInstance(in, o);
      options = new OrtSession.SessionOptions();
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
      options.setInterOpNumThreads(1);
      options.addConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
      session = env.createSession(ModelSource.resource(resource + ".onnx").readAllBytes(), options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs every text through the model in input order, {@code batch} at a time; returns a checksum.
   */
  long run(List<String> texts, int batch) throws OrtException {
    long sink = 0;
    for (int start = 0; start < texts.size(); start += batch) {
      List<String> part = texts.subList(start, Math.min(texts.size(), start + batch));
      Map<String, OnnxTensor> in = inputs(tokenizer.batchEncode(part));
      try (OrtSession.Result r = session.run(in)) {
        sink += r.size();
      } finally {
        in.values().forEach(OnnxTensor::close);
      }
    }
    return sink;
  }

  /** One text, mean-pooled and L2-normalised by hand: the benchmark's correctness check. */
  float[] embedOne(String text) throws OrtException {
    Map<String, OnnxTensor> in = inputs(tokenizer.batchEncode(List.of(text)));
    try (OrtSession.Result r = session.run(in)) {
      float[][][] h = (float[][][]) r.get(0).getValue();
      int dim = h[0][0].length;
      float[] v = new float[dim];
      for (float[] token : h[0]) {
        for (int d = 0; d < dim; d++) {
          v[d] += token[d] / h[0].length;
        }
      }
      double norm = 0;
      for (float x : v) {
        norm += x * x;
      }
      for (int d = 0; d < dim; d++) {
        v[d] /= (float) Math.sqrt(norm);
      }
      return v;
    } finally {
      in.values().forEach(OnnxTensor::close);
    }
  }

  private Map<String, OnnxTensor> inputs(Encoding[] enc) throws OrtException {
    int b = enc.length;
    int len = enc[0].getIds().length;
    long[] ids = new long[b * len];
    long[] mask = new long[b * len];
    long[] types = new long[b * len];
    for (int i = 0; i < b; i++) {
      System.arraycopy(enc[i].getIds(), 0, ids, i * len, len);
      System.arraycopy(enc[i].getAttentionMask(), 0, mask, i * len, len);
      System.arraycopy(enc[i].getTypeIds(), 0, types, i * len, len);
    }
    long[] shape = {b, len};
    Map<String, OnnxTensor> in = new HashMap<>();
    in.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
    in.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
    in.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
    return in;
  }

  @Override
  public void close() throws OrtException {
    try {
      session.close();
    } finally {
      options.close();
      tokenizer.close();
    }
  }
}
