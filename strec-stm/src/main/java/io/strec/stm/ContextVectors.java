package io.strec.stm;

import io.strec.data.Dataset;
import io.strec.data.Item;
import io.strec.model.ModelContext;
import io.strec.model.content.CatalogueVectors;
import io.strec.text.ItemText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Item vectors and behaviour-text vectors from the context's language-model encoder, through {@link
 * CatalogueVectors} (which caches them in the embedding store). Items are rendered by the template
 * {@link ItemText#defaultFor} picks for the catalogue; the fitted model records it ({@code
 * item_text}) so that items added later are rendered and encoded alike.
 */
final class ContextVectors implements ItemVectors {
  private final ModelContext context;

  private ContextVectors(ModelContext context) {
    this.context = context;
  }

  static ItemVectors of(ModelContext context) {
    return new ContextVectors(context);
  }

  @Override
  public float[][] of(Dataset data) {
    List<Item> items = new ArrayList<>(data.numItems());
    for (int i = 0; i < data.numItems(); i++) {
      items.add(data.itemInfo(i));
    }
    return encode(context, template(data), items);
  }

  @Override
  public String encoderId() {
    return context.encoder();
  }

  @Override
  public Optional<String> itemText(Dataset data) {
    return Optional.of(template(data));
  }

  @Override
  public Optional<ModelContext> context() {
    return Optional.of(context);
  }

  @Override
  public Optional<UserText> userText(Dataset train) {
    List<Item> items = new ArrayList<>(train.numItems());
    for (int i = 0; i < train.numItems(); i++) {
      items.add(train.itemInfo(i));
    }
    return Optional.of(new UserText(context, false, CatalogueVectors.behaviourText(train), items));
  }

  /** The template of {@link ItemText#defaultFor}: for places when some item has a location. */
  static String template(Dataset data) {
    double[] lat = new double[data.numItems()];
    for (int i = 0; i < lat.length; i++) {
      lat[i] = data.itemLatitude(i);
    }
    return template(lat);
  }

  /** The template for a catalogue with these item latitudes (NaN when unknown). */
  static String template(double[] lat) {
    for (double v : lat) {
      if (!Double.isNaN(v)) {
        return ItemText.PLACE;
      }
    }
    return ItemText.GENERIC;
  }

  /**
   * The vectors of {@code items}, rendered by {@code template} and encoded in {@code context} (zero
   * vectors for items without text); new vectors are saved to the context's store.
   */
  static float[][] encode(ModelContext context, String template, List<Item> items) {
    ItemText render = new ItemText(template);
    List<String> texts = new ArrayList<>(items.size());
    for (Item item : items) {
      texts.add(render.render(item));
    }
    return CatalogueVectors.encodeAll(context, texts, context.log(), true);
  }
}
