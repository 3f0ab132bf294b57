package io.strec.data.clean;

import static io.strec.data.clean.TestEvents.ev;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.RawEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KCoreTest {

  @Test
  void cascadeNeedsThreeRounds() {
    // 2-core on users and items. Round 1: i4 has 1 event -> drop (u4,i4).
    // Round 2: u4 now has 1 event (u4,i3) -> drop it. Round 3: i3 now has 1 event (u3,i3) -> drop.
    // u3 keeps (u3,i1) and (u3,i2): still 2 events, so it stops there.
    List<RawEvent> in =
        List.of(
            ev("u1", "i1", 1, 1),
            ev("u1", "i2", 2, 2),
            ev("u2", "i1", 3, 3),
            ev("u2", "i2", 4, 4),
            ev("u3", "i1", 5, 5),
            ev("u3", "i2", 6, 6),
            ev("u3", "i3", 7, 7),
            ev("u4", "i3", 8, 8),
            ev("u4", "i4", 9, 9));
    Cleaned<KCore.Report> out = new KCore(2, 2).apply(in);
    assertEquals(in.subList(0, 6), out.events());
    assertEquals(new KCore.Report(2, 2, 3, 9, 6, 4, 3, 4, 2), out.report());
    assertEquals(1, out.report().usersRemoved());
    assertEquals(2, out.report().itemsRemoved());
    assertEquals(
        "k-core (user >= 2, item >= 2): 9 -> 6 events, 4 -> 3 users, 4 -> 2 items in 3 rounds",
        out.report().summary());
  }

  @Test
  void differentThresholdsForUsersAndItems() {
    // Users need 3 events, items 1. u2 has 2 -> gone in round 1; nothing else changes.
    List<RawEvent> in =
        List.of(
            ev("u1", "a", 1, 1),
            ev("u1", "b", 2, 2),
            ev("u1", "a", 3, 3),
            ev("u2", "a", 4, 4),
            ev("u2", "c", 5, 5));
    Cleaned<KCore.Report> out = new KCore(3, 1).apply(in);
    assertEquals(in.subList(0, 3), out.events());
    assertEquals(1, out.report().rounds());
    assertEquals(2, out.report().itemsOut(), "repeated interactions count: u1 has 3 events");
  }

  @Test
  void canEmptyEverything() {
    List<RawEvent> in = List.of(ev("u1", "a", 1, 1), ev("u1", "b", 2, 2), ev("u2", "a", 3, 3));
    Cleaned<KCore.Report> out = new KCore(2, 2).apply(in);
    // Round 1: u2 (1 event) and b (1 event) go -> u1 keeps only a. Round 2: u1 has 1 -> all gone.
    assertEquals(List.of(), out.events());
    assertEquals(2, out.report().rounds());
    assertEquals(0, out.report().usersOut());
  }

  @Test
  void alreadyStableInputTakesZeroRounds() {
    List<RawEvent> in = List.of(ev("u1", "a", 1, 1), ev("u2", "a", 2, 2));
    Cleaned<KCore.Report> out = new KCore(1, 2).apply(in);
    assertEquals(in, out.events());
    assertEquals(0, out.report().rounds());
  }

  @Test
  void resultMeetsBothThresholdsAndIsMaximal() {
    SplittableRandom rng = new SplittableRandom(17);
    List<RawEvent> in = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      // Skewed ids, so that many users and items sit near the thresholds.
      int u = (int) Math.floor(Math.pow(rng.nextDouble(), 2) * 300);
      int it = (int) Math.floor(Math.pow(rng.nextDouble(), 2) * 400);
      in.add(ev("u" + u, "i" + it, i, i + 1));
    }
    Cleaned<KCore.Report> out = new KCore(5, 4).apply(in);
    Map<String, Integer> users = new HashMap<>();
    Map<String, Integer> items = new HashMap<>();
    for (RawEvent e : out.events()) {
      users.merge(e.userId(), 1, Integer::sum);
      items.merge(e.itemId(), 1, Integer::sum);
    }
    users.values().forEach(c -> assertTrue(c >= 5));
    items.values().forEach(c -> assertTrue(c >= 4));
    // Maximal: every removed event belongs to a user or item outside the kept sets (the k-core is
    // closed, so an event between kept users and items would have been kept).
    for (RawEvent e : in) {
      if (users.containsKey(e.userId()) && items.containsKey(e.itemId())) {
        assertTrue(out.events().contains(e), "event between kept user and item was removed: " + e);
      }
    }
    assertTrue(out.report().rounds() >= 2, "this input should cascade: " + out.report().summary());
    assertEquals(users.size(), out.report().usersOut());
    assertEquals(items.size(), out.report().itemsOut());
  }

  @Test
  void rejectsThresholdsBelowOne() {
    var e = assertThrows(IllegalArgumentException.class, () -> new KCore(0, 5));
    assertTrue(e.getMessage().contains("user 0, item 5"), e.getMessage());
  }

  @Test
  void parsesTheOptionsSpelling() {
    KCore both = KCore.parse("5");
    assertEquals(5, both.minUserEvents());
    assertEquals(5, both.minItemEvents());
    KCore apart = KCore.parse(" 5 , 2 ");
    assertEquals(5, apart.minUserEvents());
    assertEquals(2, apart.minItemEvents());
    for (String bad : new String[] {"two", ",", "2,3,4", "", "2,x"}) {
      var e = assertThrows(IllegalArgumentException.class, () -> KCore.parse(bad), bad);
      assertEquals("expected U or U,I with integers", e.getMessage(), bad);
    }
    var e = assertThrows(IllegalArgumentException.class, () -> KCore.parse("0"));
    assertTrue(e.getMessage().contains("user 0, item 0"), e.getMessage());
  }
}
