package io.strec.app.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventStoreConcurrencyTest {
  private static final int THREADS = 8;
  private static final int BATCHES = 40;
  private static final int BATCH_SIZE = 5;

  @TempDir Path dir;

  @Test
  void concurrentAppendsAndReadsStoreEveryEventExactlyOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS + 2);
    try (EventStore store = EventStore.open(dir.resolve("s.db"), StoreOptions.defaults())) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<Long>>> writers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        writers.add(pool.submit(() -> appendAll(store, thread, start)));
      }
      // Readers run alongside and must never see a batch half written.
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(pool.submit(() -> readWhileWriting(store, start)));
      }
      start.countDown();
      Set<Long> seqs = new HashSet<>();
      for (Future<List<Long>> writer : writers) {
        for (long seq : writer.get()) {
          assertTrue(seqs.add(seq), "seq " + seq + " handed out twice");
        }
      }
      for (Future<Integer> reader : readers) {
        assertTrue(reader.get() > 0);
      }

      int expected = THREADS * BATCHES * BATCH_SIZE;
      assertEquals(expected, seqs.size());
      assertEquals(expected, store.eventCount());
      Map<String, Integer> byEventId = new HashMap<>();
      store.forEachEvent(e -> byEventId.merge(e.eventId().orElseThrow(), 1, Integer::sum));
      assertEquals(expected, byEventId.size());
      assertTrue(byEventId.values().stream().allMatch(n -> n == 1));
      for (int t = 0; t < THREADS; t++) {
        assertEquals(BATCHES * BATCH_SIZE, store.eventCount("user-" + t));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Long> appendAll(EventStore store, int thread, CountDownLatch start)
      throws InterruptedException {
    start.await();
    List<Long> seqs = new ArrayList<>();
    for (int b = 0; b < BATCHES; b++) {
      List<NewEvent> batch = new ArrayList<>();
      for (int i = 0; i < BATCH_SIZE; i++) {
        String id = thread + "-" + b + "-" + i;
        batch.add(Fixtures.event(id, "user-" + thread, "item-" + i, b * 10L + i));
      }
      // Every other batch is sent twice under its key, as a client retrying would.
      Optional<String> key = b % 2 == 0 ? Optional.of("key-" + thread + "-" + b) : Optional.empty();
      AppendResult result = store.append(batch, key, "hash-" + thread + "-" + b);
      assertEquals(BATCH_SIZE, result.stored());
      if (key.isPresent()) {
        assertEquals(result.seqs(), store.append(batch, key, "hash-" + thread + "-" + b).seqs());
      }
      seqs.addAll(result.seqs());
    }
    return seqs;
  }

  private static int readWhileWriting(EventStore store, CountDownLatch start)
      throws InterruptedException {
    start.await();
    int reads = 0;
    for (int i = 0; i < 200; i++) {
      for (int t = 0; t < THREADS; t++) {
        long count = store.eventCount("user-" + t);
        assertEquals(0, count % BATCH_SIZE, "a batch is visible whole or not at all");
        reads++;
      }
    }
    return reads;
  }
}
