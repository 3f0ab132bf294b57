package io.strec.app;

import io.strec.app.store.StoredEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The recent events and seen items of the users asked about lately, so that a recommendation does
 * not read the store each time. Bounded: the least recently used user leaves first, so memory does
 * not grow with the number of users. An entry is dropped (not patched) when the user's events
 * change, and read again from the store on the next request; loading and dropping take the same
 * per-user lock, so a load that raced with a write can never leave a stale entry behind.
 */
final class UserCache {
  /** A user's last events (oldest first) and every item they ever interacted with. */
  record Entry(List<StoredEvent> recent, Set<String> seen) {
    Entry {
      recent = List.copyOf(recent);
      seen = Set.copyOf(seen);
    }
  }

  private static final int STRIPES = 64;

  private final int capacity;
  private final Map<String, Entry> entries;
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  UserCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("cache capacity must be >= 1, got " + capacity);
    }
    this.capacity = capacity;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > UserCache.this.capacity;
          }
        };
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  Entry get(String user, Function<String, Entry> load) {
    synchronized (entries) {
      Entry e = entries.get(user);
      if (e != null) {
        return e;
      }
    }
    ReentrantLock lock = lockOf(user);
    lock.lock();
    try {
      synchronized (entries) {
        Entry e = entries.get(user);
        if (e != null) {
          return e;
        }
      }
      Entry fresh = load.apply(user);
      synchronized (entries) {
        entries.put(user, fresh);
      }
      return fresh;
    } finally {
      lock.unlock();
    }
  }

  /** The cached entry of {@code user}, without loading one. */
  java.util.Optional<Entry> peek(String user) {
    synchronized (entries) {
      return java.util.Optional.ofNullable(entries.get(user));
    }
  }

  void invalidate(String user) {
    ReentrantLock lock = lockOf(user);
    lock.lock();
    try {
      synchronized (entries) {
        entries.remove(user);
      }
    } finally {
      lock.unlock();
    }
  }

  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  private ReentrantLock lockOf(String user) {
    return locks[Math.floorMod(user.hashCode(), STRIPES)];
  }
}
