package io.strec.spark.recommend;

import io.strec.data.Item;
import io.strec.data.Vocabulary;
import io.strec.eval.Ranking;
import io.strec.model.ModelContext;
import io.strec.model.ModelRegistry;
import io.strec.model.ServableModel;
import io.strec.model.artifact.ModelDirectory;
import io.strec.spark.ingest.EventRows;
import io.strec.util.Closing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * A broadcast model opened on an executor: the model (extended by the items only the data knows),
 * its catalogue ids, the tie rule over them and the items never to recommend. Closing it closes the
 * model and its context and deletes its copy of the directory.
 */
final class ServedModel implements AutoCloseable {
  private final ServableModel model;
  private final Vocabulary ids;
  private final Ranking ranking;
  private final BitSet absent;
  private final ModelContext context;
  private final Path dir;

  private ServedModel(
      ServableModel model, Vocabulary ids, BitSet absent, ModelContext context, Path dir) {
    this.model = model;
    this.ids = ids;
    this.ranking = new Ranking(ids);
    this.absent = absent;
    this.context = context;
    this.dir = dir;
  }

  static ServedModel open(ModelPayload p) throws IOException {
    Path dir = Files.createTempDirectory("strec-model-");
    ModelContext context = new ModelContext(p.encoder(), Optional.empty(), line -> {});
    try {
      p.materialize(dir);
      ModelDirectory.Opened opened = ModelDirectory.open(dir, ModelRegistry.load(), context);
      ServableModel model = opened.model();
      Vocabulary ids = opened.items();
      if (!p.added().isEmpty()) {
        List<Item> added = p.added().stream().map(EventRows::item).toList();
        try {
          model = opened.model().withItems(added);
        } finally {
          opened.model().close();
        }
        ids = ids.extendedWith(added.stream().map(Item::id).toList());
      }
      BitSet absent = p.absentItems();
      if (absent.length() > ids.size()) {
        model.close();
        throw new IllegalStateException(
            "absent items up to index " + absent.length() + " in a catalogue of " + ids.size());
      }
      return new ServedModel(model, ids, absent, context, dir);
    } catch (IOException | RuntimeException | Error e) {
      Closing.closeOnFailure(e, context, () -> ModelDirectory.deleteTree(dir));
      throw e;
    }
  }

  ServableModel model() {
    return model;
  }

  Vocabulary ids() {
    return ids;
  }

  Ranking ranking() {
    return ranking;
  }

  /** A fresh copy of the items never to recommend. */
  BitSet absent() {
    return (BitSet) absent.clone();
  }

  @Override
  public void close() throws IOException {
    try (context) {
      model.close();
    } finally {
      ModelDirectory.deleteTree(dir);
    }
  }
}
