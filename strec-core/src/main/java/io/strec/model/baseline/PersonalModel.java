package io.strec.model.baseline;

import io.strec.model.History;
import io.strec.model.Model;
import io.strec.model.Query;

/**
 * Score of item i for a query at time t:
 *
 * <pre>
 *   score = sum_{history events k with item i} exp(-max(0, t - t_k) / tau) + eps * c(i) / max c
 * </pre>
 *
 * History events outside the catalogue (item -1) are skipped. With tau infinite every visit counts
 * 1. Ages are clamped at 0 so an event stamped after the query cannot overflow the exponential.
 */
final class PersonalModel implements Model {
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
}
