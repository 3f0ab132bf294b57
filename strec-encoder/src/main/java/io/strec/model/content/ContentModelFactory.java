package io.strec.model.content;

import io.strec.model.ModelContext;
import io.strec.model.ModelFactory;
import io.strec.model.Trainer;
import io.strec.model.content.ContentTrainer.Interest;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code content}: cosine similarity of language-model vectors of the user's interest and the
 * items.
 */
public final class ContentModelFactory implements ModelFactory {
  public static final String NAME = "content";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "cosine(user interest, item text vector) + pop weight * log-popularity; interest = encoded behaviour text "
        + "and/or recency-weighted mean of history item vectors; users with <= 2 events lean on popularity";
  }

  @Override
  public List<Trainer> candidates() {
    return candidates(ModelContext.defaults());
  }

  @Override
  public List<Trainer> candidates(ModelContext context) {
    List<Trainer> out = new ArrayList<>();
    for (Interest interest : Interest.values()) {
      for (double pop : new double[] {0.0, 0.05, 0.2}) {
        out.add(new ContentTrainer(interest, 0.8, pop, 0.5, context));
      }
    }
    return out;
  }
}
