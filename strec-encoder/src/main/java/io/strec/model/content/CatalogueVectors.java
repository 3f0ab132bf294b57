package io.strec.model.content;

import io.strec.data.Dataset;
import io.strec.model.ModelContext;
import io.strec.text.BehaviourText;
import io.strec.text.ItemText;
import java.util.ArrayList;
import java.util.List;

/**
 * Language-model vectors of a catalogue and of behaviour texts, through the context's shared
 * encoder and embedding store (texts already stored are not encoded again). For models that use
 * frozen text features, such as {@code content} and {@code stm}.
 */
public final class CatalogueVectors {
  private CatalogueVectors() {}

  /**
   * One vector per catalogue item of {@code train}, in index order, from its rendered text ({@link
   * ItemText#defaultFor}: the place template when items have locations); items without any text get
   * a zero vector.
   */
  public static float[][] itemVectors(ModelContext context, Dataset train) {
    ItemText itemText = ItemText.defaultFor(hasPlaces(train));
    List<String> texts = new ArrayList<>(train.numItems());
    for (int i = 0; i < train.numItems(); i++) {
      texts.add(itemText.render(train.itemInfo(i)));
    }
    TextVectors vectors = TextVectors.of(context);
    float[][] out = vectors.encode(texts, context.log());
    vectors.save();
    return out;
  }

  /**
   * Vectors of {@code texts} in order (zero vectors for blank texts), encoding only those not in
   * the store yet; new vectors stay in memory until the context is closed, or are saved now when
   * {@code save} is set. Safe to call from several threads.
   */
  public static float[][] encodeAll(
      ModelContext context,
      List<String> texts,
      java.util.function.Consumer<String> progress,
      boolean save) {
    TextVectors vectors = TextVectors.of(context);
    float[][] out = vectors.encode(texts, progress);
    if (save) {
      vectors.save();
    }
    return out;
  }

  /** The dimension of the context's encoder (opening it if needed). */
  public static int dimension(ModelContext context) {
    return TextVectors.of(context).dimension();
  }

  /** The vector of one text (a zero vector for a blank text). */
  public static float[] encode(ModelContext context, String text) {
    return TextVectors.of(context).encode(List.of(text), line -> {})[0];
  }

  /** The encoder's model id, for provenance. */
  public static String encoderId(ModelContext context) {
    return TextVectors.of(context).modelId();
  }

  /** The default behaviour-text renderer for this data: with clock times, or order only. */
  public static BehaviourText behaviourText(Dataset train) {
    return BehaviourText.defaultFor(hasClockTime(train));
  }

  static boolean hasPlaces(Dataset d) {
    for (int i = 0; i < d.numItems(); i++) {
      if (!Double.isNaN(d.itemLatitude(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether event times are clock times rather than sequence positions (order-only data such as the
   * UniSRec files stores positions 0, 1, 2, ...).
   */
  static boolean hasClockTime(Dataset d) {
    for (int e = 0; e < d.numEvents(); e++) {
      if (d.time(e) > 10_000_000L) {
        return true;
      }
    }
    return false;
  }
}
