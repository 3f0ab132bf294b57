package io.strec.encoder.store;

import io.strec.encoder.EncoderException;
import io.strec.encoder.TextEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic encoder for tests: a text's vector is a pure function of the text (any finite
 * float bit pattern, -0 and subnormals included, so round trips are checked bit for bit). Counts
 * every batch and every text it encodes; can fail on a given batch.
 */
class FakeEncoder implements TextEncoder {
  final String modelId;
  final int dimension;
  final AtomicInteger batches = new AtomicInteger();
  final Map<String, AtomicInteger> encoded = new ConcurrentHashMap<>();
  final List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());

  /** 1-based batch number that throws, or 0 for none. */
  volatile int failOnBatch;

  volatile long sleepMillis;

  FakeEncoder(String modelId, int dimension) {
    this.modelId = modelId;
    this.dimension = dimension;
  }

  static float[] vectorOf(String text, int dimension) {
    long seed = 0;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      seed = seed * 1_000_003L + b;
    }
    SplittableRandom rng = new SplittableRandom(seed);
    float[] v = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      float f;
      do {
        f = Float.intBitsToFloat(rng.nextInt());
      } while (!Float.isFinite(f));
      v[i] = f;
    }
    if (dimension > 1) {
      v[1] = -0.0f;
    }
    return v;
  }

  int timesEncoded(String text) {
    AtomicInteger n = encoded.get(text);
    return n == null ? 0 : n.get();
  }

  int textsEncoded() {
    return encoded.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  @Override
  public String modelId() {
    return modelId;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public float[][] encode(List<String> texts) {
    int batch = batches.incrementAndGet();
    calls.add(List.copyOf(texts));
    if (sleepMillis > 0) {
      try {
        Thread.sleep(sleepMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EncoderException("interrupted", e);
      }
    }
    if (batch == failOnBatch) {
      throw new EncoderException("fake failure on batch " + batch);
    }
    float[][] out = new float[texts.size()][];
    for (int i = 0; i < out.length; i++) {
      encoded.computeIfAbsent(texts.get(i), t -> new AtomicInteger()).incrementAndGet();
      out[i] = vectorOf(texts.get(i), dimension);
    }
    return out;
  }

  @Override
  public void close() {}
}
