package io.strec.model.baseline;

import io.strec.data.Item;
import io.strec.model.History;
import io.strec.model.Query;
import io.strec.model.ServableModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Score of item i for a query at time t:
 *
 * <pre>
 *   score = sum_{history events k with item i} exp(-max(0, t - t_k) / tau) + eps * c(i) / max c
 * </pre>
 *
 * History events outside the catalogue (item -1) are skipped. With tau infinite every visit counts
 * 1. Ages are clamped at 0 so an event stamped after the query cannot overflow the exponential.
 *
 * <p>An item added by {@link #withItems} has no training events, c = 0: it scores the decayed sum
 * of the history's visits to it, 0 when there are none.
 *
 * <p>Saved as {@link BaselineFile} layout version {@value #FILE_VERSION}: tau in seconds, eps
 * (float64, tau may be infinite), then c(i) / max c per item (float64 array).
 */
final class PersonalModel implements ServableModel {
  static final int FILE_VERSION = 1;

  private final double[] popByMax;
  private final double tauSeconds;
  private final double epsilon;

  PersonalModel(double[] popByMax, double tauSeconds, double epsilon) {
    this.popByMax = popByMax;
    this.tauSeconds = tauSeconds;
    this.epsilon = epsilon;
  }

  @Override
  public String name() {
    return PersonalFactory.NAME;
  }

  @Override
  public int numItems() {
    return popByMax.length;
  }

  @Override
  public void score(Query query, float[] scores) {
    int n = popByMax.length;
    Scores.requireRoom(scores, n);
    double[] acc = new double[n];
    History h = query.history();
    boolean decays = !Double.isInfinite(tauSeconds);
    for (int k = 0; k < h.size(); k++) {
      int i = h.item(k);
      if (i < 0) {
        continue;
      }
      double age = Math.max(0, query.epochSecond() - h.time(k));
      acc[i] += decays ? Math.exp(-age / tauSeconds) : 1.0;
    }
    for (int i = 0; i < n; i++) {
      scores[i] = (float) (acc[i] + epsilon * popByMax[i]);
    }
  }

  @Override
  public PersonalModel withItems(List<Item> added) {
    return new PersonalModel(
        Arrays.copyOf(popByMax, popByMax.length + added.size()), tauSeconds, epsilon);
  }

  @Override
  public void save(Path dir) throws IOException {
    try (BaselineFile.Out out = BaselineFile.create(dir, name(), FILE_VERSION)) {
      out.writeDouble(tauSeconds);
      out.writeDouble(epsilon);
      out.doubles(popByMax);
    }
  }

  static PersonalModel load(Path dir) throws IOException {
    try (BaselineFile.In in = BaselineFile.open(dir, PersonalFactory.NAME, FILE_VERSION)) {
      double tau = in.readDouble("tau");
      double eps = in.readDouble("epsilon");
      PersonalTrainer cfg = in.settings(() -> new PersonalTrainer(tau, eps));
      double[] popByMax = in.doubles("the scaled popularity");
      in.end();
      return new PersonalModel(popByMax, cfg.tauSeconds(), cfg.epsilon());
    }
  }
}
