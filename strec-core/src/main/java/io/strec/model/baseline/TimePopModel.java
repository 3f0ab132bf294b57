package io.strec.model.baseline;

import io.strec.data.Dataset;
import io.strec.feature.LocalTimeFeatures;
import io.strec.model.Model;
import io.strec.model.Query;

/**
 * Score of item i at hour of week h (of the query's local time):
 *
 * <pre>
 *   m(i,h)  = (1 / (2w+1)) * sum_{d=-w..w} c(i, (h+d) mod 168)
 *   score   = (m(i,h) + alpha * c(i) / 168) / (1 + alpha)
 * </pre>
 *
 * where c(i,h) counts training events of i whose local time falls in hour of week h and c(i) counts
 * all of them. Both terms are events per hour-of-week bucket, so the score is a convex mixture of
 * "how busy item i is around this hour" and "how busy it is in an average hour".
 */
final class TimePopModel implements Model {
  /** table[h][i] = score of item i for hour of week h, precomputed at fit time. */
  private final float[][] table;

  private final int numItems;

  private TimePopModel(float[][] table, int numItems) {
    this.table = table;
    this.numItems = numItems;
  }

  static TimePopModel fit(Dataset train, TimePopTrainer cfg) {
    int n = train.numItems();
    int[][] byHour = new int[LocalTimeFeatures.HOURS_PER_WEEK][n];
    for (int e = 0; e < train.numEvents(); e++) {
      byHour[LocalTimeFeatures.hourOfWeek(train.localTime(e), 0)][train.item(e)]++;
    }
    int[] total = train.itemCounts();
    int w = cfg.windowHours();
    double alpha = cfg.alpha();
    float[][] table = new float[LocalTimeFeatures.HOURS_PER_WEEK][n];
    for (int h = 0; h < LocalTimeFeatures.HOURS_PER_WEEK; h++) {
      for (int i = 0; i < n; i++) {
        long windowCount = 0;
        for (int d = -w; d <= w; d++) {
          windowCount += byHour[Math.floorMod(h + d, LocalTimeFeatures.HOURS_PER_WEEK)][i];
        }
        double mean = (double) windowCount / (2 * w + 1);
        double prior = (double) total[i] / LocalTimeFeatures.HOURS_PER_WEEK;
        table[h][i] = (float) ((mean + alpha * prior) / (1 + alpha));
      }
    }
    return new TimePopModel(table, n);
  }

  @Override
  public String name() {
    return TimePopFactory.NAME;
  }

  @Override
  public int numItems() {
    return numItems;
  }

  @Override
  public void score(Query query, float[] scores) {
    Scores.requireRoom(scores, numItems);
    System.arraycopy(
        table[LocalTimeFeatures.hourOfWeek(query.localEpochSecond(), 0)], 0, scores, 0, numItems);
  }
}
