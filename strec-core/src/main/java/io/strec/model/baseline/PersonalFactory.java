package io.strec.model.baseline;

import io.strec.model.ModelContext;
import io.strec.model.ModelFactory;
import io.strec.model.ServableModel;
import io.strec.model.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code personal}: the user's own visits, decayed by age, with popularity for everything else. */
public final class PersonalFactory implements ModelFactory {
  public static final String NAME = "personal";

  /** Decay times in seconds: an hour, a day, a week, a month, and no decay (plain counts). */
  private static final double[] TAUS = {
    3_600, 86_400, 7 * 86_400, 30 * 86_400, Double.POSITIVE_INFINITY
  };

  public PersonalFactory() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "sum over the user's history visits of exp(-age / tau), plus eps * popularity / max "
        + "popularity so that unvisited items are ranked too";
  }

  @Override
  public List<Trainer> candidates() {
    List<Trainer> out = new ArrayList<>();
    for (double tau : TAUS) {
      out.add(new PersonalTrainer(tau, PersonalTrainer.DEFAULT_EPSILON));
    }
    return List.copyOf(out);
  }

  @Override
  public ServableModel load(Path dir, ModelContext context) throws IOException {
    return PersonalModel.load(dir);
  }
}
