package io.strec.stm;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.strec.util.Futures;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The device {@code stm} trains and scores on, chosen by the command line's {@code --device}
 * ({@link #select}): {@code auto} (the default: the engine's default device, a GPU when the engine
 * has one, else the CPU), {@code cpu}, {@code gpu} (the first GPU) or {@code gpu:N}. Asking for a
 * GPU the engine does not have is an error that says how many it has, never a silent fall-back to
 * the CPU.
 */
public final class Devices {
  /** The option that names the device, for messages. */
  public static final String OPTION = "--device";

  private static volatile String selected = "auto";

  /** Done once the op threads {@link #holdUntilOpThreadsSet} waits for are set; done if none. */
  private static volatile CompletableFuture<Void> opThreadsPending =
      CompletableFuture.completedFuture(null);

  private Devices() {}

  /**
   * Chooses the device for the rest of the process (the command line's {@code --device}); checks
   * the spelling now, the GPU index when the engine is first asked ({@link #configured}).
   *
   * @throws IllegalArgumentException when {@code spec} names no device
   */
  public static void select(String spec) {
    of(spec, Integer.MAX_VALUE);
    selected = spec;
  }

  /** The spec chosen by {@link #select} ({@code auto} until then). */
  static String selected() {
    return selected;
  }

  /**
   * The device chosen by {@link #select}, or the engine's default. Waits while {@link
   * #holdUntilOpThreadsSet} holds, so that the engine runs nothing before the op threads are set.
   */
  public static Device configured() {
    Futures.join(opThreadsPending);
    return of(selected, Engine.getInstance().getGpuCount());
  }

  /**
   * @param spec {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}
   * @param gpus GPUs the engine has
   */
  static Device of(String spec, int gpus) {
    String s = spec.trim().toLowerCase(Locale.ROOT);
    if (s.equals("auto")) {
      return gpus > 0 ? Device.gpu(0) : Device.cpu();
    }
    if (s.equals("cpu")) {
      return Device.cpu();
    }
    int index;
    if (s.equals("gpu")) {
      index = 0;
    } else if (s.startsWith("gpu:")) {
      try {
        index = Integer.parseInt(s.substring(4));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            OPTION + " " + spec + ": the GPU index must be a number", e);
      }
    } else {
      throw new IllegalArgumentException(
          OPTION + " " + spec + " is not a device; use auto, cpu, gpu or gpu:N");
    }
    if (index < 0 || index >= gpus) {
      throw new IllegalArgumentException(
          OPTION
              + " "
              + spec
              + " asks for GPU "
              + index
              + " but the PyTorch engine sees "
              + gpus
              + " GPU(s); the bundled PyTorch native library is the CPU build, so a GPU needs a"
              + " CUDA build of pytorch-native on the class path");
    }
    return Device.gpu(index);
  }

  /**
   * How many threads one tensor operation may use. Set it on the main thread before the threads
   * that use the engine start (the engine's OpenMP threads keep per-thread settings: a thread that
   * had already used the engine was measured to keep its old count). Serving sets 1: each request
   * then runs its small operations on its own thread, requests run side by side, and no core is
   * oversubscribed (measured 2026-12 on NYC at 2 cores: 43 -> 112 recommendations/s at concurrency
   * 1 and 231 -> 276 at 32, with the item vectors cached). Training keeps the engine's default (all
   * cores for one large batch).
   */
  public static void setOpThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("op threads must be >= 1, got " + threads);
    }
    Engine.getEngine("PyTorch");
    ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
    opThreadsPending.complete(null);
  }

  /**
   * Makes {@link #configured} wait until {@link #setOpThreads} or {@link #releaseOpThreadsHold} is
   * next called. The setting is made on the main thread, and loading the engine's native libraries
   * for it takes seconds: with this hold, another thread can meanwhile read a model's files, and
   * waits for the setting before its first use of the engine.
   */
  public static void holdUntilOpThreadsSet() {
    opThreadsPending = new CompletableFuture<>();
  }

  /** Ends a {@link #holdUntilOpThreadsSet} without setting anything (the setting failed). */
  public static void releaseOpThreadsHold() {
    opThreadsPending.complete(null);
  }
}
