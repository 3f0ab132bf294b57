package io.strec.bench;

import io.strec.stm.data.Features;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code log(1 + x)} of 4,096 values like a batch's features (visit counts, decayed counts, hours,
 * kilometres: 0 to 50, a tenth of them below 1e-4), rounded to floats as the features are: {@code
 * library} is {@link Math#log1p}, the reference; {@code intrinsic} is {@link Features#log1p}. The
 * setup checks that both give the same floats for every value.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Log1pBenchmark {
  private final float[] values = new float[4096];
  private final float[] out = new float[4096];

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(2026);
    for (int i = 0; i < values.length; i++) {
      double x = rnd.nextDouble() * rnd.nextDouble() * 50;
      values[i] = (float) (rnd.nextInt(10) == 0 ? x * 1e-6 : x);
    }
    for (float v : values) {
      if ((float) Math.log1p(v) != (float) Features.log1p(v)) {
        throw new IllegalStateException(
            "log1p(" + v + "): " + Features.log1p(v) + " against " + Math.log1p(v));
      }
    }
  }

  @Benchmark
  public float[] library() {
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) Math.log1p(values[i]);
    }
    return out;
  }

  @Benchmark
  public float[] intrinsic() {
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) Features.log1p(values[i]);
    }
    return out;
  }
}
