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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reference the encoder is measured against: the same tokenizer settings and session options as
 * {@code OnnxTextEncoder}, and per ONNX Runtime call only tokenise, build the three input tensors,
 * run the session and close the result. No pooling, no sorting, no buffer reuse. Two forms, as the
 * encoder has: {@link #run} pads batches in input order and runs them on all cores' intra-op
 * threads (spinning as chosen); {@link #runAlone} runs each text unpadded as a batch of one, one
 * intra-op thread per call, on as many plain Java threads as there are cores.
 */
final class EncoderBenchmarkBareLoop implements AutoCloseable {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession.SessionOptions options;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final int threads = Runtime.getRuntime().availableProcessors();
  private final ExecutorService pool;

  /**
   * Opens a shipped model by resource stem, e.g. {@code all-minilm-l6-v2-q}, for {@link #run}
   * ({@code alone} false) or {@link #runAlone} (true); {@code spinning} is ONNX Runtime's {@code
   * session.intra_op.allow_spinning} (its default is on).
   */
  EncoderBenchmarkBareLoop(String resource, int maxLength, boolean spinning, boolean alone)
      throws OrtException {
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
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setIntraOpNumThreads(alone ? 1 : threads);
      options.setInterOpNumThreads(1);
      options.addConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
      session = env.createSession(ModelSource.resource(resource + ".onnx").readAllBytes(), options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    pool = alone ? Executors.newFixedThreadPool(threads) : null;
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

  /**
   * Runs every text alone (no padding) on {@link #threads} threads, each taking the next text;
   * returns a checksum.
   */
  long runAlone(List<String> texts) throws OrtException {
    AtomicInteger next = new AtomicInteger();
    List<Future<Long>> parts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      parts.add(
          pool.submit(
              () -> {
                long sink = 0;
                for (int i; (i = next.getAndIncrement()) < texts.size(); ) {
                  Map<String, OnnxTensor> in =
                      inputs(new Encoding[] {tokenizer.encode(texts.get(i))});
                  try (OrtSession.Result r = session.run(in)) {
                    sink += r.size();
                  } finally {
                    in.values().forEach(OnnxTensor::close);
                  }
                }
                return sink;
              }));
    }
    long sink = 0;
    try {
      for (Future<Long> f : parts) {
        sink += f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof OrtException o) {
        throw o;
      }
      throw new IllegalStateException(e.getCause());
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
    if (pool != null) {
      pool.shutdown();
    }
    try {
      session.close();
    } finally {
      options.close();
      tokenizer.close();
    }
  }
}
