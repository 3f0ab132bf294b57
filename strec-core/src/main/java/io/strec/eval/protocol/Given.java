package io.strec.eval.protocol;

import io.strec.data.Dataset;
import io.strec.data.Loaded;
import io.strec.data.RawEvent;
import io.strec.data.Vocabulary;
import io.strec.data.io.AtomicSource.SequenceRow;
import io.strec.eval.EvalCase;
import io.strec.eval.EvalSplit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Cases given row by row in an atomic {@code .inter} file: the item list is the history (oldest
 * first), the item id the target. Training events come from the training file. The catalogue is
 * every item of the training events, the evaluation rows and the item metadata. No exclusion by
 * default. Sequences have no clock: a history event's time is its position, the query time the
 * history length.
 */
public final class Given {
  private Given() {}

  public static EvalSplit build(Loaded train, List<SequenceRow> evalRows, boolean exclude) {
    LinkedHashSet<String> itemIds = new LinkedHashSet<>();
    train.events().forEach(e -> itemIds.add(e.itemId()));
    for (SequenceRow r : evalRows) {
      itemIds.addAll(r.history());
      itemIds.add(r.target());
    }
    itemIds.addAll(train.items().keySet());
    Vocabulary users =
        Vocabulary.ofDistinct(train.events().stream().map(RawEvent::userId).toList());
    Vocabulary items = Vocabulary.of(itemIds);
    Dataset.Builder b =
        Dataset.builder(train.source() + " [given train]", users, items)
            .items(train.items().values());
    train.events().forEach(b::add);
    List<EvalCase> cases = new ArrayList<>();
    int unknownUsers = 0;
    for (SequenceRow r : evalRows) {
      List<RawEvent> history = new ArrayList<>();
      for (int k = 0; k < r.history().size(); k++) {
        history.add(RawEvent.of(r.user(), r.history().get(k), k, r.provenance()));
      }
      RawEvent target = RawEvent.of(r.user(), r.target(), r.history().size(), r.provenance());
      int u = users.indexOrMinusOne(r.user());
      if (u < 0) {
        unknownUsers++;
      }
      cases.add(
          Cases.of(r.user() + "@" + r.provenance().line(), u, history, target, items, exclude));
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("exclude_history", exclude);
    settings.put("cases_with_unknown_user", unknownUsers);
    return new EvalSplit("given", b.build(), cases, settings);
  }
}
