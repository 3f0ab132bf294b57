package io.strec.stm;

import io.strec.data.Dataset;
import io.strec.model.ModelContext;
import io.strec.model.content.CatalogueVectors;

/**
 * Item vectors and behaviour-text vectors from the context's language-model encoder, through {@link
 * CatalogueVectors} (which caches them in the embedding store).
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
    return CatalogueVectors.itemVectors(context, data);
  }

  @Override
  public String encoderId() {
    return context.encoder();
  }

  @Override
  public java.util.Optional<UserText> userText(Dataset train) {
    java.util.List<io.strec.data.Item> items = new java.util.ArrayList<>(train.numItems());
    for (int i = 0; i < train.numItems(); i++) {
      items.add(train.itemInfo(i));
    }
    return java.util.Optional.of(
        new UserText(context, false, CatalogueVectors.behaviourText(train), items));
  }
}
