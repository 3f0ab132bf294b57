package io.strec.model.baseline;

import io.strec.model.ModelContext;
import io.strec.model.ModelFactory;
import io.strec.model.ServableModel;
import io.strec.model.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code pop}: every query gets the global training counts. */
public final class PopFactory implements ModelFactory {
  public static final String NAME = "pop";

  public PopFactory() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "global popularity: score = number of training events of the item";
  }

  @Override
  public List<Trainer> candidates() {
    return List.of(new PopTrainer());
  }

  @Override
  public ServableModel load(Path dir, ModelContext context) throws IOException {
    return PopModel.load(dir);
  }
}
