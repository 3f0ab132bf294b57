package io.strec.model.baseline;

import io.strec.model.ModelContext;
import io.strec.model.ModelFactory;
import io.strec.model.ServableModel;
import io.strec.model.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code itemknn}: cosine item-item neighbours of the user's last few distinct items. */
public final class ItemKnnFactory implements ModelFactory {
  public static final String NAME = "itemknn";

  private static final int[] NEIGHBOURS = {50, ItemKnnTrainer.ALL};

  /** (last items, decay) pairs: the last item only, short and long unweighted, long weighted. */
  private static final int[] LAST = {1, 5, 20, 50};

  private static final double[] DECAY = {1, 1, 1, 0.9};

  public ItemKnnFactory() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "sum of cosine similarities (user co-occurrence, top-N neighbours) to the last L distinct "
        + "history items, weighted decay^r by recency rank r, plus eps * popularity / max popularity";
  }

  @Override
  public List<Trainer> candidates() {
    List<Trainer> out = new ArrayList<>();
    for (int nb : NEIGHBOURS) {
      for (int k = 0; k < LAST.length; k++) {
        out.add(new ItemKnnTrainer(nb, LAST[k], DECAY[k], ItemKnnTrainer.DEFAULT_EPSILON));
      }
    }
    return List.copyOf(out);
  }

  @Override
  public ServableModel load(Path dir, ModelContext context) throws IOException {
    return ItemKnnModel.load(dir);
  }
}
