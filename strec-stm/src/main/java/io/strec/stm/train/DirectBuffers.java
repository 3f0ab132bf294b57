package io.strec.stm.train;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * Keeps the engine's input buffers from piling up through a fit. The engine reads every array made
 * from Java values (a batch's features, masks and indices: a few megabytes a step) out of a direct
 * buffer that lives as long as its Java object. Most die in the young generation and are freed at
 * once; those a young collection finds still in use are promoted, and their memory comes back only
 * at a full collection, which a fit whose live heap is small may never reach: a NYC fit held 730 MB
 * of them after 7 epochs (native memory tracking, "Other"), 60 MB after a full collection.
 *
 * <p>{@link #check} (after each step) asks for a full collection when the direct buffers in use
 * reach a limit: at least {@link #FLOOR}, and twice what was in use just after the last one, so
 * that buffers a caller holds for good (a served catalogue's vectors) never make it collect at
 * every step. A JVM started with {@code -XX:+DisableExplicitGC} ignores the request.
 */
final class DirectBuffers {
  /** The smallest limit: a full collection about every epoch or two of a NYC fit. */
  static final long FLOOR = 256L << 20;

  private final Optional<BufferPoolMXBean> direct;
  private long limit = FLOOR;
  private boolean collected;
  private int collections;

  DirectBuffers() {
    this(
        ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
            .filter(b -> b.getName().equals("direct"))
            .findFirst());
  }

  DirectBuffers(Optional<BufferPoolMXBean> direct) {
    this.direct = direct;
  }

  /**
   * Collects when the direct buffers in use reach the limit; returns whether it did. The buffers
   * freed by a collection are released by the JVM's cleaner shortly after it, so the limit is set
   * from what is in use at the next call.
   */
  boolean check() {
    if (direct.isEmpty()) {
      return false;
    }
    long used = direct.get().getMemoryUsed();
    if (collected) {
      collected = false;
      limit = Math.max(FLOOR, 2 * used);
    }
    if (used < limit) {
      return false;
    }
    System.gc();
    collected = true;
    collections++;
    return true;
  }

  /** The full collections {@link #check} asked for. */
  int collections() {
    return collections;
  }

  /** The direct buffers in use now, in bytes; -1 where the JVM does not report them. */
  long used() {
    return direct.map(BufferPoolMXBean::getMemoryUsed).orElse(-1L);
  }
}
