package io.strec.stm.data;

import io.strec.model.History;
import io.strec.stm.Ablation;
import io.strec.stm.StmConfig;
import java.util.Arrays;
import java.util.List;

/**
 * Fills {@link Batch}es from {@link Window}s. Switched-off components are removed here, at the
 * source: an ablated feature is zero (or bucket 0, or padding) in every batch, so no trace of it
 * can reach the network.
 */
public final class BatchBuilder {
  private final StmConfig config;
  private final GeoGrid grid;
  private final Transitions transitions;
  private final TextNeighbours neighbours;
  private final int numItems;

  public BatchBuilder(
      StmConfig config,
      GeoGrid grid,
      Transitions transitions,
      TextNeighbours neighbours,
      int numItems) {
    if (transitions.numItems() != numItems) {
      throw new IllegalArgumentException(
          "transition graph over " + transitions.numItems() + " items, catalogue " + numItems);
    }
    if (neighbours.numItems() != numItems) {
      throw new IllegalArgumentException(
          "text neighbours of " + neighbours.numItems() + " items, catalogue " + numItems);
    }
    this.config = config;
    this.grid = grid;
    this.transitions = transitions;
    this.neighbours = neighbours;
    this.numItems = numItems;
  }

  /** A batch without behaviour-text vectors. */
  public Batch build(List<Window> windows) {
    return build(windows, null);
  }

  /**
   * A batch of {@code windows}; {@code user} holds one behaviour-text vector per window (all of one
   * dimension), or is null for none.
   */
  public Batch build(List<Window> windows, float[][] user) {
    if (windows.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one window");
    }
    if (user != null && user.length != windows.size()) {
      throw new IllegalArgumentException(
          user.length + " behaviour vectors for " + windows.size() + " windows");
    }
    int userDim = user == null ? 0 : user[0].length;
    int l = 1;
    int m = 0;
    for (Window w : windows) {
      l = Math.max(l, w.len());
      m += w.queries().size();
    }
    boolean time = config.uses(Ablation.TIME);
    boolean space = config.uses(Ablation.SPACE);
    Batch bt =
        new Batch(
            windows.size(),
            l,
            m,
            config.repeatItems(),
            config.successors(),
            config.usesTextNeighbours() ? config.textNeighbours() : 0,
            userDim);
    for (int b = 0; b < windows.size() && userDim > 0; b++) {
      if (user[b].length != userDim) {
        throw new IllegalArgumentException(
            "behaviour vector " + b + " has dimension " + user[b].length + ", not " + userDim);
      }
      System.arraycopy(user[b], 0, bt.user, b * userDim, userDim);
    }
    Arrays.fill(bt.item, numItems);
    int q = 0;
    for (int b = 0; b < windows.size(); b++) {
      Window w = windows.get(b);
      History h = w.history();
      for (int k = 0; k < w.len(); k++) {
        int e = w.start() + k;
        int slot = b * l + k;
        bt.item[slot] = h.item(e) < 0 ? numItems : h.item(e);
        if (time) {
          Features.time(
              h.time(e),
              h.tzOffsetMinutes(e),
              e > 0 ? h.time(e - 1) : Long.MIN_VALUE,
              bt.timeFeat,
              slot * Features.TIME_DIM);
        }
        if (space) {
          if (e > 0) {
            Features.space(
                h.latitude(e - 1),
                h.longitude(e - 1),
                h.latitude(e),
                h.longitude(e),
                bt.spaceFeat,
                slot * Features.SPACE_DIM);
          }
          bt.region[slot] = grid.region(h.latitude(e), h.longitude(e));
        }
        for (int j = 0; j <= k; j++) {
          int pair = (b * l + k) * l + j;
          int ej = w.start() + j;
          if (time) {
            bt.timeBucket[pair] = Features.timeBucket(h.time(e) - h.time(ej));
          }
          if (space) {
            bt.distBucket[pair] =
                Features.distBucket(
                    Features.distanceKm(
                        h.latitude(e), h.longitude(e), h.latitude(ej), h.longitude(ej)));
          }
        }
      }
      for (int k = 0; k < l; k++) {
        int row = (b * l + k) * l;
        int last = Math.min(k, w.len() - 1);
        for (int j = 0; j <= last; j++) {
          bt.attMask[row + j] = 1f;
        }
        bt.attMask[row + k] = 1f;
      }
      for (Window.Ask a : w.queries()) {
        fillQuery(bt, q++, b, w, a, time, space);
      }
    }
    return bt;
  }

  /**
   * The network scatters repeat and transition values into one row, so an item must not be in both
   * groups: a successor that is also a history item is dropped from the transition slots (the
   * repeat term already scores it; its transition evidence is lost for that position).
   */
  private void dropRepeated(Batch bt, int q) {
    int r0 = q * bt.repeatSlots;
    java.util.Set<Long> seen = new java.util.HashSet<>();
    for (int s = 0; s < bt.repeatSlots; s++) {
      if (bt.repeatItem[r0 + s] != numItems) {
        seen.add(bt.repeatItem[r0 + s]);
      }
    }
    int t0 = q * bt.transitionSlots;
    for (int s = 0; s < bt.transitionSlots; s++) {
      if (bt.transItem[t0 + s] != numItems && seen.contains(bt.transItem[t0 + s])) {
        bt.transItem[t0 + s] = numItems;
        for (int f = 0; f < Transitions.DIM; f++) {
          bt.transFeat[(t0 + s) * Transitions.DIM + f] = 0f;
        }
      }
    }
  }

  private void fillQuery(
      Batch bt, int q, int b, Window w, Window.Ask a, boolean time, boolean space) {
    History h = w.history();
    int l = bt.l;
    int p = a.position();
    bt.selRow[q] = (long) b * l + p;
    bt.selSeq[q] = b;
    bt.target[q] = a.target();
    int lastEvent = w.len() == 0 ? -1 : w.start() + p;
    if (time) {
      Features.time(
          a.time(),
          a.tzMinutes(),
          lastEvent >= 0 ? h.time(lastEvent) : Long.MIN_VALUE,
          bt.qTimeFeat,
          q * Features.TIME_DIM);
    }
    boolean hasLoc = space && !Double.isNaN(a.lat()) && !Double.isNaN(a.lon());
    if (hasLoc) {
      bt.qRegion[q] = grid.region(a.lat(), a.lon());
      bt.qLat[q] = (float) a.lat();
      bt.qLon[q] = (float) a.lon();
      bt.qHasLoc[q] = 1f;
    }
    int visible = w.len() == 0 ? 0 : p + 1;
    for (int j = 0; j < visible; j++) {
      int ej = w.start() + j;
      bt.qMask[q * l + j] = 1f;
      if (time) {
        bt.qTimeBucket[q * l + j] = Features.timeBucket(a.time() - h.time(ej));
      }
      if (space) {
        bt.qDistBucket[q * l + j] =
            Features.distBucket(
                Features.distanceKm(a.lat(), a.lon(), h.latitude(ej), h.longitude(ej)));
      }
    }
    if (visible == 0) {
      // An empty history: let the query attend to the padding slot so the softmax is defined.
      bt.qMask[q * l] = 1f;
    }
    int end = lastEvent + 1;
    if (config.uses(Ablation.REPEAT)) {
      RepeatFeatures.write(
          h,
          end,
          a.time(),
          bt.repeatSlots,
          numItems,
          bt.repeatItem,
          bt.repeatFeat,
          q * bt.repeatSlots);
    } else {
      Arrays.fill(bt.repeatItem, q * bt.repeatSlots, (q + 1) * bt.repeatSlots, numItems);
    }
    if (config.uses(Ablation.GRAPH)) {
      int lastItem = lastEvent >= 0 ? h.item(lastEvent) : -1;
      transitions.features(
          lastItem,
          a.target(),
          bt.transitionSlots,
          numItems,
          bt.transItem,
          bt.transFeat,
          q * bt.transitionSlots);
      dropRepeated(bt, q);
    } else {
      Arrays.fill(bt.transItem, q * bt.transitionSlots, (q + 1) * bt.transitionSlots, numItems);
    }
    if (bt.neighbourSlots > 0) {
      neighbours.features(
          h, end, bt.neighbourSlots, numItems, bt.nbItem, bt.nbFeat, q * bt.neighbourSlots);
    }
  }
}
