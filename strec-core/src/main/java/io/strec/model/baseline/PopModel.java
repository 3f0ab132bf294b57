package io.strec.model.baseline;

import io.strec.data.Item;
import io.strec.model.Query;
import io.strec.model.ServableModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Score of item i = number of training events of i, exactly (unweighted, as a float). An item added
 * by {@link #withItems} has no training events and scores 0.
 *
 * <p>Saved as {@link BaselineFile} layout version {@value #FILE_VERSION}: the scores (float32
 * array, one per item).
 */
final class PopModel implements ServableModel {
  static final int FILE_VERSION = 1;

  private final float[] counts;

  PopModel(int[] counts) {
    this.counts = new float[counts.length];
    for (int i = 0; i < counts.length; i++) {
      // Exact for counts below 2^24, far beyond any catalogue item's events here.
      this.counts[i] = counts[i];
    }
  }

  private PopModel(float[] counts) {
    this.counts = counts;
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

  @Override
  public PopModel withItems(List<Item> added) {
    return new PopModel(Arrays.copyOf(counts, counts.length + added.size()));
  }

  @Override
  public void save(Path dir) throws IOException {
    try (BaselineFile.Out out = BaselineFile.create(dir, name(), FILE_VERSION)) {
      out.floats(counts);
    }
  }

  static PopModel load(Path dir) throws IOException {
    try (BaselineFile.In in = BaselineFile.open(dir, PopFactory.NAME, FILE_VERSION)) {
      float[] counts = in.floats("the item counts");
      in.end();
      return new PopModel(counts);
    }
  }
}
