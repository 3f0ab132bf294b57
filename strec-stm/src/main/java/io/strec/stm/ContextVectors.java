package io.strec.stm;

import io.strec.data.Dataset;
import io.strec.model.ModelContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Item vectors from the context's language-model encoder, through the encoder module's {@code
 * io.strec.model.content.CatalogueVectors.itemVectors(ModelContext, Dataset)} (which caches them in
 * the embedding store). Looked up by name so that this module builds while that class is being
 * written; a missing class is reported when vectors are first asked for.
 */
final class ContextVectors implements ItemVectors {
  static final String CLASS = "io.strec.model.content.CatalogueVectors";

  private final ModelContext context;

  private ContextVectors(ModelContext context) {
    this.context = context;
  }

  static ItemVectors of(ModelContext context) {
    return new ContextVectors(context);
  }

  @Override
  public float[][] of(Dataset data) {
    Method m;
    try {
      m = Class.forName(CLASS).getMethod("itemVectors", ModelContext.class, Dataset.class);
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      throw new IllegalStateException(
          "stm needs "
              + CLASS
              + ".itemVectors(ModelContext, Dataset) from strec-encoder for its "
              + "text part; it is not on the class path (use stm-notext to run without text)",
          e);
    }
    try {
      return (float[][]) m.invoke(null, context, data);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("computing item vectors failed", e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(CLASS + ".itemVectors is not accessible", e);
    }
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
        new UserText(
            context, false, io.strec.model.content.CatalogueVectors.behaviourText(train), items));
  }
}
