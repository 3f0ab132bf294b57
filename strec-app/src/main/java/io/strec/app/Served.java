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

  private Served(ServableModel model, Catalogue catalogue, ModelInfo info, AtomicInteger refs) {
    if (model.numItems() != catalogue.size()) {
      throw new IllegalStateException(
          "model of " + model.numItems() + " items with a catalogue of " + catalogue.size());
    }
    this.model = model;
    this.catalogue = catalogue;
    this.ranking = new Ranking(catalogue.ids());
    this.info = info;
    this.refs = refs;
  }

  /** A newly opened model, referenced once (by the service). */
  static Served of(ServableModel model, Catalogue catalogue, ModelInfo info) {
    return new Served(model, catalogue, info, new AtomicInteger(1));
  }

  /**
   * The same model with another catalogue of the same size (changed metadata), sharing the model's
   * references; takes one more reference for the service.
   */
  Served withCatalogue(Catalogue newCatalogue, ModelInfo newInfo) {
    refs.incrementAndGet();
    return new Served(model, newCatalogue, newInfo, refs);
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
      model.close();
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

  ModelInfo info() {
    return info;
  }
}
