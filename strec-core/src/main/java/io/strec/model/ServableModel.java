package io.strec.model;

import io.strec.data.Item;
import io.strec.data.Vocabulary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model that can be saved to a model directory, loaded back by its {@link ModelFactory}, and
 * served: its catalogue can grow while it runs. Everything {@code strec serve} and {@code strec
 * recommend} serve is a servable model.
 *
 * <p>The model's item indices are those of the catalogue it was fitted on, in order, followed by
 * the items added through {@link #withItems}, in the order they were added.
 */
public interface ServableModel extends Model {
  /**
   * Writes this model's own files into {@code dir}, which exists and is empty. The directory's
   * format file, provenance, catalogue and checksums are written by {@link
   * io.strec.model.artifact.ModelDirectory}, not here.
   */
  void save(Path dir) throws IOException;

  /**
   * A model over this catalogue followed by {@code added} (in order), which scores the new items
   * from what is known of them (text, place, categories) without refitting: cold start for items.
   * This model is left unchanged and keeps its resources; the two share no native resources, so
   * each is closed on its own.
   *
   * @param added items whose ids are not in this catalogue
   */
  ServableModel withItems(List<Item> added);

  /**
   * This model as it is saved for a server, whose users' histories live in the event store: the
   * same scores for any query, but what {@link #save} writes holds no per-user record (training
   * histories, user ids), so forgetting a user in the store leaves nothing of theirs in the model's
   * files but what the weights learned. A view that shares this model's resources: close only this
   * model. Models that save no per-user record return themselves.
   */
  default ServableModel withoutUserRecords() {
    return this;
  }

  /**
   * The model's own id vocabulary of its items, when it keeps one: a model directory opened over it
   * reuses it instead of building a second (at a million items, some 150 MB and a sort of every
   * id). Empty by default.
   */
  default Optional<Vocabulary> itemIds() {
    return Optional.empty();
  }

  /**
   * What fitting found that provenance should record besides the data, seed and settings, e.g.
   * {@code epochs_trained}, {@code encoder}, {@code device}; empty by default.
   */
  default Map<String, String> trainingSummary() {
    return Map.of();
  }
}
