package io.strec.spark.encode;

import io.strec.encoder.Encoders;
import io.strec.encoder.TextEncoder;
import io.strec.util.Closing;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One encoder session per executor JVM and encoder spec, opened by the first task that needs it and
 * shared by every later task on that executor ({@link TextEncoder#encode} is thread-safe), closed
 * when the JVM exits.
 *
 * <p>This is process-wide mutable state, which STREC otherwise avoids: an executor is a long-lived
 * JVM that runs many tasks, and opening an ONNX session (loading the model, the tokenizer, the
 * native runtime) per task or per partition would cost more than encoding a partition. A task
 * cannot hand a resource to the next one any other way.
 */
public final class ExecutorEncoders {
  private static final Map<String, TextEncoder> OPEN = new LinkedHashMap<>();
  private static boolean hooked;

  private ExecutorEncoders() {}

  /** The executor's encoder for {@code spec}, opened on first use. */
  public static synchronized TextEncoder get(String spec) {
    TextEncoder e = OPEN.get(spec);
    if (e == null) {
      e = Encoders.open(spec);
      OPEN.put(spec, e);
      if (!hooked) {
        Runtime.getRuntime()
            .addShutdownHook(new Thread(ExecutorEncoders::closeAll, "close-encoders"));
        hooked = true;
      }
    }
    return e;
  }

  /** How many sessions this JVM holds (one per spec used). */
  public static synchronized int open() {
    return OPEN.size();
  }

  /** Closes every session; the first failure is rethrown with the others suppressed. */
  private static synchronized void closeAll() {
    List<TextEncoder> all = List.copyOf(OPEN.values());
    OPEN.clear();
    Closing.closeAll(all);
  }
}
