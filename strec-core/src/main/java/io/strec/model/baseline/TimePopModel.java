package io.strec.model.baseline;

import io.strec.data.Dataset;
import io.strec.data.Item;
import io.strec.feature.LocalTimeFeatures;
import io.strec.model.Query;
import io.strec.model.ServableModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

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
 * "how busy item i is around this hour" and "how busy it is in an average hour". An item added by
 * {@link #withItems} has no training events and scores 0 at every hour.
 *
 * <p>The counts c(i,h) are kept in compressed rows: item i's nonzero buckets are {@code
 * hour[start[i] .. start[i+1])} (0..167 ascending, as unsigned bytes) with counts in {@code count}.
 * Saved as {@link BaselineFile} layout version {@value #FILE_VERSION}: w (int32), alpha (float64),
 * {@code start} (int32 array, items + 1), {@code hour} (byte array), {@code count} (int32 array);
 * the score table is recomputed from them on loading, by the same arithmetic as at fit time.
 */
final class TimePopModel implements ServableModel {
  static final int FILE_VERSION = 1;

  private static final int HOURS = LocalTimeFeatures.HOURS_PER_WEEK;

  private final TimePopTrainer cfg;
  private final int[] start;
  private final byte[] hour;
  private final int[] count;

  /**
   * table[h][i] = score of item i for hour of week h, for the items the table was computed for;
   * those added later score 0.
   */
  private final float[][] table;

  private TimePopModel(TimePopTrainer cfg, int[] start, byte[] hour, int[] count, float[][] table) {
    this.cfg = cfg;
    this.start = start;
    this.hour = hour;
    this.count = count;
    this.table = table;
  }

  private static TimePopModel of(TimePopTrainer cfg, int[] start, byte[] hour, int[] count) {
    return new TimePopModel(
        cfg, start, hour, count, table(cfg.windowHours(), cfg.alpha(), start, hour, count));
  }

  static TimePopModel fit(Dataset train, TimePopTrainer cfg) {
    int n = train.numItems();
    int[][] byHour = new int[n][HOURS];
    for (int e = 0; e < train.numEvents(); e++) {
      byHour[train.item(e)][LocalTimeFeatures.hourOfWeek(train.localTime(e), 0)]++;
    }
    int[] start = new int[n + 1];
    for (int i = 0; i < n; i++) {
      start[i + 1] = start[i];
      for (int c : byHour[i]) {
        start[i + 1] += c > 0 ? 1 : 0;
      }
    }
    byte[] hour = new byte[start[n]];
    int[] count = new int[start[n]];
    for (int i = 0; i < n; i++) {
      int k = start[i];
      for (int h = 0; h < HOURS; h++) {
        if (byHour[i][h] > 0) {
          hour[k] = (byte) h;
          count[k++] = byHour[i][h];
        }
      }
    }
    return of(cfg, start, hour, count);
  }

  private static float[][] table(int w, double alpha, int[] start, byte[] hour, int[] count) {
    int n = start.length - 1;
    float[][] table = new float[HOURS][n];
    int[] byHour = new int[HOURS];
    for (int i = 0; i < n; i++) {
      Arrays.fill(byHour, 0);
      int total = 0;
      for (int k = start[i]; k < start[i + 1]; k++) {
        byHour[hour[k] & 0xFF] = count[k];
        total += count[k];
      }
      for (int h = 0; h < HOURS; h++) {
        long windowCount = 0;
        for (int d = -w; d <= w; d++) {
          windowCount += byHour[Math.floorMod(h + d, HOURS)];
        }
        double mean = (double) windowCount / (2 * w + 1);
        double prior = (double) total / HOURS;
        table[h][i] = (float) ((mean + alpha * prior) / (1 + alpha));
      }
    }
    return table;
  }

  @Override
  public String name() {
    return TimePopFactory.NAME;
  }

  @Override
  public int numItems() {
    return start.length - 1;
  }

  @Override
  public void score(Query query, float[] scores) {
    int n = numItems();
    Scores.requireRoom(scores, n);
    float[] row = table[LocalTimeFeatures.hourOfWeek(query.localEpochSecond(), 0)];
    System.arraycopy(row, 0, scores, 0, row.length);
    // Items added since the table was computed: (0 + alpha * 0) / (1 + alpha) = 0.
    Arrays.fill(scores, row.length, n, 0f);
  }

  /** The new items get empty count rows; the table is not copied, its rows cover the old items. */
  @Override
  public TimePopModel withItems(List<Item> added) {
    int n = numItems();
    int[] wider = Arrays.copyOf(start, n + 1 + added.size());
    Arrays.fill(wider, n + 1, wider.length, start[n]);
    return new TimePopModel(cfg, wider, hour, count, table);
  }

  @Override
  public void save(Path dir) throws IOException {
    try (BaselineFile.Out out = BaselineFile.create(dir, name(), FILE_VERSION)) {
      out.writeInt(cfg.windowHours());
      out.writeDouble(cfg.alpha());
      out.ints(start);
      out.bytes(hour);
      out.ints(count);
    }
  }

  static TimePopModel load(Path dir) throws IOException {
    try (BaselineFile.In in = BaselineFile.open(dir, TimePopFactory.NAME, FILE_VERSION)) {
      int w = in.readInt("the window");
      double alpha = in.readDouble("alpha");
      TimePopTrainer cfg = in.settings(() -> new TimePopTrainer(alpha, w));
      int[] start = in.ints("the row offsets");
      byte[] hour = in.bytes("the hours of week");
      int[] count = in.ints("the counts");
      in.end();
      in.checkOffsets(start, hour.length, "the row offsets");
      in.checkLength(hour.length, count.length, "the counts");
      for (int i = 0; i + 1 < start.length; i++) {
        for (int k = start[i]; k < start[i + 1]; k++) {
          int h = hour[k] & 0xFF;
          if (h >= HOURS || count[k] <= 0 || (k > start[i] && h <= (hour[k - 1] & 0xFF))) {
            throw in.malformed(
                "item "
                    + i
                    + " has hour of week "
                    + h
                    + " with count "
                    + count[k]
                    + " at "
                    + k
                    + "; hours must ascend within 0..167, counts be positive");
          }
        }
      }
      return of(cfg, start, hour, count);
    }
  }
}
