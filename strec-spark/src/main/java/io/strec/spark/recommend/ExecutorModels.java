package io.strec.spark.recommend;

import io.strec.util.Closing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The broadcast models opened on this executor JVM, one per job key, shared by the job's tasks
 * (models are safe for concurrent scoring) and closed when the JVM exits. At most {@value #KEEP}
 * are kept: opening a newer one closes the oldest, so a long-lived executor running job after job
 * does not accumulate models.
 *
 * <p>Process-wide mutable state, which STREC otherwise avoids: an executor runs many tasks and a
 * model (an engine, its weights) is far too costly to open per task; no other handle survives from
 * one task to the next.
 */
final class ExecutorModels {
  static final int KEEP = 2;

  private static final Map<String, ServedModel> OPEN = new LinkedHashMap<>();
  private static boolean hooked;

  private ExecutorModels() {}

  static synchronized ServedModel get(ModelPayload p) {
    ServedModel m = OPEN.get(p.key());
    if (m != null) {
      return m;
    }
    try {
      m = ServedModel.open(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the broadcast model " + p.key(), e);
    }
    OPEN.put(p.key(), m);
    if (!hooked) {
      Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll, "close-models"));
      hooked = true;
    }
    while (OPEN.size() > KEEP) {
      Iterator<Map.Entry<String, ServedModel>> eldest = OPEN.entrySet().iterator();
      ServedModel old = eldest.next().getValue();
      eldest.remove();
      close(old);
    }
    return m;
  }

  /** Closes this JVM's copy of a job's model, if it has one (the driver, after its job). */
  static synchronized void release(String key) {
    ServedModel m = OPEN.remove(key);
    if (m != null) {
      close(m);
    }
  }

  private static synchronized void closeAll() {
    List<ServedModel> all = List.copyOf(OPEN.values());
    OPEN.clear();
    Closing.closeAll(all);
  }

  private static void close(ServedModel m) {
    try {
      m.close();
    } catch (IOException e) {
      throw new UncheckedIOException("closing a broadcast model failed", e);
    }
  }
}
