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
 * Sentences per second of the default encoder ({@code minilm-q}: all-MiniLM-L6-v2 int8, batches of
 * 64) on 2,000 seeded sentences of about 15 words. {@code encoder} is {@link
 * OnnxTextEncoder#encode} on the whole list; {@code bareLoop} is the reference: the same tokenizer
 * and session options with nothing but tokenise, run and close; {@code bareLoopSpinning} is the
 * same with ONNX Runtime's default of spinning threads. Read {@code encoder / bareLoop}; {@link
 * EncoderBench} prints the ratios and the peak memory.
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
  static final int BATCH = 64;
  static final long SEED = 42;

  private List<String> texts;
  private OnnxTextEncoder encoder;
  private EncoderBenchmarkBareLoop bare;
  private EncoderBenchmarkBareLoop bareSpinning;

  @Setup(Level.Trial)
  public void setUp() throws OrtException {
    texts = EncoderBenchmarkTexts.sentences(TEXTS, SEED);
    encoder = EncoderBench.defaultEncoder(BATCH, false);
    bare = new EncoderBenchmarkBareLoop(EncoderBench.RESOURCE, EncoderBench.MAX_LENGTH, false);
    bareSpinning =
        new EncoderBenchmarkBareLoop(EncoderBench.RESOURCE, EncoderBench.MAX_LENGTH, true);
    EncoderBench.checkAgreement(encoder, bare, texts);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws OrtException {
    encoder.close();
    bare.close();
    bareSpinning.close();
  }

  @Benchmark
  public float[][] encoder() {
    return encoder.encode(texts);
  }

  @Benchmark
  public long bareLoop() throws OrtException {
    return bare.run(texts, BATCH);
  }

  @Benchmark
  public long bareLoopSpinning() throws OrtException {
    return bareSpinning.run(texts, BATCH);
  }
}
