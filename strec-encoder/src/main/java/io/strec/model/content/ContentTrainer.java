package io.strec.model.content;

import io.strec.data.Dataset;
import io.strec.encoder.store.VectorTransform;
import io.strec.model.Model;
import io.strec.model.ModelContext;
import io.strec.model.Trainer;
import java.util.Locale;
import java.util.Optional;

/**
 * Settings of {@code content}.
 *
 * @param interest how the user's interest vector is formed
 * @param decay weight of the k-th most recent history item is decay^k ({@link Interest#ITEMS})
 * @param popWeight weight of normalised log-popularity added to the cosine score
 * @param coldPopWeight the popularity weight for users with at most 2 history events (§9.3)
 */
// {@code content} above is the model's name, not a misspelt parameter {@code context}.
@SuppressWarnings("InvalidParam")
public record ContentTrainer(
    Interest interest, double decay, double popWeight, double coldPopWeight, ModelContext context)
    implements Trainer {
  /** Where the user's interest vector comes from. */
  public enum Interest {
    /** The recency-weighted mean of the vectors of the history's items. */
    ITEMS,
    /** The encoded behaviour text of the recent history (§3.2.1). */
    TEXT,
    /** The normalised sum of both. */
    BOTH
  }

  public ContentTrainer {
    if (!(decay > 0 && decay <= 1)) {
      throw new IllegalArgumentException("decay must be in (0, 1]: " + decay);
    }
    if (!(popWeight >= 0) || !(coldPopWeight >= 0)) {
      throw new IllegalArgumentException(
          "popularity weights must be >= 0: " + popWeight + ", " + coldPopWeight);
    }
  }

  @Override
  public String describe() {
    return String.format(
        Locale.ROOT,
        "content(interest=%s,decay=%s,pop=%s,coldPop=%s)",
        interest.name().toLowerCase(Locale.ROOT),
        fmt(decay),
        fmt(popWeight),
        fmt(coldPopWeight));
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  @Override
  public Model fit(Dataset train, long seed) {
    float[][] raw = CatalogueVectors.itemVectors(context, train);
    Optional<VectorTransform> post = PostProcessing.parse(context.embeddingPost()).fit(raw);
    float[][] items = new float[raw.length][];
    for (int i = 0; i < raw.length; i++) {
      items[i] = PostProcessing.apply(post, raw[i]);
    }
    return new ContentModel(
        this, train, items, post, TextVectors.of(context), CatalogueVectors.behaviourText(train));
  }
}
