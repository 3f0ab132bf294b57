package io.strec.model.baseline;

import io.strec.model.ModelContext;
import io.strec.model.ModelFactory;
import io.strec.model.ServableModel;
import io.strec.model.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code geo-pop}: log popularity plus an exponential distance decay fitted on training moves. */
public final class GeoPopFactory implements ModelFactory {
  public static final String NAME = "geo-pop";

  private static final double[] WEIGHTS = {0.01, 0.03, 0.1, 0.3, 1, 3, 10};

  public GeoPopFactory() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "w * log(1 + count) - distance(query place, item) / s, with s the mean distance between "
        + "consecutive training events of a user (exponential decay, maximum likelihood)";
  }

  @Override
  public List<Trainer> candidates() {
    List<Trainer> out = new ArrayList<>();
    for (double w : WEIGHTS) {
      out.add(new GeoPopTrainer(w));
    }
    return List.copyOf(out);
  }

  @Override
  public ServableModel load(Path dir, ModelContext context) throws IOException {
    return GeoPopModel.load(dir);
  }
}
