package io.strec.data.clean;

import io.strec.data.RawEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Iterative k-core filtering: keeps only users with at least {@code minUserEvents} events and items
 * with at least {@code minItemEvents} events, where counts are of events (repeated interactions
 * count each time).
 *
 * <p>Removing a user's events can push an item below its threshold and vice versa, so the filter
 * runs in rounds: each round counts events per user and per item over the events that survive so
 * far, then removes at once every event whose user or item falls short. It stops after the first
 * round that removes nothing. The result is the largest subset of events meeting both thresholds,
 * which does not depend on the order of removal.
 */
public final class KCore implements CleaningStep<KCore.Report> {

  /**
   * What the filter did.
   *
   * @param minUserEvents threshold per user
   * @param minItemEvents threshold per item
   * @param rounds rounds that removed at least one event (0 when the input already met both
   *     thresholds)
   * @param eventsIn events given
   * @param eventsOut events kept
   * @param usersIn distinct users given
   * @param usersOut distinct users kept
   * @param itemsIn distinct items given
   * @param itemsOut distinct items kept
   */
  public record Report(
      int minUserEvents,
      int minItemEvents,
      int rounds,
      int eventsIn,
      int eventsOut,
      int usersIn,
      int usersOut,
      int itemsIn,
      int itemsOut)
      implements StepReport {

    public Report {
      if (eventsOut < 0
          || eventsOut > eventsIn
          || usersOut < 0
          || usersOut > usersIn
          || itemsOut < 0
          || itemsOut > itemsIn
          || rounds < 0) {
        throw new IllegalArgumentException(
            "inconsistent k-core counts: "
                + eventsIn
                + " -> "
                + eventsOut
                + " events, "
                + usersIn
                + " -> "
                + usersOut
                + " users, "
                + itemsIn
                + " -> "
                + itemsOut
                + " items, "
                + rounds
                + " rounds");
      }
    }

    public int usersRemoved() {
      return usersIn - usersOut;
    }

    public int itemsRemoved() {
      return itemsIn - itemsOut;
    }

    @Override
    public String summary() {
      return "k-core (user >= "
          + minUserEvents
          + ", item >= "
          + minItemEvents
          + "): "
          + eventsIn
          + " -> "
          + eventsOut
          + " events, "
          + usersIn
          + " -> "
          + usersOut
          + " users, "
          + itemsIn
          + " -> "
          + itemsOut
          + " items in "
          + rounds
          + " rounds";
    }
  }

  private final int minUserEvents;
  private final int minItemEvents;

  /** Both thresholds must be at least 1; 1 keeps every user or item. */
  public KCore(int minUserEvents, int minItemEvents) {
    if (minUserEvents < 1 || minItemEvents < 1) {
      throw new IllegalArgumentException(
          "k-core thresholds must be >= 1, got user " + minUserEvents + ", item " + minItemEvents);
    }
    this.minUserEvents = minUserEvents;
    this.minItemEvents = minItemEvents;
  }

  /**
   * Parses thresholds as the {@code --kcore} option of {@code strec import} and {@code strec-spark
   * import} spells them: {@code U} (users and items both need U events) or {@code U,I}.
   *
   * @throws IllegalArgumentException when {@code spec} is not one or two integers, or a threshold
   *     is below 1
   */
  public static KCore parse(String spec) {
    String[] p = spec.split(",");
    if (p.length == 0 || p.length > 2) {
      throw new IllegalArgumentException("expected U or U,I with integers");
    }
    int u;
    int i;
    try {
      u = Integer.parseInt(p[0].trim());
      i = p.length > 1 ? Integer.parseInt(p[1].trim()) : u;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected U or U,I with integers", e);
    }
    return new KCore(u, i);
  }

  /**
   * The line an import prints after the k-core, when it drops the catalogue's items that have no
   * events left (items of the metadata that never had any are dropped too).
   */
  public static String catalogueSummary(long itemsIn, long itemsOut) {
    return "k-core catalogue: "
        + itemsIn
        + " -> "
        + itemsOut
        + " items with metadata ("
        + (itemsIn - itemsOut)
        + " dropped: no events in the k-core)";
  }

  public int minUserEvents() {
    return minUserEvents;
  }

  public int minItemEvents() {
    return minItemEvents;
  }

  @Override
  public Cleaned<Report> apply(List<RawEvent> events) {
    int n = events.size();
    // Dense ids, so that each round is a pass over int arrays instead of string hashing.
    int[] user = new int[n];
    int[] item = new int[n];
    int users = denseIds(events, true, user);
    int items = denseIds(events, false, item);

    boolean[] alive = new boolean[n];
    Arrays.fill(alive, true);
    int aliveCount = n;
    int rounds = 0;
    int[] userCount = new int[users];
    int[] itemCount = new int[items];
    while (true) {
      Arrays.fill(userCount, 0);
      Arrays.fill(itemCount, 0);
      for (int i = 0; i < n; i++) {
        if (alive[i]) {
          userCount[user[i]]++;
          itemCount[item[i]]++;
        }
      }
      int removed = 0;
      for (int i = 0; i < n; i++) {
        if (alive[i]
            && (userCount[user[i]] < minUserEvents || itemCount[item[i]] < minItemEvents)) {
          alive[i] = false;
          removed++;
        }
      }
      if (removed == 0) {
        break;
      }
      rounds++;
      aliveCount -= removed;
    }

    List<RawEvent> out = new ArrayList<>(aliveCount);
    boolean[] userKept = new boolean[users];
    boolean[] itemKept = new boolean[items];
    int usersOut = 0;
    int itemsOut = 0;
    for (int i = 0; i < n; i++) {
      if (alive[i]) {
        out.add(events.get(i));
        if (!userKept[user[i]]) {
          userKept[user[i]] = true;
          usersOut++;
        }
        if (!itemKept[item[i]]) {
          itemKept[item[i]] = true;
          itemsOut++;
        }
      }
    }
    return new Cleaned<>(
        out,
        new Report(
            minUserEvents, minItemEvents, rounds, n, out.size(), users, usersOut, items, itemsOut));
  }

  /** Fills {@code ids} with a dense index per distinct user (or item) id; returns how many. */
  private static int denseIds(List<RawEvent> events, boolean users, int[] ids) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      RawEvent e = events.get(i);
      String key = users ? e.userId() : e.itemId();
      Integer next = index.size();
      Integer id = index.putIfAbsent(key, next);
      ids[i] = id == null ? next : id;
    }
    return index.size();
  }
}
