package io.strec.stm.testing;

import io.strec.data.Dataset;
import io.strec.data.Item;
import io.strec.data.Loaded;
import io.strec.data.ReadStats;
import io.strec.data.Vocabulary;
import io.strec.data.synth.City;
import io.strec.data.synth.CityConfig;
import io.strec.data.synth.SyntheticCity;
import io.strec.eval.EvalSplit;
import io.strec.eval.protocol.LeaveOneOut;
import io.strec.model.History;
import io.strec.model.Query;
import io.strec.stm.StmConfig;
import io.strec.stm.StmModel;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small datasets and settings for fast tests. */
public final class Fixtures {
  private Fixtures() {}

  /**
   * A small, fast setting: width 16, 2 layers, short windows, the learning rate as written (not
   * scaled down for these batches of a few dozen positions).
   */
  public static StmConfig tiny(int epochs) {
    return StmConfig.builder()
        .optDim(16)
        .optHeads(2)
        .optLayers(2)
        .optMaxLen(12)
        .optDropout(0.0)
        .optLearningRate(5e-3)
        .optRateAtPositions(0)
        .optWeightDecay(0.0)
        .optBatchSize(8)
        .optEpochs(epochs)
        .optPatience(0)
        .optWarmupSteps(5)
        .optRepeatItems(10)
        .optSuccessors(10)
        .optGridCells(4)
        .optSampledSoftmaxAbove(100_000)
        .optNegatives(1024)
        .optTextNeighbours(10)
        .optAblations(EnumSet.noneOf(io.strec.stm.Ablation.class))
        .build();
  }

  /** The built-in synthetic city, scaled down, split leave-one-out. */
  public static EvalSplit smallCity(long seed, int users, int pois, int days) {
    City city =
        SyntheticCity.generate(
            CityConfig.defaults(seed).withUsers(users).withPois(pois).withDays(days));
    Map<String, Item> items = new LinkedHashMap<>();
    city.pois().forEach(p -> items.put(p.id(), p));
    Loaded loaded = new Loaded(SyntheticCity.SOURCE, city.events(), items, new ReadStats());
    return LeaveOneOut.build(loaded, LeaveOneOut.Split.TEST, false);
  }

  /**
   * {@code users} users walking deterministic cycles over {@code items} places on a line of
   * longitudes, one event an hour; user u starts at item u mod items.
   */
  public static Dataset cycles(int users, int items, int eventsPerUser) {
    return cycles(users, items, eventsPerUser, 0);
  }

  /**
   * As {@link #cycles(int, int, int)}, with {@code unvisited} more places in the catalogue (ids
   * continuing after the visited ones, same naming) that no one visits.
   */
  public static Dataset cycles(int users, int items, int eventsPerUser, int unvisited) {
    List<String> uids = new ArrayList<>();
    List<String> iids = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      uids.add("u" + u);
    }
    for (int i = 0; i < items + unvisited; i++) {
      iids.add("i" + i);
    }
    Dataset.Builder b = Dataset.builder("cycles", Vocabulary.of(uids), Vocabulary.of(iids));
    for (int i = 0; i < items + unvisited; i++) {
      b.item(
          new Item(
              "i" + i, "place " + i, List.of("cat" + (i % 3)), "", "", 40.7, -74.0 + 0.01 * i));
    }
    for (int u = 0; u < users; u++) {
      for (int k = 0; k < eventsPerUser; k++) {
        int i = (u + k) % items;
        b.add(u, i, 1_600_000_000L + 3600L * k + 60L * u, -300, 40.7, -74.0 + 0.01 * i, 1f);
      }
    }
    return b.build();
  }

  /** Random unit-ish text vectors, seeded. */
  public static float[][] vectors(int n, int dim, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] v = new float[n][dim];
    for (float[] row : v) {
      for (int k = 0; k < dim; k++) {
        row[k] = (float) r.nextGaussian();
      }
    }
    return v;
  }

  /**
   * The scores {@code m} gives for {@code user} of {@code data} an hour after their last event, at
   * its place, with their whole history.
   */
  public static float[] scoresAfterLast(StmModel m, Dataset data, int user) {
    int[] evs = data.eventsOf(user);
    History h = History.of(data, evs, evs.length);
    int last = evs[evs.length - 1];
    float[] s = new float[m.numItems()];
    m.score(
        new Query(user, h, data.time(last) + 3600, -300, data.latitude(last), data.longitude(last)),
        s);
    return s;
  }
}
