package io.strec.model.baseline;

import io.strec.model.ModelContext;
import io.strec.model.ModelFactory;
import io.strec.model.ServableModel;
import io.strec.model.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code markov}: first-order item-to-item transitions smoothed toward popularity. */
public final class MarkovFactory implements ModelFactory {
  public static final String NAME = "markov";

  private static final double[] ALPHAS = {0.1, 1, 10, 100, 1000};

  public MarkovFactory() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "(c(last -> i) + alpha * p_pop(i)) / (c(last) + alpha) from the last catalogue item of "
        + "the history; popularity share when there is none";
  }

  @Override
  public List<Trainer> candidates() {
    List<Trainer> out = new ArrayList<>();
    for (double a : ALPHAS) {
      out.add(new MarkovTrainer(a));
    }
    return List.copyOf(out);
  }

  @Override
  public ServableModel load(Path dir, ModelContext context) throws IOException {
    return MarkovModel.load(dir);
  }
}
