package io.strec.eval.protocol;

import io.strec.data.Dataset;
import io.strec.data.Loaded;
import io.strec.data.RawEvent;
import io.strec.data.Vocabulary;
import io.strec.eval.EvalCase;
import io.strec.eval.EvalSplit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Leave-one-out by time: per user, events sorted by time (ties in file order); the last is the test
 * case, the second-to-last the valid case, the rest train. One set of training rows serves both.
 * The catalogue is every item in the events or the item metadata.
 */
public final class LeaveOneOut {
  /** Which held-out event to evaluate. */
  public enum Split {
    VALID,
    TEST
  }

  private LeaveOneOut() {}

  public static EvalSplit build(Loaded data, Split split, boolean exclude) {
    Map<String, List<RawEvent>> byUser = new LinkedHashMap<>();
    for (RawEvent e : data.events()) {
      byUser.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(e);
    }
    LinkedHashSet<String> itemIds = new LinkedHashSet<>(data.items().keySet());
    data.events().forEach(e -> itemIds.add(e.itemId()));
    Vocabulary users = Vocabulary.of(byUser.keySet());
    Vocabulary items = Vocabulary.of(itemIds);
    Dataset.Builder train =
        Dataset.builder(data.source() + " [loo train]", users, items).items(data.items().values());
    List<EvalCase> cases = new ArrayList<>();
    int noCase = 0;
    for (var entry : byUser.entrySet()) {
      List<RawEvent> evs = new ArrayList<>(entry.getValue());
      evs.sort(Comparator.comparingLong(RawEvent::epochSecond));
      int n = evs.size();
      for (int k = 0; k < n - 2; k++) {
        train.add(evs.get(k));
      }
      int targetPos = split == Split.TEST ? n - 1 : n - 2;
      if (targetPos < 0) {
        noCase++;
        continue;
      }
      int u = users.indexOf(entry.getKey());
      String id = entry.getKey() + "/" + split.name().toLowerCase(java.util.Locale.ROOT);
      cases.add(Cases.of(id, u, evs.subList(0, targetPos), evs.get(targetPos), items, exclude));
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("split", split.name().toLowerCase(java.util.Locale.ROOT));
    settings.put("exclude_history", exclude);
    settings.put("users_without_case", noCase);
    return new EvalSplit("loo", train.build(), cases, settings);
  }
}
