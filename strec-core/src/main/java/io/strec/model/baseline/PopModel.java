package io.strec.model.baseline;

import io.strec.model.Model;
import io.strec.model.Query;

/** Score of item i = number of training events of i, exactly (unweighted, as a float). */
final class PopModel implements Model {
  private final float[] counts;

  PopModel(int[] counts) {
    this.counts = new float[counts.length];
    for (int i = 0; i < counts.length; i++) {
      // Exact for counts below 2^24, far beyond any catalogue item's events here.
      this.counts[i] = counts[i];
    }
  }

  @Override
  public String name() {
    return PopFactory.NAME;
  }

  @Override
  public int numItems() {
    return counts.length;
  }

  @Override
  public void score(Query query, float[] scores) {
    Scores.requireRoom(scores, counts.length);
    System.arraycopy(counts, 0, scores, 0, counts.length);
  }
}
