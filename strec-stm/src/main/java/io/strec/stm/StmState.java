package io.strec.stm;

import io.strec.data.Vocabulary;
import io.strec.model.History;
import io.strec.stm.data.BatchBuilder;
import io.strec.stm.data.GeoGrid;
import io.strec.stm.data.ItemText;
import io.strec.stm.data.TextNeighbours;
import io.strec.stm.data.Transitions;
import io.strec.stm.nn.SlotTerm;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a fitted {@code stm} needs besides its weights: the catalogue and its metadata, the
 * fixed inputs (text vectors, counts, places), the region grid, the transition graph, the text
 * neighbours (none when the text-neighbour term is off), each training user's events (what {@code
 * strec recommend} continues from), and provenance.
 *
 * @param text frozen language-model vectors per item (in memory, or read from the model's files),
 *     or null when text is switched off
 * @param itemTitles a short label per item (title, else first category, else empty) for
 *     explanations
 * @param histories training events per user index, oldest first
 * @param provenance data source, encoder, seed, code version and the like, for the artifact
 */
public record StmState(
    StmConfig config,
    Vocabulary items,
    Vocabulary users,
    int[] counts,
    double[] lat,
    double[] lon,
    ItemText text,
    List<String> itemTitles,
    GeoGrid grid,
    Transitions transitions,
    TextNeighbours neighbours,
    List<History> histories,
    Map<String, String> provenance) {
  public StmState {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(users, "users");
    histories = List.copyOf(histories);
    itemTitles = List.copyOf(itemTitles);
    provenance = Map.copyOf(provenance);
    int n = items.size();
    if (counts.length != n
        || lat.length != n
        || lon.length != n
        || transitions.numItems() != n
        || neighbours.numItems() != n
        || (text != null && text.size() != n)) {
      throw new IllegalArgumentException(
          "per-item arrays disagree with the catalogue of " + n + " items");
    }
    if (itemTitles.size() != n) {
      throw new IllegalArgumentException(itemTitles.size() + " item titles for " + n + " items");
    }
    if (histories.size() != users.size()) {
      throw new IllegalArgumentException(
          histories.size() + " histories for " + users.size() + " users");
    }
  }

  /** The same state with {@code provenance} in place of its own. */
  public StmState withProvenance(Map<String, String> provenance) {
    return new StmState(
        config,
        items,
        users,
        counts,
        lat,
        lon,
        text,
        itemTitles,
        grid,
        transitions,
        neighbours,
        histories,
        provenance);
  }

  /** The builder of this model's batches: its grid, and the slots of its network's slot terms. */
  public BatchBuilder batchBuilder() {
    return new BatchBuilder(
        config, grid, SlotTerm.inputs(config, transitions, neighbours, items.size()), items.size());
  }
}
