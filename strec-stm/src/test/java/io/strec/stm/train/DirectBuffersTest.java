package io.strec.stm.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.BufferPoolMXBean;
import java.nio.ByteBuffer;
import java.util.Optional;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class DirectBuffersTest {
  private static final long MB = 1L << 20;

  /** A direct pool whose use the test sets. */
  private static final class Pool implements BufferPoolMXBean {
    long used;

    @Override
    public String getName() {
      return "direct";
    }

    @Override
    public long getCount() {
      return 1;
    }

    @Override
    public long getTotalCapacity() {
      return used;
    }

    @Override
    public long getMemoryUsed() {
      return used;
    }

    @Override
    public ObjectName getObjectName() {
      return null;
    }
  }

  @Test
  void collectsAtTheFloorThenAtTwiceWhatAFullCollectionLeft() {
    Pool pool = new Pool();
    DirectBuffers b = new DirectBuffers(Optional.of(pool));
    pool.used = DirectBuffers.FLOOR - 1;
    assertFalse(b.check(), "below the floor");
    pool.used = DirectBuffers.FLOOR;
    assertTrue(b.check(), "at the floor");
    // The cleaner freed little: 300 MB are held for good, so the limit becomes 600 MB.
    pool.used = 300 * MB;
    assertFalse(b.check(), "what was held after the collection sets the limit");
    pool.used = 599 * MB;
    assertFalse(b.check(), "below twice what the collection left");
    pool.used = 600 * MB;
    assertTrue(b.check());
    // This time the cleaner freed nearly everything: the limit falls back to the floor.
    pool.used = 10 * MB;
    assertFalse(b.check());
    pool.used = DirectBuffers.FLOOR;
    assertTrue(b.check());
    assertEquals(3, b.collections());
  }

  @Test
  void withoutAPoolToReadNothingIsCollected() {
    DirectBuffers b = new DirectBuffers(Optional.empty());
    assertFalse(b.check());
    assertEquals(-1, b.used());
  }

  @Test
  void theJvmsDirectPoolIsReadAndCountsABufferHeld() {
    DirectBuffers b = new DirectBuffers();
    assertTrue(b.used() >= 0, "this JVM reports its direct buffers");
    ByteBuffer held = ByteBuffer.allocateDirect((int) (8 * MB));
    try {
      // Other buffers may be freed meanwhile; the one held is counted as long as it is held.
      assertTrue(b.used() >= 8 * MB, "the pool counts a buffer of 8 MB: " + b.used());
      assertEquals(8 * MB, held.capacity());
    } finally {
      java.lang.ref.Reference.reachabilityFence(held);
    }
  }
}
