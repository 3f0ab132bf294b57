package io.strec.encoder.store;

import static io.strec.encoder.store.EmbeddingStoreTest.DIM;
import static io.strec.encoder.store.EmbeddingStoreTest.MODEL;
import static io.strec.encoder.store.EmbeddingStoreTest.assertBitsEqual;
import static io.strec.encoder.store.EmbeddingStoreTest.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.encoder.EncoderException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent callers share work: each distinct text is encoded once, and flushes run alongside. */
@Timeout(60)
class EmbeddingStoreConcurrencyTest {
  @TempDir Path dir;

  @Test
  void overlappingCallsEncodeEachTextOnce() throws Exception {
    List<String> universe = texts("c", 300);
    FakeEncoder enc = new FakeEncoder(MODEL, DIM);
    enc.sleepMillis = 1;
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    try (EmbeddingStore store = EmbeddingStore.open(dir, MODEL, DIM)) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Random rng = new Random(t);
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int round = 0; round < 5; round++) {
                    List<String> mine = new ArrayList<>(universe);
                    Collections.shuffle(mine, rng);
                    mine = mine.subList(0, 120);
                    float[][] out = store.getOrEncode(mine, enc, 7, line -> {});
                    for (int i = 0; i < mine.size(); i++) {
                      assertBitsEqual(FakeEncoder.vectorOf(mine.get(i), DIM), out[i], mine.get(i));
                    }
                  }
                  return null;
                }));
      }
      futures.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < 10; i++) {
                  store.flush();
                  store.get(universe.get(i));
                }
                return null;
              }));
      start.countDown();
      for (Future<?> f : futures) {
        f.get(50, TimeUnit.SECONDS);
      }
      for (String t : universe) {
        assertTrue(enc.timesEncoded(t) <= 1, t + " encoded " + enc.timesEncoded(t) + " times");
      }
      assertEquals(store.size(), enc.textsEncoded());
    } finally {
      pool.shutdownNow();
    }
    try (EmbeddingStore store = EmbeddingStore.open(dir, MODEL, DIM)) {
      FakeEncoder rest = new FakeEncoder(MODEL, DIM);
      float[][] out = store.getOrEncode(universe, rest);
      for (int i = 0; i < universe.size(); i++) {
        assertBitsEqual(FakeEncoder.vectorOf(universe.get(i), DIM), out[i], universe.get(i));
        assertTrue(
            enc.timesEncoded(universe.get(i)) + rest.timesEncoded(universe.get(i)) == 1,
            universe.get(i));
      }
    }
  }

  @Test
  void aCallWaitingForAnotherFailsWithItAndALaterCallRetries() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FakeEncoder blocking =
        new FakeEncoder(MODEL, DIM) {
          @Override
          public float[][] encode(List<String> texts) {
            entered.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            throw new EncoderException("endpoint down");
          }
        };
    FakeEncoder second = new FakeEncoder(MODEL, DIM);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (EmbeddingStore store = EmbeddingStore.open(dir, MODEL, DIM)) {
      Future<float[][]> owner = pool.submit(() -> store.getOrEncode(List.of("x"), blocking));
      entered.await();
      AtomicReference<Thread> waiterThread = new AtomicReference<>();
      Future<float[][]> waiter =
          pool.submit(
              () -> {
                waiterThread.set(Thread.currentThread());
                return store.getOrEncode(List.of("x", "y"), second);
              });
      // The waiter encodes "y" itself and then parks on the owner's "x".
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (second.textsEncoded() == 0 || waiterThread.get().getState() != Thread.State.WAITING) {
        assertTrue(System.nanoTime() < deadline, "waiter never parked");
        Thread.sleep(5);
      }
      release.countDown();
      Exception ownerFailure = assertThrows(Exception.class, () -> owner.get(10, TimeUnit.SECONDS));
      assertTrue(ownerFailure.getCause() instanceof EncoderException, ownerFailure.toString());
      Exception waiterFailure =
          assertThrows(Exception.class, () -> waiter.get(10, TimeUnit.SECONDS));
      assertTrue(
          waiterFailure.getCause().getMessage().contains("concurrent"),
          waiterFailure.getCause().getMessage());
      assertEquals(0, second.timesEncoded("x"));

      FakeEncoder retry = new FakeEncoder(MODEL, DIM);
      float[][] out = store.getOrEncode(List.of("x", "y"), retry);
      assertEquals(1, retry.timesEncoded("x"));
      assertEquals(0, retry.timesEncoded("y"), "y was kept from the waiter's own batch");
      assertBitsEqual(FakeEncoder.vectorOf("x", DIM), out[0], "x");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void storeIsUsableAfterAFlushRacesNewVectors() throws IOException {
    try (EmbeddingStore store = EmbeddingStore.open(dir, MODEL, DIM)) {
      store.getOrEncode(texts("a", 10), new FakeEncoder(MODEL, DIM));
      store.flush();
      store.getOrEncode(texts("b", 10), new FakeEncoder(MODEL, DIM));
      assertEquals(20, store.size());
      assertEquals(10, store.unflushed());
    }
  }
}
