package io.strec.eval.protocol;

import io.strec.data.Dataset;
import io.strec.data.Loaded;
import io.strec.data.RawEvent;
import io.strec.data.Vocabulary;
import io.strec.eval.EvalCase;
import io.strec.eval.EvalSplit;
import io.strec.util.BadInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The next-POI protocol of GETNext on an evaluation file in GETNext CSV form.
 *
 * <p>Training rows are the check-in table's {@code split = train} rows, or, when the table has no
 * split labels, the rows strictly before the evaluation file's first check-in. Evaluation rows are
 * grouped by trajectory and sorted by time; groups of unseen users are skipped, check-ins of unseen
 * POIs dropped, groups left with fewer than 3 check-ins skipped; the last check-in is the target.
 * History is the user's training rows plus the trajectory's earlier check-ins ({@link Mode#STRICT})
 * or every check-in of the user before the target time in the table or the evaluation file ({@link
 * Mode#ONLINE}). No exclusion.
 */
public final class GetNext {
  /** What history a case may use. */
  public enum Mode {
    STRICT,
    ONLINE
  }

  static final int MIN_TRAJECTORY = 3;

  private GetNext() {}

  public static EvalSplit build(Loaded table, List<RawEvent> evalRows, Mode mode) {
    if (evalRows.isEmpty()) {
      throw new BadInputException("the evaluation file has no check-ins");
    }
    boolean labelled = table.events().stream().anyMatch(e -> !e.split().isEmpty());
    long firstEval = evalRows.stream().mapToLong(RawEvent::epochSecond).min().orElseThrow();
    List<RawEvent> trainRows =
        table.events().stream()
            .filter(e -> labelled ? e.split().equals("train") : e.epochSecond() < firstEval)
            .toList();
    if (trainRows.isEmpty()) {
      throw new BadInputException(
          "no training rows: "
              + (labelled
                  ? "no row has split 'train'"
                  : "no check-in before the evaluation file's first one"));
    }
    Vocabulary users = Vocabulary.ofDistinct(trainRows.stream().map(RawEvent::userId).toList());
    Vocabulary items = Vocabulary.ofDistinct(trainRows.stream().map(RawEvent::itemId).toList());
    Dataset.Builder b =
        Dataset.builder(table.source() + " [getnext train]", users, items)
            .items(table.items().values());
    trainRows.forEach(b::add);
    Dataset train = b.build();

    Map<String, List<RawEvent>> trainByUser = byUserSorted(trainRows);
    Map<String, List<RawEvent>> allByUser =
        mode == Mode.ONLINE ? byUserSorted(union(table.events(), evalRows)) : Map.of();

    Map<String, List<RawEvent>> groups = new LinkedHashMap<>();
    for (RawEvent e : evalRows) {
      if (e.group().isEmpty()) {
        throw new BadInputException(
            "evaluation row at " + e.provenance() + " has no trajectory id");
      }
      groups.computeIfAbsent(e.group(), g -> new ArrayList<>()).add(e);
    }
    List<EvalCase> cases = new ArrayList<>();
    int unseenUser = 0;
    int tooShort = 0;
    int droppedCheckins = 0;
    for (var g : groups.entrySet()) {
      List<RawEvent> traj = new ArrayList<>(g.getValue());
      traj.sort(Comparator.comparingLong(RawEvent::epochSecond));
      String userId = traj.get(0).userId();
      if (!users.contains(userId)) {
        unseenUser++;
        continue;
      }
      int before = traj.size();
      traj.removeIf(e -> !items.contains(e.itemId()));
      droppedCheckins += before - traj.size();
      if (traj.size() < MIN_TRAJECTORY) {
        tooShort++;
        continue;
      }
      RawEvent target = traj.get(traj.size() - 1);
      List<RawEvent> history;
      if (mode == Mode.STRICT) {
        history = new ArrayList<>(trainByUser.getOrDefault(userId, List.of()));
        history.addAll(traj.subList(0, traj.size() - 1));
      } else {
        history =
            allByUser.getOrDefault(userId, List.of()).stream()
                .filter(e -> e.epochSecond() < target.epochSecond())
                .toList();
      }
      cases.add(Cases.of(g.getKey(), users.indexOf(userId), history, target, items, false));
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
    settings.put("train_rows", labelled ? "split = train" : "before first evaluation check-in");
    settings.put("trajectories", groups.size());
    settings.put("skipped_unseen_user", unseenUser);
    settings.put("skipped_too_short", tooShort);
    settings.put("dropped_unseen_poi_checkins", droppedCheckins);
    return new EvalSplit("getnext", train, cases, settings);
  }

  private static Map<String, List<RawEvent>> byUserSorted(List<RawEvent> events) {
    Map<String, List<RawEvent>> m = new LinkedHashMap<>();
    for (RawEvent e : events) {
      m.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(e);
    }
    m.values().forEach(l -> l.sort(Comparator.comparingLong(RawEvent::epochSecond)));
    return m;
  }

  /**
   * Table rows plus the evaluation rows that the table does not already hold (same user, item and
   * second), so that a check-in present in both counts once.
   */
  private static List<RawEvent> union(List<RawEvent> table, List<RawEvent> evalRows) {
    Set<String> keys = new HashSet<>();
    for (RawEvent e : table) {
      keys.add(e.userId() + '\u0001' + e.itemId() + '\u0001' + e.epochSecond());
    }
    List<RawEvent> all = new ArrayList<>(table);
    for (RawEvent e : evalRows) {
      if (keys.add(e.userId() + '\u0001' + e.itemId() + '\u0001' + e.epochSecond())) {
        all.add(e);
      }
    }
    return all;
  }
}
