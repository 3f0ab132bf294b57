package io.strec.bench;

import ai.onnxruntime.OrtException;
import io.strec.encoder.onnx.OnnxTextEncoder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sentences per second of the default encoder ({@code minilm-q}: all-MiniLM-L6-v2 int8, each text
 * alone, in parallel over the cores) on 2,000 seeded sentences of about 15 words. {@code encoder}
 * is {@link OnnxTextEncoder#encode} on the whole list; the references use the same tokenizer and
 * session options with nothing but tokenise, run and close: {@code bareLoopAlone} runs each text
 * unpadded on one thread per core (the encoder's own scheme), {@code bareLoop} pads batches of 64
 * and runs them on all cores' intra-op threads, {@code bareLoopSpinning} is the same with ONNX
 * Runtime's default of spinning threads. Read {@code encoder / bareLoopAlone}; {@link EncoderBench}
 * prints the ratios and the peak memory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 6)
@Measurement(iterations = 5, time = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Dai.djl.offline=true", "-DDJL_CACHE_DIR=strec-bench/target/djl-cache"})
@OperationsPerInvocation(EncoderBenchmark.TEXTS)
public class EncoderBenchmark {
  static final int TEXTS = 2000;

  /** The encoder's default: each text alone. */
  static final int BATCH = 1;

  /** The padded batch of the batched bare loops. */
  static final int BARE_BATCH = 64;

  static final long SEED = 42;

  private List<String> texts;
  private OnnxTextEncoder encoder;
  private EncoderBenchmarkBareLoop bare;
  private EncoderBenchmarkBareLoop bareAlone;
  private EncoderBenchmarkBareLoop bareSpinning;

  @Setup(Level.Trial)
  public void setUp() throws OrtException {
    String m = EncoderBench.RESOURCE;
    int len = EncoderBench.MAX_LENGTH;
    texts = EncoderBenchmarkTexts.sentences(TEXTS, SEED);
    encoder = EncoderBench.encoder(m, BATCH, false);
    bare = new EncoderBenchmarkBareLoop(m, len, false, false);
    bareAlone = new EncoderBenchmarkBareLoop(m, len, false, true);
    bareSpinning = new EncoderBenchmarkBareLoop(m, len, true, false);
    EncoderBench.checkAgreement(encoder, bareAlone, texts);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws OrtException {
    encoder.close();
    bare.close();
    bareAlone.close();
    bareSpinning.close();
  }

  @Benchmark
  public float[][] encoder() {
    return encoder.encode(texts);
  }

  @Benchmark
  public long bareLoop() throws OrtException {
    return bare.run(texts, BARE_BATCH);
  }

  @Benchmark
  public long bareLoopAlone() throws OrtException {
    return bareAlone.runAlone(texts);
  }

  @Benchmark
  public long bareLoopSpinning() throws OrtException {
    return bareSpinning.run(texts, BARE_BATCH);
  }
}
