package io.strec.stm.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The arrays of one mini-batch, flattened row-major, as the network reads them. {@code b} windows
 * of {@code l} event slots (shorter windows padded at the end) and {@code m} scored positions. Item
 * index {@code numItems} stands for padding and for items outside the catalogue.
 */
public final class Batch {
  public final int b;
  public final int l;
  public final int m;

  /** [b*l] item index per event slot. */
  public final long[] item;

  /** [b*l*TIME_DIM] time features per event. */
  public final float[] timeFeat;

  /** [b*l*SPACE_DIM] space features per event. */
  public final float[] spaceFeat;

  /** [b*l] region id per event. */
  public final long[] region;

  /** [b*l*l] 1 where slot k may attend to slot j (causal, padding hidden). */
  public final float[] attMask;

  /** [b*l*l] bucket of the interval between slots k and j. */
  public final long[] timeBucket;

  /** [b*l*l] bucket of the distance between slots k and j. */
  public final long[] distBucket;

  /** [m] flat slot index (window * l + position) of each scored position. */
  public final long[] selRow;

  /** [m] window of each scored position. */
  public final long[] selSeq;

  /** [m*TIME_DIM] time features of the query time. */
  public final float[] qTimeFeat;

  /** [m] region of the query place. */
  public final long[] qRegion;

  /** [m] query latitude and longitude in degrees (0 when unknown) and whether known (1/0). */
  public final float[] qLat;

  public final float[] qLon;
  public final float[] qHasLoc;

  /** One number for a query place as the batch carries it ({@link #qLat}, {@link #qLon}). */
  public static long placeKey(float lat, float lon) {
    return ((long) Float.floatToIntBits(lat) << 32) | (Float.floatToIntBits(lon) & 0xffffffffL);
  }

  /** The latitude of a {@link #placeKey}. */
  public static float keyLat(long key) {
    return Float.intBitsToFloat((int) (key >>> 32));
  }

  /** The longitude of a {@link #placeKey}. */
  public static float keyLon(long key) {
    return Float.intBitsToFloat((int) key);
  }

  /** [m*l] bucket of the interval from each history slot to the query time. */
  public final long[] qTimeBucket;

  /** [m*l] bucket of the distance from each history slot to the query place. */
  public final long[] qDistBucket;

  /** [m*l] 1 for the slots a query may attend to (its window up to its position). */
  public final float[] qMask;

  /** [m] true next item, -1 at inference. */
  public final long[] target;

  /** The slots of each slot term, in the order of the builder's inputs. */
  private final List<Slots> slots;

  /** Dimension of the behaviour-text vectors; 0 when the batch carries none. */
  public final int userDim;

  /** [b*userDim] encoded behaviour text of each window ({@link io.strec.stm.UserText}). */
  public final float[] user;

  /**
   * The slots of one slot term: {@code count} per scored position, their items (m, count), the
   * padding index where unused, and their features (m, count, dim).
   */
  public record Slots(int count, int dim, long[] items, float[] features) {}

  /**
   * A batch of {@code b} windows of {@code l} slots and {@code m} scored positions, with {@code
   * slotCounts[g]} slots of {@code slotDims[g]} features per position for slot term {@code g}.
   */
  Batch(int b, int l, int m, int[] slotCounts, int[] slotDims, int userDim) {
    this.b = b;
    this.l = l;
    this.m = m;
    item = new long[b * l];
    timeFeat = new float[b * l * Features.TIME_DIM];
    spaceFeat = new float[b * l * Features.SPACE_DIM];
    region = new long[b * l];
    attMask = new float[b * l * l];
    timeBucket = new long[b * l * l];
    distBucket = new long[b * l * l];
    selRow = new long[m];
    selSeq = new long[m];
    qTimeFeat = new float[m * Features.TIME_DIM];
    qRegion = new long[m];
    qLat = new float[m];
    qLon = new float[m];
    qHasLoc = new float[m];
    qTimeBucket = new long[m * l];
    qDistBucket = new long[m * l];
    qMask = new float[m * l];
    target = new long[m];
    List<Slots> all = new ArrayList<>(slotCounts.length);
    for (int g = 0; g < slotCounts.length; g++) {
      all.add(
          new Slots(
              slotCounts[g],
              slotDims[g],
              new long[m * slotCounts[g]],
              new float[m * slotCounts[g] * slotDims[g]]));
    }
    slots = List.copyOf(all);
    this.userDim = userDim;
    user = new float[b * userDim];
  }

  /** Number of slot terms. */
  public int slotTerms() {
    return slots.size();
  }

  /** The slots of slot term {@code g}. */
  public Slots slots(int g) {
    return slots.get(g);
  }
}
