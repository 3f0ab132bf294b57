package io.strec.app;

import io.strec.data.Dataset;
import io.strec.data.Loaded;
import io.strec.data.RawEvent;
import io.strec.data.Vocabulary;
import io.strec.model.Model;
import io.strec.model.ModelContext;
import io.strec.model.ModelFactory;
import io.strec.model.ServableModel;
import io.strec.model.Trainer;
import io.strec.model.artifact.ModelDirectory;
import io.strec.model.artifact.ModelProvenance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Fitting a model for serving: on every event there is (no held-out cases), then saving it. */
public final class Training {
  private Training() {}

  /**
   * Every event of {@code data} as one training set, each user's events in time order; the
   * catalogue is every item of the metadata and of the events.
   */
  public static Dataset allEvents(Loaded data) {
    Map<String, List<RawEvent>> byUser = new LinkedHashMap<>();
    for (RawEvent e : data.events()) {
      byUser.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(e);
    }
    LinkedHashSet<String> itemIds = new LinkedHashSet<>(data.items().keySet());
    data.events().forEach(e -> itemIds.add(e.itemId()));
    Dataset.Builder b =
        Dataset.builder(
                data.source() + " [all events]",
                Vocabulary.of(byUser.keySet()),
                Vocabulary.of(itemIds))
            .items(data.items().values());
    for (List<RawEvent> evs : byUser.values()) {
      List<RawEvent> sorted = new ArrayList<>(evs);
      sorted.sort(Comparator.comparingLong(RawEvent::epochSecond));
      sorted.forEach(b::add);
    }
    return b.build();
  }

  /**
   * Fits the family's first setting (its default) on {@code data} with {@code seed} and writes the
   * model directory to {@code out}, without per-user records ({@link
   * ServableModel#withoutUserRecords}).
   *
   * @return the provenance written
   * @throws IllegalArgumentException when the family cannot be saved
   */
  public static ModelProvenance trainAndSave(
      ModelFactory factory, ModelContext context, Dataset data, long seed, Path out)
      throws IOException {
    Trainer trainer = factory.candidates(context).get(0);
    try (Model fitted = trainer.fit(data, seed)) {
      if (!(fitted instanceof ServableModel model)) {
        throw new IllegalArgumentException(
            "model '" + factory.name() + "' cannot be saved, so it cannot be served");
      }
      ModelProvenance provenance =
          ModelProvenance.of(model.name(), trainer.describe(), data, seed, model.trainingSummary());
      // Served histories come from the store: the saved model keeps no per-user record, so
      // forgetting a user leaves nothing of theirs in its files.
      ModelDirectory.write(out, model.withoutUserRecords(), data.items(), provenance);
      return provenance;
    }
  }
}
