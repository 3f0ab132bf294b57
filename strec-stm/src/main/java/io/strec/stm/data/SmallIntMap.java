package io.strec.stm.data;

/**
 * A map from non-negative ints to non-negative ints by open addressing, for the few hundred keys of
 * one query's features: no boxing, no per-entry objects.
 */
final class SmallIntMap {
  private int[] keys;
  private int[] values;
  private int size;

  /** An empty map that holds {@code expected} keys without growing. */
  SmallIntMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(8, expected * 2 - 1)) << 1;
    keys = new int[cap];
    values = new int[cap];
  }

  /** The value of {@code key}, or -1 when it has none. */
  int get(int key) {
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      int k = keys[i];
      if (k == 0) {
        return -1;
      }
      if (k == key + 1) {
        return values[i];
      }
    }
  }

  /** Sets the value of {@code key} (>= 0) to {@code value} (>= 0). */
  void put(int key, int value) {
    if (key < 0 || value < 0) {
      throw new IllegalArgumentException("key " + key + ", value " + value + ": both must be >= 0");
    }
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      if (keys[i] == 0) {
        keys[i] = key + 1;
        values[i] = value;
        size++;
        return;
      }
      if (keys[i] == key + 1) {
        values[i] = value;
        return;
      }
    }
  }

  int size() {
    return size;
  }

  private void grow() {
    int[] oldKeys = keys;
    int[] oldValues = values;
    keys = new int[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        put(oldKeys[i] - 1, oldValues[i]);
      }
    }
  }

  private static int mix(int key) {
    int h = key * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
