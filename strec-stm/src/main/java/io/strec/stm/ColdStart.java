package io.strec.stm;

import ai.djl.ndarray.NDManager;
import io.strec.data.Item;
import io.strec.data.Vocabulary;
import io.strec.model.ModelContext;
import io.strec.stm.data.ItemText;
import io.strec.stm.data.NeighbourRows;
import io.strec.stm.data.NeighbourSpace;
import io.strec.stm.data.TextNeighbours;
import io.strec.stm.nn.Network;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Grows a fitted {@code stm}'s catalogue without refitting ({@link StmModel#withItems}, which
 * states the rules). The new model has its own manager and a copy of every weight.
 */
final class ColdStart {
  /** Provenance key counting the items added to the fitted catalogue. */
  static final String ITEMS_ADDED = "items_added";

  private ColdStart() {}

  static StmModel grow(StmModel model, List<Item> added) {
    StmState s = model.state();
    int old = s.items().size();
    int n = old + added.size();
    List<String> ids = new ArrayList<>(s.items().ids());
    for (Item item : added) {
      if (s.items().contains(item.id())) {
        throw new IllegalArgumentException(
            "item '" + item.id() + "' is already in the catalogue of " + old + " items");
      }
      ids.add(item.id());
    }
    Vocabulary items = Vocabulary.of(ids);
    int[] counts = Arrays.copyOf(s.counts(), n);
    double[] lat = Arrays.copyOf(s.lat(), n);
    double[] lon = Arrays.copyOf(s.lon(), n);
    List<String> titles = new ArrayList<>(s.itemTitles());
    for (int j = 0; j < added.size(); j++) {
      lat[old + j] = added.get(j).latitude();
      lon[old + j] = added.get(j).longitude();
      titles.add(StmTrainer.title(added.get(j)));
    }
    Map<String, String> provenance = new LinkedHashMap<>(s.provenance());
    float[][] fresh = null;
    if (s.text() != null) {
      String template = provenance.getOrDefault("item_text", ContextVectors.template(s.lat()));
      provenance.put("item_text", template);
      fresh = vectors(model, template, added);
    }
    int before = Integer.parseInt(provenance.getOrDefault(ITEMS_ADDED, "0"));
    provenance.put(ITEMS_ADDED, Integer.toString(before + added.size()));

    // The old rows are shared with the fitted model (read from its files when it was loaded).
    ItemText text = fresh == null ? null : s.text().plus(fresh);
    NDManager manager = NDManager.newBaseManager(model.device());
    UserText user = null;
    TextNeighbours neighbours = null;
    try {
      StmConfig config = s.config();
      NeighbourRows rows = null;
      if (config.usesTextNeighbours()) {
        // The fitted items' rows are the model's own text's first ones; the space is fitted to
        // the rows of the items it was fitted on, ahead of any added before.
        ItemText fitted = s.text();
        NeighbourRows mine =
            model.neighbourRows(
                () -> NeighbourRows.of(fitted, old, neighbourSpace(config, fitted, old - before)));
        rows = mine.plus(fresh);
        neighbours = s.neighbours().withItems(text, rows, config.textNeighbours(), manager);
      } else {
        neighbours = TextNeighbours.none(n);
      }
      StmState grown =
          new StmState(
              config,
              items,
              s.users(),
              counts,
              lat,
              lon,
              text,
              titles,
              s.grid(),
              s.transitions().withItems(added.size()),
              neighbours,
              s.histories(),
              provenance);
      user = model.userText().map(u -> u.withItems(added)).orElse(null);
      Network network = StmModel.network(grown, manager, user);
      network.params().load(weights(model.network().params().values(), old, n, config.dim(), s));
      // The fitted items' vectors are unchanged (so are their weights): only the added ones are
      // computed, not a million old ones again.
      network.freeze(model.itemFactors().vectors());
      StmModel out =
          new StmModel(model.name(), grown, network, manager, user, model.context().orElse(null));
      if (rows != null) {
        out.keepNeighbourRows(rows);
      }
      return out;
    } catch (RuntimeException | Error e) {
      try {
        manager.close();
      } finally {
        try {
          if (user != null) {
            user.close();
          }
        } finally {
          try {
            if (text != null) {
              text.close();
            }
          } finally {
            if (neighbours != null) {
              neighbours.close();
            }
          }
        }
      }
      throw e;
    }
  }

  /**
   * The space the model's text-neighbour lists were sought in ({@link NeighbourSpace}), fitted
   * again from the text of its first {@code fitted} items: those it was fitted on.
   */
  private static UnaryOperator<float[]> neighbourSpace(
      StmConfig config, ItemText text, int fitted) {
    return config.neighbourText() == StmConfig.TextInput.WHITENED
        ? NeighbourSpace.whitened(text, fitted)
        : NeighbourSpace.unit();
  }

  /**
   * The fitted weights over the grown catalogue: zero ID embeddings for the new items, and the mean
   * bias of the items with no training event (0 when there are none) as their bias.
   */
  private static Map<String, float[]> weights(
      Map<String, float[]> fitted, int old, int n, int dim, StmState s) {
    Map<String, float[]> out = new LinkedHashMap<>(fitted);
    float[] emb = fitted.get("id.emb");
    if (emb != null) {
      out.put("id.emb", Arrays.copyOf(emb, n * dim));
    }
    float[] bias = fitted.get("id.bias");
    if (bias != null) {
      float[] grown = Arrays.copyOf(bias, n);
      Arrays.fill(grown, old, n, unseenBias(bias, s.counts()));
      out.put("id.bias", grown);
    }
    return out;
  }

  /** Mean bias of the items never seen in training; 0, the initial bias, when there are none. */
  static float unseenBias(float[] bias, int[] counts) {
    double sum = 0;
    int k = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == 0) {
        sum += bias[i];
        k++;
      }
    }
    return k == 0 ? 0f : (float) (sum / k);
  }

  /**
   * The frozen vectors of {@code added}, encoded as the catalogue's were: by the recorded encoder,
   * in the model's context when it is of that encoder, else in a context opened for this call.
   */
  private static float[][] vectors(StmModel model, String template, List<Item> added) {
    Map<String, String> p = model.state().provenance();
    String post = p.getOrDefault("embedding_post", "none");
    if (!post.equals("none")) {
      throw new IllegalStateException(
          "cannot add items to "
              + model.name()
              + ": its item vectors were post-processed with '"
              + post
              + "' and the fitted transform was not kept, so new items' vectors would be on"
              + " another scale; fit the model again with the new items");
    }
    String encoder = p.get("encoder");
    if (encoder == null) {
      throw new IllegalStateException(
          "cannot add items to " + model.name() + ": its provenance does not name the encoder");
    }
    if (added.isEmpty()) {
      return new float[0][];
    }
    float[][] out;
    Optional<ModelContext> kept = model.context().filter(c -> c.encoder().equals(encoder));
    if (kept.isPresent()) {
      out = ContextVectors.encode(kept.get(), template, added);
    } else {
      try (ModelContext own = new ModelContext(encoder, Optional.empty(), line -> {})) {
        out = ContextVectors.encode(own, template, added);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            "cannot encode the text of new items for "
                + model.name()
                + ": the catalogue's vectors came from encoder '"
                + encoder
                + "', which cannot be opened here ("
                + e.getMessage()
                + ")",
            e);
      }
    }
    int dim = model.state().text().dim();
    for (int j = 0; j < out.length; j++) {
      if (out[j].length != dim) {
        throw new IllegalStateException(
            "encoder '"
                + encoder
                + "' gives "
                + out[j].length
                + "-d vectors, the catalogue's are "
                + dim
                + "-d");
      }
    }
    return out;
  }
}
