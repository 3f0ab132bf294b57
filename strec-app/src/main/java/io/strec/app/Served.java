package io.strec.app;

import io.strec.eval.Ranking;
import io.strec.model.ServableModel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The model being served with its catalogue. Requests {@link #acquire} it and {@link #release} it
 * when done; the service holds one reference of its own while it is current. The model is closed
 * when the last reference goes, so a swap never pulls a model from under a running request.
 */
final class Served {
  private final ServableModel model;
  private final Catalogue catalogue;
  private final Ranking ranking;
  private final ModelInfo info;
  private final AtomicInteger refs;
  private final java.util.Optional<ItemIndex> index;

  private Served(
      ServableModel model,
      Catalogue catalogue,
      ModelInfo info,
      AtomicInteger refs,
      java.util.Optional<ItemIndex> index) {
    if (model.numItems() != catalogue.size()) {
      throw new IllegalStateException(
          "model of " + model.numItems() + " items with a catalogue of " + catalogue.size());
    }
    this.model = model;
    this.catalogue = catalogue;
    this.ranking = new Ranking(catalogue.ids());
    this.info = info;
    this.refs = refs;
    this.index = index;
  }

  /** A newly opened model, referenced once (by the service). */
  static Served of(ServableModel model, Catalogue catalogue, ModelInfo info) {
    return new Served(model, catalogue, info, new AtomicInteger(1), java.util.Optional.empty());
  }

  /**
   * A newly opened model with the item index its catalogue is searched through; takes over one
   * reference to the index.
   */
  static Served of(ServableModel model, Catalogue catalogue, ModelInfo info, ItemIndex index) {
    if (index.size() != catalogue.size()) {
      throw new IllegalStateException(
          "item index of " + index.size() + " items for a catalogue of " + catalogue.size());
    }
    return new Served(model, catalogue, info, new AtomicInteger(1), java.util.Optional.of(index));
  }

  /**
   * The same model with another catalogue of the same size (changed metadata), sharing the model's
   * references; takes one more reference for the service.
   */
  Served withCatalogue(Catalogue newCatalogue, ModelInfo newInfo) {
    refs.incrementAndGet();
    return new Served(model, newCatalogue, newInfo, refs, index);
  }

  /** Takes a reference; false when the model is already closed. */
  boolean acquire() {
    for (; ; ) {
      int n = refs.get();
      if (n == 0) {
        return false;
      }
      if (refs.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  void release() {
    if (refs.decrementAndGet() == 0) {
      try {
        model.close();
      } finally {
        index.ifPresent(ItemIndex::release);
      }
    }
  }

  ServableModel model() {
    return model;
  }

  Catalogue catalogue() {
    return catalogue;
  }

  Ranking ranking() {
    return ranking;
  }

  /** The item index, when the catalogue is searched in two stages. */
  java.util.Optional<ItemIndex> index() {
    return index;
  }

  ModelInfo info() {
    return info;
  }
}
