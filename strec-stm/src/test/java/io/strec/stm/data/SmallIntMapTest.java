package io.strec.stm.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SmallIntMapTest {
  /** Random puts and gets, past several growths, agree with a HashMap at every step. */
  @Test
  void agreesWithAHashMap() {
    SplittableRandom rnd = new SplittableRandom(11);
    for (int round = 0; round < 20; round++) {
      SmallIntMap small = new SmallIntMap(1 + rnd.nextInt(8));
      Map<Integer, Integer> ref = new HashMap<>();
      int range = 1 + rnd.nextInt(2000);
      for (int op = 0; op < 3000; op++) {
        int key = rnd.nextInt(range);
        if (rnd.nextBoolean()) {
          int value = rnd.nextInt(1000);
          small.put(key, value);
          ref.put(key, value);
        } else {
          assertEquals(ref.getOrDefault(key, -1), small.get(key), "key " + key);
        }
        assertEquals(ref.size(), small.size());
      }
      for (Map.Entry<Integer, Integer> e : ref.entrySet()) {
        assertEquals(e.getValue(), small.get(e.getKey()), "key " + e.getKey());
      }
    }
  }

  @Test
  void keyZeroAndLargeKeysAreKeys() {
    SmallIntMap m = new SmallIntMap(2);
    assertEquals(-1, m.get(0));
    m.put(0, 5);
    m.put(Integer.MAX_VALUE - 1, 0);
    assertEquals(5, m.get(0));
    assertEquals(0, m.get(Integer.MAX_VALUE - 1));
    assertEquals(-1, m.get(1));
  }

  @Test
  void negativeKeysOrValuesAreRefused() {
    SmallIntMap m = new SmallIntMap(2);
    assertThrows(IllegalArgumentException.class, () -> m.put(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> m.put(3, -2));
  }
}
