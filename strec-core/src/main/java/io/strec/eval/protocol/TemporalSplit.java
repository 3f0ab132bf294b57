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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A global temporal split: events strictly before the cut-off train; every later event is a case,
 * with every earlier event of its user as history. The catalogue is the items of the training
 * events plus every item with metadata, so items first seen after the cut-off can still be ranked
 * by models that read their text (cold-start items). Cases whose target is outside the catalogue
 * are dropped and counted.
 */
public final class TemporalSplit {
  private TemporalSplit() {}

  public static EvalSplit build(Loaded data, long cutoffEpochSecond, boolean exclude) {
    List<RawEvent> trainRows =
        data.events().stream().filter(e -> e.epochSecond() < cutoffEpochSecond).toList();
    if (trainRows.isEmpty()) {
      throw new BadInputException(
          "no event before the cut-off " + java.time.Instant.ofEpochSecond(cutoffEpochSecond));
    }
    LinkedHashSet<String> userIds = new LinkedHashSet<>();
    data.events().forEach(e -> userIds.add(e.userId()));
    LinkedHashSet<String> itemIds = new LinkedHashSet<>();
    trainRows.forEach(e -> itemIds.add(e.itemId()));
    itemIds.addAll(data.items().keySet());
    Vocabulary users = Vocabulary.of(userIds);
    Vocabulary items = Vocabulary.of(itemIds);
    Dataset.Builder b =
        Dataset.builder(data.source() + " [temporal train]", users, items)
            .items(data.items().values());
    trainRows.forEach(b::add);
    Map<String, List<RawEvent>> byUser = new LinkedHashMap<>();
    for (RawEvent e : data.events()) {
      byUser.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(e);
    }
    List<EvalCase> cases = new ArrayList<>();
    int outside = 0;
    for (var entry : byUser.entrySet()) {
      List<RawEvent> evs = new ArrayList<>(entry.getValue());
      evs.sort(Comparator.comparingLong(RawEvent::epochSecond));
      int u = users.indexOf(entry.getKey());
      for (int k = 0; k < evs.size(); k++) {
        RawEvent e = evs.get(k);
        if (e.epochSecond() < cutoffEpochSecond) {
          continue;
        }
        if (!items.contains(e.itemId())) {
          outside++;
          continue;
        }
        cases.add(Cases.of(entry.getKey() + "#" + k, u, evs.subList(0, k), e, items, exclude));
      }
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("cutoff", java.time.Instant.ofEpochSecond(cutoffEpochSecond).toString());
    settings.put("exclude_history", exclude);
    settings.put("dropped_target_outside_catalogue", outside);
    return new EvalSplit("temporal", b.build(), cases, settings);
  }
}
