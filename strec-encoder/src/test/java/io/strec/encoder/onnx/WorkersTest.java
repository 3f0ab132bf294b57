package io.strec.encoder.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Each unit runs exactly once, on the caller and the helpers; failures reach the caller. */
class WorkersTest {
  @Test
  void everyUnitRunsOnceAndTheHelpersJoinIn() throws Exception {
    try (Workers w = new Workers(3, "test")) {
      int n = 500;
      AtomicIntegerArray runs = new AtomicIntegerArray(n);
      Set<String> threads = ConcurrentHashMap.newKeySet();
      // The first units wait until three threads have taken one, so the helpers must have joined.
      CountDownLatch started = new CountDownLatch(3);
      w.forEach(
          n,
          i -> {
            threads.add(Thread.currentThread().getName());
            runs.incrementAndGet(i);
            if (i < 3) {
              started.countDown();
              try {
                assertTrue(started.await(10, TimeUnit.SECONDS), "helpers never joined");
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            }
          });
      for (int i = 0; i < n; i++) {
        assertEquals(1, runs.get(i), "unit " + i);
      }
      assertTrue(threads.contains(Thread.currentThread().getName()), threads.toString());
      assertEquals(3, threads.size(), threads.toString());
    }
  }

  @Test
  void theFirstFailureReachesTheCallerAndStopsTheRest() {
    try (Workers w = new Workers(2, "test")) {
      IllegalStateException boom = new IllegalStateException("unit 7 failed");
      AtomicInteger ran = new AtomicInteger();
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () ->
                  w.forEach(
                      100_000,
                      i -> {
                        ran.incrementAndGet();
                        if (i == 7) {
                          throw boom;
                        }
                      }));
      assertSame(boom, e);
      assertTrue(ran.get() < 100_000, "units kept running after the failure: " + ran.get());
      // The helpers are free again for the next call.
      AtomicInteger next = new AtomicInteger();
      w.forEach(10, i -> next.incrementAndGet());
      assertEquals(10, next.get());
    }
  }

  @Test
  void oneThreadRunsEverythingOnTheCaller() {
    try (Workers w = new Workers(1, "test")) {
      Thread caller = Thread.currentThread();
      AtomicInteger n = new AtomicInteger();
      w.forEach(
          20,
          i -> {
            assertSame(caller, Thread.currentThread());
            n.incrementAndGet();
          });
      assertEquals(20, n.get());
      w.forEach(0, i -> n.incrementAndGet());
      assertEquals(20, n.get());
    }
  }
}
