package io.strec.stm;

import io.strec.model.FactoredModel;
import io.strec.stm.data.Batch;
import io.strec.stm.nn.Network;
import io.strec.stm.nn.QueryForward;
import io.strec.stm.nn.ScoreTerm;
import io.strec.stm.nn.SlotTerm;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code stm}'s score in plain Java, item by item, from what the network computes once per query
 * ({@link Network.QueryTerms}): {@code u . E_i + prior_i + distance_i} plus the network's slot
 * terms ({@link SlotTerm}: repeat, transition, similar). The arithmetic follows the network's own
 * in float, so the two agree to float rounding ({@code FactoredScoringTest}). It holds what it
 * reads of a frozen network: the item vectors and prior, and the {@link QueryForward} that computes
 * the query terms in Java from the same vectors.
 */
final class FactoredScoring {
  /**
   * The dense terms this form serves, in the network's order ({@link Network#denseTerms}): the
   * interest is the item vectors' inner product, the prior their bias (together what a vector index
   * retrieves by), the distance a function of the query place with a bound beyond a distance
   * ({@link Bound}, which retrieval prunes with). A network with other dense terms has no factored
   * form until this class learns theirs.
   */
  private static final List<String> DENSE = List.of("interest", "prior", "distance");

  private static final double KM_PER_DEG = io.strec.util.Geo.KM_PER_DEGREE;

  private final FactoredModel.ItemFactors factors;
  private final float[] y;
  private final float[] x;
  private final boolean[] located;
  private final float yScale;
  private final float xScale;
  private final double lonScale;
  private final int generation;
  private final QueryForward forward;
  private final List<SlotTerm> slotTerms;
  private final List<String> terms;

  /**
   * @throws IllegalStateException when the network is not frozen
   */
  FactoredScoring(Network network, double[] lat, double[] lon) {
    int n = network.numItems();
    this.generation = network.servingGeneration();
    float[] vectors = network.servingItemVectors();
    this.factors =
        new FactoredModel.ItemFactors(
            vectors.length / Math.max(1, n), vectors, network.itemPrior());
    // Shares the vectors: a million-item catalogue's are 256 MB.
    this.forward =
        network.params().type() == ai.djl.ndarray.types.DataType.FLOAT32
            ? new QueryForward(network, vectors)
            : null;
    this.slotTerms = network.slotTerms();
    List<String> dense = network.denseTerms().stream().map(ScoreTerm::name).toList();
    if (!dense.equals(DENSE)) {
      throw new IllegalStateException(
          "the factored scoring serves the dense terms " + DENSE + ", the network has " + dense);
    }
    this.terms = network.terms().stream().map(ScoreTerm::name).toList();
    this.lonScale = network.lonScale();
    this.yScale = (float) KM_PER_DEG;
    this.xScale = (float) (KM_PER_DEG * lonScale);
    this.y = new float[n];
    this.x = new float[n];
    this.located = new boolean[n];
    for (int i = 0; i < n; i++) {
      if (!Double.isNaN(lat[i]) && !Double.isNaN(lon[i])) {
        y[i] = (float) lat[i] * yScale;
        x[i] = (float) lon[i] * xScale;
        located[i] = true;
      }
    }
  }

  /** The names of a score's parts ({@link FactoredModel.Terms}). */
  List<String> terms() {
    return terms;
  }

  FactoredModel.ItemFactors factors() {
    return factors;
  }

  /** The network's {@link Network#servingGeneration} these factors were read under. */
  int generation() {
    return generation;
  }

  /** The query terms in Java; empty when the weights are not float32 (the engine computes them). */
  Optional<QueryForward> forward() {
    return Optional.ofNullable(forward);
  }

  /**
   * The scorer of position {@code q} of {@code bt}, from the network's query terms read back as
   * arrays ({@code user}: (m, d); {@code coef}: (m, 2); {@code slotValues}: per slot term, (m, its
   * slots)).
   */
  FactoredModel.QueryScorer scorer(
      Batch bt, int q, float[] user, float[] coef, List<float[]> slotValues, float[] eventWeights) {
    int d = factors.dim();
    int n = factors.size();
    float[] u = Arrays.copyOfRange(user, q * d, (q + 1) * d);
    Map<Integer, float[]> sparse = new HashMap<>();
    for (int g = 0; g < slotTerms.size(); g++) {
      Batch.Slots s = bt.slots(g);
      place(sparse, s.items(), slotValues.get(g), q, s.count(), g, n, slotTerms.size());
    }
    boolean hasPlace = bt.qHasLoc[q] > 0;
    float qy = bt.qLat[q] * yScale;
    float qx = bt.qLon[q] * xScale;
    return new Scorer(
        u,
        coef[2 * q],
        coef[2 * q + 1],
        hasPlace,
        qy,
        qx,
        bt.qLat[q],
        bt.qLon[q],
        sparse,
        eventWeights);
  }

  private static void place(
      Map<Integer, float[]> sparse,
      long[] items,
      float[] values,
      int q,
      int slots,
      int term,
      int n,
      int terms) {
    for (int s = 0; s < slots; s++) {
      long i = items[q * slots + s];
      if (i >= 0 && i < n) {
        sparse.computeIfAbsent((int) i, k -> new float[terms])[term] += values[q * slots + s];
      }
    }
  }

  private final class Scorer implements FactoredModel.QueryScorer {
    private final float[] u;
    private final float far;
    private final float near;
    private final boolean hasPlace;
    private final float qy;
    private final float qx;
    private final double lat;
    private final double lon;

    /** The items with a slot term, ascending, and their slot terms' values. */
    private final int[] boosted;

    private final float[][] extras;

    /** The same items as a set: most items scored have none, and a bit says so cheaply. */
    private final java.util.BitSet hasExtra;

    private final float[] eventWeights;

    Scorer(
        float[] u,
        float far,
        float near,
        boolean hasPlace,
        float qy,
        float qx,
        double lat,
        double lon,
        Map<Integer, float[]> sparse,
        float[] eventWeights) {
      this.eventWeights = eventWeights;
      this.u = u;
      this.far = far;
      this.near = near;
      this.hasPlace = hasPlace;
      this.qy = qy;
      this.qx = qx;
      this.lat = lat;
      this.lon = lon;
      this.boosted = sparse.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
      this.extras = new float[boosted.length][];
      this.hasExtra = new java.util.BitSet();
      for (int b = 0; b < boosted.length; b++) {
        extras[b] = sparse.get(boosted[b]);
        hasExtra.set(boosted[b]);
      }
    }

    @Override
    public float[] user() {
      return u.clone();
    }

    @Override
    public int[] boosted() {
      return boosted.clone();
    }

    @Override
    public Optional<FactoredModel.Place> place() {
      if (!hasPlace) {
        return Optional.empty();
      }
      return Optional.of(new Bound(lat, lon, far, near, lonScale));
    }

    @Override
    public float score(int i) {
      float s = factors.dotPlusBias(u, i) + distance(i);
      if (hasExtra.get(i)) {
        float extra = 0f;
        for (float e : extras[java.util.Arrays.binarySearch(boosted, i)]) {
          extra += e;
        }
        s += extra;
      }
      return s;
    }

    private float distance(int i) {
      if (!located[i]) {
        return 0f;
      }
      float dx = x[i] - qx;
      float dy = y[i] - qy;
      float d2 = dx * dx + dy * dy;
      float farBase = (float) Math.log(d2 * 100f + 1f);
      float nearBase = (float) Math.exp(Math.min(d2, (float) Network.NEAR_CUT) * -4f);
      return farBase * far + nearBase * near;
    }

    @Override
    public float[] eventWeights() {
      return eventWeights.clone();
    }

    @Override
    public FactoredModel.Terms terms(int i) {
      float interest = factors.dotPlusBias(u, i) - factors.bias()[i];
      float[] extra =
          hasExtra.get(i)
              ? extras[java.util.Arrays.binarySearch(boosted, i)]
              : new float[slotTerms.size()];
      float[] parts = new float[DENSE.size() + extra.length];
      parts[0] = interest;
      parts[1] = factors.bias()[i];
      parts[2] = distance(i);
      System.arraycopy(extra, 0, parts, DENSE.size(), extra.length);
      return new FactoredModel.Terms(terms, parts);
    }
  }

  /**
   * The distance term {@code far log(1 + 100 d^2) + near exp(-4 d^2)} (d: the network's flat
   * kilometres) bounded beyond a great-circle distance. The flat distance shrinks east-west lengths
   * by at most the network's longitude scale, so an item {@code km} away is at least {@code 0.99
   * lonScale km} away flat.
   */
  private record Bound(double latitude, double longitude, float far, float near, double lonScale)
      implements FactoredModel.Place {
    @Override
    public double maxTermBeyond(double km) {
      if (far > 0) {
        return Double.POSITIVE_INFINITY;
      }
      double d = Math.max(0, km) * 0.99 * lonScale;
      double d2 = d * d;
      return far * Math.log(1 + 100 * d2)
          + Math.max(0, near * Math.exp(-4 * Math.min(d2, Network.NEAR_CUT)));
    }
  }
}
