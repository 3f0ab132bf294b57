package io.strec.model.baseline;

import io.strec.model.ModelContext;
import io.strec.model.ModelFactory;
import io.strec.model.ServableModel;
import io.strec.model.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code time-pop}: popularity at the query's local hour of week, smoothed toward overall
 * popularity.
 */
public final class TimePopFactory implements ModelFactory {
  public static final String NAME = "time-pop";

  private static final double[] ALPHAS = {0.1, 0.5, 2, 10};
  private static final int[] WINDOWS = {0, 1};

  public TimePopFactory() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "popularity in the query's local hour of week (+-window hours), smoothed by alpha toward "
        + "the item's mean hourly count";
  }

  @Override
  public List<Trainer> candidates() {
    List<Trainer> out = new ArrayList<>();
    for (int w : WINDOWS) {
      for (double a : ALPHAS) {
        out.add(new TimePopTrainer(a, w));
      }
    }
    return List.copyOf(out);
  }

  @Override
  public ServableModel load(Path dir, ModelContext context) throws IOException {
    return TimePopModel.load(dir);
  }
}
