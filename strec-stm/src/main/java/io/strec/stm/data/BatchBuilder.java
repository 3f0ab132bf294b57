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
  private final List<SlotInput> slotInputs;
  private final int numItems;
  private final Memo.Store memos;
  private final boolean[] keep;

  /**
   * One slot term's input: its {@code source}, {@code count} slots per scored position, and whether
   * its slots stay {@code apart} from the earlier terms' (an item an earlier term's slot of the
   * same position holds is dropped from this term's slots, its features with it).
   */
  public record SlotInput(SlotSource source, int count, boolean apart) {
    public SlotInput {
      if (count < 0) {
        throw new IllegalArgumentException("slot count " + count + " of " + source);
      }
    }
  }

  /**
   * A builder of batches over a catalogue of {@code numItems} items, with the slots of {@code
   * slotInputs} per scored position, in that order.
   */
  public BatchBuilder(StmConfig config, GeoGrid grid, List<SlotInput> slotInputs, int numItems) {
    this(config, grid, slotInputs, numItems, null);
  }

  private BatchBuilder(
      StmConfig config, GeoGrid grid, List<SlotInput> slotInputs, int numItems, Memo.Store memos) {
    this.config = config;
    this.grid = grid;
    this.slotInputs = List.copyOf(slotInputs);
    this.numItems = numItems;
    this.memos = memos;
    keep = new boolean[this.slotInputs.size()];
    for (int g = 0; g < keep.length; g++) {
      keep[g] = this.slotInputs.get(g).source().worthKeeping();
    }
  }

  /**
   * A builder that fills batches as this one does, and remembers the costly parts of each of {@code
   * windows} the first time a batch holds it: the interval and distance buckets of its event pairs
   * and of its queries, and the items and features of its queries' slots of every term whose source
   * is {@linkplain SlotSource#worthKeeping worth keeping} (the repeat features look back over up to
   * {@link RepeatFeatures#LOOKBACK} events for each query). A later batch with the window copies
   * them instead of computing them again, the same values bit for bit. A fit builds the same
   * windows every epoch in another order, so from the second epoch on only the cheap per-event
   * features are computed. At most {@code maxBytes} are kept: the windows built first, until one
   * does not fit; the others are computed every time. Windows are told apart by identity. Safe for
   * batches built on several threads at once, as long as no window is in two of them at the same
   * time.
   */
  public BatchBuilder remembering(List<Window> windows, long maxBytes) {
    return new BatchBuilder(config, grid, slotInputs, numItems, new Memo.Store(windows, maxBytes));
  }

  /** Whether this builder has remembered the features of {@code w}. */
  public boolean remembers(Window w) {
    return memos != null && memos.get(w) != null;
  }

  /** How many windows this builder has remembered, and their bytes: {@code [windows, bytes]}. */
  public long[] remembered() {
    return memos == null ? new long[2] : memos.size();
  }

  /**
   * The distinct places the queries of {@code windows} ask from, as their batches carry them
   * ({@link Batch#qLat}, {@link Batch#qLon}): {@code [lat, lon]} arrays in order of first
   * appearance, empty when the model reads no places.
   */
  public float[][] queryPlaces(List<Window> windows) {
    if (!config.uses(Ablation.SPACE)) {
      return new float[][] {new float[0], new float[0]};
    }
    java.util.LinkedHashSet<Long> seen = new java.util.LinkedHashSet<>();
    for (Window w : windows) {
      for (Window.Ask a : w.queries()) {
        if (!Double.isNaN(a.lat()) && !Double.isNaN(a.lon())) {
          seen.add(Batch.placeKey((float) a.lat(), (float) a.lon()));
        }
      }
    }
    float[] lat = new float[seen.size()];
    float[] lon = new float[seen.size()];
    int i = 0;
    for (long k : seen) {
      lat[i] = Batch.keyLat(k);
      lon[i] = Batch.keyLon(k);
      i++;
    }
    return new float[][] {lat, lon};
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
    int[] slotCounts = new int[slotInputs.size()];
    int[] slotDims = new int[slotInputs.size()];
    for (int g = 0; g < slotCounts.length; g++) {
      slotCounts[g] = slotInputs.get(g).count();
      slotDims[g] = slotInputs.get(g).source().dim();
    }
    Batch bt = new Batch(windows.size(), l, m, slotCounts, slotDims, userDim);
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
      }
      Memo memo = memos == null ? null : memos.get(w);
      Memo.Reader memoReader = memo == null ? null : memo.reader();
      if (memoReader == null) {
        pairs(bt, b, w, time, space);
      } else {
        memoReader.pairsInto(bt, b, w.len());
      }
      for (int k = 0; k < l; k++) {
        int row = (b * l + k) * l;
        int last = Math.min(k, w.len() - 1);
        for (int j = 0; j <= last; j++) {
          bt.attMask[row + j] = 1f;
        }
        bt.attMask[row + k] = 1f;
      }
      int firstQuery = q;
      for (Window.Ask a : w.queries()) {
        fillQuery(bt, q, b, w, a, time, space, memoReader);
        q++;
      }
      if (memo == null && memos != null && memos.wants(w)) {
        memos.offer(w, Memo.of(bt, b, w, firstQuery, numItems, keep));
      }
    }
    return bt;
  }

  /** The interval and distance buckets of window {@code b}'s event pairs. */
  private static void pairs(Batch bt, int b, Window w, boolean time, boolean space) {
    History h = w.history();
    int l = bt.l;
    for (int k = 0; k < w.len(); k++) {
      int e = w.start() + k;
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
  }

  /**
   * Drops from slot term {@code g}'s slots of position {@code q} every item that an earlier term's
   * slot of that position holds: padding index and zero features in its place.
   */
  private void keepApart(Batch bt, int g, int q) {
    Batch.Slots own = bt.slots(g);
    for (int s = q * own.count(); s < (q + 1) * own.count(); s++) {
      if (own.items()[s] != numItems && heldBefore(bt, g, q, own.items()[s])) {
        own.items()[s] = numItems;
        Arrays.fill(own.features(), s * own.dim(), (s + 1) * own.dim(), 0f);
      }
    }
  }

  private static boolean heldBefore(Batch bt, int g, int q, long item) {
    for (int e = 0; e < g; e++) {
      Batch.Slots earlier = bt.slots(e);
      for (int s = q * earlier.count(); s < (q + 1) * earlier.count(); s++) {
        if (earlier.items()[s] == item) {
          return true;
        }
      }
    }
    return false;
  }

  private void fillQuery(
      Batch bt,
      int q,
      int b,
      Window w,
      Window.Ask a,
      boolean time,
      boolean space,
      Memo.Reader memo) {
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
    if (visible == 0) {
      // An empty history: let the query attend to the padding slot so the softmax is defined.
      bt.qMask[q * l] = 1f;
    }
    if (memo != null) {
      Arrays.fill(bt.qMask, q * l, q * l + visible, 1f);
      memo.bucketsInto(bt, q, visible);
    }
    for (int j = 0; j < visible && memo == null; j++) {
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
    SlotSource.Query slotQuery =
        new SlotSource.Query(
            h,
            lastEvent + 1,
            a.time(),
            a.tzMinutes(),
            a.target(),
            numItems,
            hasLoc ? a.lat() : Double.NaN,
            hasLoc ? a.lon() : Double.NaN);
    for (int g = 0; g < slotInputs.size(); g++) {
      SlotInput in = slotInputs.get(g);
      if (memo != null && keep[g]) {
        memo.slotsInto(bt, q, g, numItems);
        continue;
      }
      Batch.Slots s = bt.slots(g);
      in.source().write(slotQuery, in.count(), s.items(), s.features(), q * in.count());
      if (in.apart()) {
        keepApart(bt, g, q);
      }
    }
  }
}
