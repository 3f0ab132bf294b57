package io.strec.model.content;

import io.strec.data.Dataset;
import io.strec.encoder.store.VectorTransform;
import io.strec.model.History;
import io.strec.model.Model;
import io.strec.model.Query;
import io.strec.model.content.ContentTrainer.Interest;
import io.strec.text.BehaviourText;
import java.util.List;
import java.util.Optional;

/**
 * score(i) = cos(x_u, c_i) + w * log(1 + pop_i) / log(1 + max pop), with w the popularity weight,
 * or the cold weight when the history has at most {@link #COLD_HISTORY} events. Item vectors are
 * L2-normalised once; items without text have a zero vector and are ranked by popularity alone.
 */
final class ContentModel implements Model {
  static final int COLD_HISTORY = 2;

  private final ContentTrainer config;
  private final Dataset train;
  private final float[][] items;
  private final float[] pop;
  private final TextVectors vectors;
  private final BehaviourText behaviour;
  private final Optional<VectorTransform> post;
  private final int dim;

  /**
   * @param itemVectors item vectors, already post-processed by {@code post}
   */
  ContentModel(
      ContentTrainer config,
      Dataset train,
      float[][] itemVectors,
      Optional<VectorTransform> post,
      TextVectors vectors,
      BehaviourText behaviour) {
    this.config = config;
    this.train = train;
    this.vectors = vectors;
    this.behaviour = behaviour;
    this.post = post;
    this.dim = itemVectors.length == 0 ? vectors.dimension() : itemVectors[0].length;
    this.items = new float[itemVectors.length][];
    for (int i = 0; i < itemVectors.length; i++) {
      items[i] = normalised(itemVectors[i]);
    }
    int[] counts = train.itemCounts();
    int max = 0;
    for (int c : counts) {
      max = Math.max(max, c);
    }
    this.pop = new float[counts.length];
    for (int i = 0; i < counts.length; i++) {
      pop[i] = max == 0 ? 0f : (float) (Math.log1p(counts[i]) / Math.log1p(max));
    }
  }

  static float[] normalised(float[] v) {
    double ss = 0;
    for (float x : v) {
      ss += x * x;
    }
    float[] out = v.clone();
    if (ss > 0) {
      float inv = (float) (1 / Math.sqrt(ss));
      for (int k = 0; k < out.length; k++) {
        out[k] *= inv;
      }
    }
    return out;
  }

  @Override
  public String name() {
    return ContentModelFactory.NAME;
  }

  @Override
  public int numItems() {
    return items.length;
  }

  /**
   * The user's interest vector for a query (unit length, or zero when there is nothing to go on).
   */
  float[] interest(Query q) {
    History h = q.history();
    float[] u = new float[dim];
    if (config.interest() != Interest.TEXT) {
      double w = 1;
      for (int k = h.size() - 1; k >= 0; k--) {
        int i = h.item(k);
        if (i >= 0) {
          float[] c = items[i];
          for (int d = 0; d < dim; d++) {
            u[d] += (float) (w * c[d]);
          }
          w *= config.decay();
        }
      }
      u = normalised(u);
    }
    if (config.interest() != Interest.ITEMS) {
      String text = behaviour.render(h, train::itemInfo);
      if (!text.isEmpty()) {
        float[] t =
            normalised(PostProcessing.apply(post, vectors.encode(List.of(text), line -> {})[0]));
        for (int d = 0; d < dim; d++) {
          u[d] += t[d];
        }
        u = normalised(u);
      }
    }
    return u;
  }

  @Override
  public void score(Query query, float[] scores) {
    float[] u = interest(query);
    double w =
        query.history().size() <= COLD_HISTORY
            ? Math.max(config.popWeight(), config.coldPopWeight())
            : config.popWeight();
    for (int i = 0; i < items.length; i++) {
      float[] c = items[i];
      double s = 0;
      for (int d = 0; d < dim; d++) {
        s += u[d] * c[d];
      }
      scores[i] = (float) (s + w * pop[i]);
    }
  }
}
