package io.strec.bench;

import ai.onnxruntime.OrtException;
import io.strec.encoder.onnx.ModelSource;
import io.strec.encoder.onnx.OnnxTextEncoder;
import io.strec.util.SuppressForbidden;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A plain-{@code main} companion to {@link EncoderBenchmark} that prints what JMH does not. The
 * encoder and the bare ONNX Runtime loops take turns pass by pass (so that load from other
 * processes hits all alike) for about {@code --seconds} each. It prints each side's median
 * sentences/s, also per CPU-second of this process (a figure that load from other processes
 * disturbs less), the encoder's ratio to each bare loop, the load average, and the peak heap and
 * peak resident memory (VmHWM, which includes ONNX Runtime's native memory).
 *
 * <pre>
 * java -Dai.djl.offline=true -DDJL_CACHE_DIR=strec-bench/target/djl-cache \
 *   -cp "strec-bench/target/strec-bench-0.1.0-SNAPSHOT.jar:strec-bench/target/lib/*" \
 *   io.strec.bench.EncoderBench [--seconds 20] [--model all-minilm-l6-v2-q] [--batch 1]
 *   [--bare-batch 64] [--texts 2000] [--seed 42] [--spinning false]
 *   [--sides encoder,encoder-batch,bare,bare-alone,bare-spinning]
 * </pre>
 *
 * <p>Sides: {@code encoder} is {@code OnnxTextEncoder.encode} on the whole list with {@code
 * --batch} (1, its default: each text alone, in parallel over the cores); {@code bare} pads batches
 * of {@code --bare-batch} in input order and runs them on all cores' intra-op threads (what the
 * encoder did before it ran texts alone); {@code bare-alone} runs each text unpadded on one thread
 * per core (the same work as the encoder's default); {@code bare-spinning} is {@code bare} with
 * ONNX Runtime's spinning threads. The memory figures cover every session that was open: {@code
 * --sides encoder} gives the encoder's own (without the agreement check, which needs a bare loop).
 */
public final class EncoderBench {
  static final String RESOURCE = "all-minilm-l6-v2-q";
  static final int MAX_LENGTH = 256;

  private EncoderBench() {}

  /** One side of the comparison. */
  private interface Pass {
    void run() throws OrtException;
  }

  /** Per-pass rates of one side. */
  private record Side(
      String name, Pass pass, List<Double> perSecond, List<Double> perCpuSecond, double[] spent) {
    Side(String name, Pass pass) {
      this(name, pass, new ArrayList<>(), new ArrayList<>(), new double[1]);
    }

    void measure(int n) throws OrtException {
      long c0 = processCpuNanos();
      long t0 = System.nanoTime();
      pass.run();
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpu = (processCpuNanos() - c0) / 1e9;
      spent[0] += wall;
      perSecond.add(n / wall);
      perCpuSecond.add(n / cpu);
    }
  }

  public static void main(String[] args) throws OrtException, IOException {
    double seconds = 20;
    String model = RESOURCE;
    int batch = EncoderBenchmark.BATCH;
    int bareBatch = EncoderBenchmark.BARE_BATCH;
    int n = EncoderBenchmark.TEXTS;
    long seed = EncoderBenchmark.SEED;
    boolean spinning = false;
    List<String> names = List.of("encoder", "bare", "bare-alone");
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + args[i] + " needs a value");
      }
      switch (args[i]) {
        case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
        case "--model" -> model = args[i + 1];
        case "--batch" -> batch = Integer.parseInt(args[i + 1]);
        case "--bare-batch" -> bareBatch = Integer.parseInt(args[i + 1]);
        case "--texts" -> n = Integer.parseInt(args[i + 1]);
        case "--seed" -> seed = Long.parseLong(args[i + 1]);
        case "--spinning" -> spinning = Boolean.parseBoolean(args[i + 1]);
        case "--sides" -> names = List.of(args[i + 1].split(","));
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; known: --seconds S --model STEM --batch N --bare-batch N --texts N"
                    + " --seed S --spinning true|false"
                    + " --sides encoder,encoder-batch,bare,bare-alone,bare-spinning");
      }
    }
    List<String> texts = EncoderBenchmarkTexts.sentences(n, seed);
    int bb = bareBatch;
    double perSide = seconds;
    String loadBefore = loadAverage();
    try (OnnxTextEncoder encoder = encoder(model, batch, spinning);
        OnnxTextEncoder batched =
            names.contains("encoder-batch") ? encoder(model, bareBatch, spinning) : null;
        EncoderBenchmarkBareLoop bare =
            names.contains("bare")
                ? new EncoderBenchmarkBareLoop(model, MAX_LENGTH, spinning, false)
                : null;
        EncoderBenchmarkBareLoop bareAlone =
            names.contains("bare-alone")
                ? new EncoderBenchmarkBareLoop(model, MAX_LENGTH, spinning, true)
                : null;
        EncoderBenchmarkBareLoop bareSpin =
            names.contains("bare-spinning")
                ? new EncoderBenchmarkBareLoop(model, MAX_LENGTH, true, false)
                : null) {
      System.out.printf(
          Locale.ROOT,
          "%s, %d texts of ~15 words, encoder batch %d, bare batch %d, %d processors,"
              + " spinning %s%n",
          encoder.modelId(),
          n,
          batch,
          bareBatch,
          Runtime.getRuntime().availableProcessors(),
          spinning);
      EncoderBenchmarkBareLoop check = bare != null ? bare : bareAlone;
      if (check != null) {
        checkAgreement(encoder, check, texts);
      } else {
        System.out.println(
            "no bare loop: the agreement check is skipped; memory is the encoder's alone");
      }
      List<Side> sides = new ArrayList<>();
      for (String name : names) {
        sides.add(
            switch (name) {
              case "encoder" -> new Side("encoder", () -> encoder.encode(texts));
              case "encoder-batch" -> new Side("encoder, batch " + bb, () -> batched.encode(texts));
              case "bare" -> new Side("bare loop, batch " + bb, () -> bare.run(texts, bb));
              case "bare-alone" ->
                  new Side("bare loop, texts alone", () -> bareAlone.runAlone(texts));
              case "bare-spinning" ->
                  new Side("bare loop, batch " + bb + ", spinning", () -> bareSpin.run(texts, bb));
              default ->
                  throw new IllegalArgumentException(
                      "unknown side '"
                          + name
                          + "': encoder, encoder-batch, bare, bare-alone, bare-spinning");
            });
      }
      // Warm-up: one pass each (JIT, ONNX Runtime's arena, the tokenizer).
      for (Side s : sides) {
        s.pass().run();
      }
      while (sides.stream().anyMatch(s -> s.spent()[0] < perSide || s.perSecond().size() < 3)) {
        for (Side s : sides) {
          s.measure(n);
        }
      }
      for (Side s : sides) {
        System.out.printf(
            Locale.ROOT,
            "%-31s: median %4.0f sentences/s (min %4.0f, max %4.0f, %d passes); %4.0f per"
                + " CPU-second%n",
            s.name(),
            median(s.perSecond()),
            Collections.min(s.perSecond()),
            Collections.max(s.perSecond()),
            s.perSecond().size(),
            median(s.perCpuSecond()));
      }
      Side enc = sides.get(0);
      for (Side s : sides.subList(1, sides.size())) {
        System.out.printf(
            Locale.ROOT,
            "ratio %s / %s: %.3f (per CPU-second %.3f)%n",
            enc.name(),
            s.name(),
            median(enc.perSecond()) / median(s.perSecond()),
            median(enc.perCpuSecond()) / median(s.perCpuSecond()));
      }
    }
    long peakHeap = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        peakHeap += p.getPeakUsage().getUsed();
      }
    }
    System.out.printf(
        Locale.ROOT, "load average: %s before, %s after%n", loadBefore, loadAverage());
    System.out.printf(
        Locale.ROOT,
        "memory: peak heap %.0f MiB (sum of heap pools' peaks), heap now %.0f MiB; %s%n",
        peakHeap / 1048576.0,
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0,
        procStatus());
  }

  /** A shipped model by resource stem as the encoder specs open it, with the given batch size. */
  static OnnxTextEncoder encoder(String stem, int batch, boolean spinning) {
    return OnnxTextEncoder.builder()
        .setModel(ModelSource.resource(stem + ".onnx"))
        .setTokenizer(ModelSource.resource(stem + "-tokenizer.json"))
        .optName(stem)
        .optMaxLength(MAX_LENGTH)
        .optBatchSize(batch)
        .optSpinning(spinning)
        .build();
  }

  /**
   * Fails unless the encoder gives the bare loop's hand-pooled vectors for single texts and one
   * vector per text, and, when it runs texts alone, exactly its single-text vectors for the whole
   * list.
   */
  static void checkAgreement(
      OnnxTextEncoder encoder, EncoderBenchmarkBareLoop bare, List<String> texts)
      throws OrtException {
    for (String t : texts.subList(0, Math.min(5, texts.size()))) {
      float[] a = encoder.encode(List.of(t))[0];
      float[] b = bare.embedOne(t);
      for (int d = 0; d < a.length; d++) {
        if (Math.abs(a[d] - b[d]) > 1e-5f) {
          throw new IllegalStateException(
              "encoder and bare loop disagree on '"
                  + t
                  + "' at "
                  + d
                  + ": "
                  + a[d]
                  + " != "
                  + b[d]);
        }
      }
    }
    float[][] all = encoder.encode(texts);
    if (all.length != texts.size() || all[all.length - 1].length != encoder.dimension()) {
      throw new IllegalStateException(
          "encoder returned " + all.length + " vectors for " + texts.size() + " texts");
    }
    if (encoder.batchSize() == 1) {
      for (int i = 0; i < Math.min(50, texts.size()); i++) {
        if (!Arrays.equals(all[i], encoder.encode(List.of(texts.get(i)))[0])) {
          throw new IllegalStateException(
              "text " + i + " encoded in the list differs from the text alone: " + texts.get(i));
        }
      }
    }
  }

  @SuppressForbidden(
      reason = "the process's CPU time (native threads included) has no portable API")
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int m = s.size() / 2;
    return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
  }

  private static String loadAverage() throws IOException {
    Path p = Path.of("/proc/loadavg");
    return Files.isReadable(p) ? Files.readString(p).trim().split(" ")[0] : "?";
  }

  /** VmHWM (peak resident set) and VmRSS from /proc/self/status, or a note where there is none. */
  private static String procStatus() throws IOException {
    Path p = Path.of("/proc/self/status");
    if (!Files.isReadable(p)) {
      return "no /proc/self/status here";
    }
    StringBuilder sb = new StringBuilder();
    for (String line : Files.readAllLines(p)) {
      if (line.startsWith("VmHWM:") || line.startsWith("VmRSS:")) {
        sb.append(sb.length() == 0 ? "" : ", ").append(line.replaceAll("\\s+", " "));
      }
    }
    return sb.toString();
  }
}
