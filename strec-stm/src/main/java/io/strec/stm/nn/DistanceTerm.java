package io.strec.stm.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.strec.stm.data.Batch;
import io.strec.util.SuppressForbidden;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A learned function of the distance from the query place to each item, with coefficients that
 * depend on the user state: {@code a(u) log(1 + 100 d^2) + c(u) exp(-4 d^2)} (d in flat
 * kilometres), zero where either place is unknown. Two smooth bases instead of a bucket table keep
 * the (positions x catalogue) work to a few element-wise operations, which dominate training time.
 * The coefficients {@code (a, c) = u W + b} ({@code dist.w}, {@code dist.b}) are the query's {@link
 * Network.QueryTerms#distCoef}; the serving path bounds the term beyond a distance with them.
 */
final class DistanceTerm implements DenseTerm {
  static final String NAME = "distance";

  /**
   * Squared flat kilometres (beyond 3.3 km) at which the near basis {@code exp(-4 d^2)} stops
   * falling and stays at {@code exp(-44)}, about 8e-20: nil beside every other term, and high
   * enough that the backward pass's products of it with small gradients stay normal floats.
   * Arithmetic on subnormal floats is many times slower: with the cut at 21.5 ({@code exp(-86)},
   * just above the smallest normal float) a full-softmax step over 5,000 places took some 9 %
   * longer ({@code StmStepBench --softmax full --text-dim 384 --items 5000}: fwd+bwd median 123 ms
   * against 109-114 ms) and a NYC epoch some 7 % longer (19.5-20.0 s against 17.7-18.6 s), for the
   * same loss and validation MRR to four digits.
   */
  static final double NEAR_CUT = 11;

  /**
   * The most memory the bases of the training queries' places may take ({@link #trainingPlaces}):
   * NYC's 5,121 places and 5,058 items take 207 MB.
   */
  static final long PLACE_BASES_BYTES = 256L << 20;

  /** Rows of bases computed at a time for {@link #trainingPlaces}. */
  private static final int PLACE_CHUNK = 256;

  /** The far and near bases from each training query place to every item, (places, 2, items). */
  private record PlaceBases(Map<Long, Integer> rowOf, NDArray both) {}

  private final NDManager manager;
  private volatile PlaceBases placeBases;
  private final NDArray itemLat;
  private final NDArray itemLon;
  private final NDArray itemHasLoc;
  private final int numItems;
  private final int placedItems;
  private final double lonScale;
  private final DataType type;

  /**
   * @param lat item latitudes in degrees, NaN where unknown; likewise {@code lon}
   * @param lonScale the cosine that turns longitude differences into kilometres
   * @param manager the owner of the term's per-item arrays (the network's)
   */
  DistanceTerm(double[] lat, double[] lon, double lonScale, NDManager manager, DataType type) {
    this.numItems = lat.length;
    float[] la = new float[numItems];
    float[] lo = new float[numItems];
    float[] hl = new float[numItems];
    int placed = 0;
    for (int i = 0; i < numItems; i++) {
      if (!Double.isNaN(lat[i]) && !Double.isNaN(lon[i])) {
        la[i] = (float) lat[i];
        lo[i] = (float) lon[i];
        hl[i] = 1f;
        placed++;
      }
    }
    this.placedItems = placed;
    this.itemLat = manager.create(la, new Shape(1, numItems)).toType(type, false);
    this.itemLon = manager.create(lo, new Shape(1, numItems)).toType(type, false);
    this.itemHasLoc = manager.create(hl, new Shape(1, numItems)).toType(type, false);
    this.lonScale = lonScale;
    this.type = type;
    this.manager = manager;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String column() {
    return "place";
  }

  @Override
  public String description() {
    return "distance from the query place";
  }

  /**
   * {@code dist.w} (d, 2) at 0 and {@code dist.b} = (-0.3, 1): a start that prefers near items for
   * every user.
   */
  @Override
  public void declare(Params params, int d) {
    params.constant("dist.w", 0, d, 2);
    params.add("dist.b", new double[] {-0.3, 1.0});
  }

  @Override
  public boolean owns(String param) {
    return param.startsWith("dist.");
  }

  /** Never: the coefficients' scale is the term's strength, not a capacity to regularise. */
  @Override
  public boolean decays(String param) {
    return false;
  }

  /** The cosine that turns longitude differences into kilometres. */
  double lonScale() {
    return lonScale;
  }

  /**
   * The far and near coefficients of each query, (m, 2) from the user states {@code u} (m, d); zero
   * where the query has no place.
   */
  NDArray coefficients(NDManager step, Map<String, NDArray> w, NDArray u, Batch bt) {
    NDArray hasLoc = Network.f(step, bt.qHasLoc, type, bt.m, 1);
    return Layers.linear(u, w.get("dist.w"), w.get("dist.b")).mul(hasLoc);
  }

  @Override
  public Optional<NDArray> values(Step s) {
    NDArray[] bases = bases(s);
    if (bases == null) {
      return Optional.empty();
    }
    NDArray coef = s.query().distCoef();
    return Optional.of(
        bases[0]
            .mul(coef.get(new NDIndex(":, 0:1")))
            .add(bases[1].mul(coef.get(new NDIndex(":, 1:2")))));
  }

  /**
   * Computes the bases from each of the places to every item once, for the training steps: a step
   * then reads its queries' rows instead of computing them (one catalogue-wide pass instead of
   * eleven) and weighs the two bases with one batched matrix product (instead of two products and
   * two sums, and in the backward pass two more products and sums). Nothing is kept when they would
   * take more than {@link #PLACE_BASES_BYTES}.
   */
  @Override
  public void trainingPlaces(float[] lat, float[] lon) {
    forgetTrainingPlaces();
    int n = lat.length;
    long bytes = (long) n * numItems * 2 * type.getNumOfBytes();
    if (placedItems == 0 || n == 0 || bytes > PLACE_BASES_BYTES) {
      return;
    }
    Map<Long, Integer> rowOf = new HashMap<>();
    for (int i = 0; i < n; i++) {
      if (rowOf.putIfAbsent(Batch.placeKey(lat[i], lon[i]), i) != null) {
        throw new IllegalArgumentException(
            "place " + i + " (" + lat[i] + ", " + lon[i] + ") is given twice");
      }
    }
    ItemTable whole = ItemTable.whole(numItems);
    NDArray both = manager.zeros(new Shape(n, 2, numItems), type);
    for (int a = 0; a < n; a += PLACE_CHUNK) {
      int b = Math.min(n, a + PLACE_CHUNK);
      try (NDManager tmp = manager.newSubManager()) {
        NDArray[] chunk =
            bases(tmp, Arrays.copyOfRange(lat, a, b), Arrays.copyOfRange(lon, a, b), whole);
        both.set(new NDIndex("{}:{}, 0", a, b), chunk[0]);
        both.set(new NDIndex("{}:{}, 1", a, b), chunk[1]);
      }
    }
    placeBases = new PlaceBases(Map.copyOf(rowOf), both);
  }

  @Override
  public void forgetTrainingPlaces() {
    PlaceBases pb = placeBases;
    placeBases = null;
    if (pb != null) {
      pb.both().close();
    }
  }

  /**
   * The step's bases read from {@link #trainingPlaces}' rows, (positions, 2, items), or null when
   * they do not hold every query's place or the step scores part of the catalogue. A query without
   * a place reads any row: its coefficients are zero.
   */
  NDArray keptBases(Step s) {
    PlaceBases pb = placeBases;
    Batch bt = s.batch();
    if (pb == null || !s.table().isWhole()) {
      return null;
    }
    long[] rows = new long[bt.m];
    boolean any = false;
    for (int q = 0; q < bt.m; q++) {
      if (bt.qHasLoc[q] != 0f) {
        Integer r = pb.rowOf().get(Batch.placeKey(bt.qLat[q], bt.qLon[q]));
        if (r == null) {
          return null;
        }
        rows[q] = r;
        any = true;
      }
    }
    if (!any) {
      return null;
    }
    NDArray index = s.manager().create(rows);
    return Layers.rows(pb.both(), index);
  }

  /**
   * Adds the bases weighed by their coefficients in place. With the kept bases, one batched product
   * {@code (1 x 2) x (2 x items)} per position: {@code a f + c n} is rounded once before it is
   * added (the last bits differ from the two products added one after the other). Otherwise each
   * basis times its coefficient is added in turn: no (positions x items) sum of the two.
   */
  @Override
  public void addTo(NDArray logits, Step s) {
    NDArray kept = keptBases(s);
    NDArray coef = s.query().distCoef();
    if (kept != null) {
      long m = s.batch().m;
      NDArray v = coef.reshape(m, 1, 2).matMul(kept).reshape(m, numItems);
      logits.addi(v);
      v.close();
      return;
    }
    NDArray[] bases = bases(s);
    if (bases == null) {
      return;
    }
    for (int k = 0; k < 2; k++) {
      // The product is closed once added: the backward pass keeps the basis and the coefficient,
      // not the (positions x items) product, which the step would otherwise hold until it ends.
      NDArray product = bases[k].mul(coef.get(new NDIndex(":, " + k + ":" + (k + 1))));
      logits.addi(product);
      product.close();
    }
  }

  /**
   * The far and near bases at the scored items of the step's table, (m, scored items) each, or null
   * when the term is zero (no query or no item has a place).
   */
  private NDArray[] bases(Step s) {
    Batch bt = s.batch();
    if (placedItems == 0 || !anyPlace(bt.qHasLoc)) {
      return null;
    }
    // The two (positions x items) bases hold no weights: their intermediates are freed here
    // instead of living, a dozen catalogue-wide matrices, until the training step ends.
    try (NDManager tmp = s.manager().newSubManager()) {
      NDArray[] b = bases(tmp, bt.qLat, bt.qLon, s.table());
      b[0].attach(s.manager());
      b[1].attach(s.manager());
      return b;
    }
  }

  /**
   * The far and near bases, {@code log(1 + 100 d^2)} and {@code exp(-4 d^2)} (d in km), from each
   * query place to each scored item of {@code table}: two (queries, scored items) arrays of {@code
   * tmp}, zero where the item has no place. Computed in place: the fewest catalogue-wide passes.
   */
  @SuppressForbidden(reason = "coordinates carry no gradient: autograd records nothing here")
  private NDArray[] bases(NDManager tmp, float[] qLat, float[] qLon, ItemTable table) {
    int cols = table.scored();
    long k = qLat.length;
    double kmPerDeg = io.strec.util.Geo.KM_PER_DEGREE;
    NDArray qy = Network.f(tmp, qLat, type, k, 1).mul(kmPerDeg);
    NDArray qx = Network.f(tmp, qLon, type, k, 1).mul(kmPerDeg * lonScale);
    NDArray iy = table.take(tmp, itemLat, 1, cols).mul(kmPerDeg);
    NDArray ix = table.take(tmp, itemLon, 1, cols).mul(kmPerDeg * lonScale);
    NDArray d2 = ix.sub(qx);
    d2.muli(d2);
    NDArray dy = iy.sub(qy);
    dy.muli(dy);
    d2.addi(dy);
    dy.close();
    NDArray near = d2.minimum(NEAR_CUT).muli(-4).exp();
    NDArray far = d2.muli(100).addi(1).log();
    if (placedItems < numItems) {
      NDArray known = table.take(tmp, itemHasLoc, 1, cols);
      far.muli(known);
      near.muli(known);
    }
    return new NDArray[] {far, near};
  }

  private static boolean anyPlace(float[] hasLoc) {
    for (float v : hasLoc) {
      if (v != 0f) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return NAME;
  }
}
