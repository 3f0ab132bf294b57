package io.strec.app;

import io.strec.eval.Ranking;
import io.strec.model.FactoredModel;
import io.strec.util.Geo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.search.Query;

/**
 * Two-stage retrieval over a large catalogue: candidates from the item index, then the model's
 * exact score of each candidate in plain Java ({@link FactoredModel.QueryScorer}).
 *
 * <p>Candidates come from every source that can put an item in the top:
 *
 * <ul>
 *   <li>the items whose score holds a sparse term (repeat, transition, text neighbour);
 *   <li>the approximate best items by {@code user . vector + bias} (HNSW), under the hard filters
 *       (the radius as its box, the disc then tested exactly);
 *   <li>when the score falls with distance from the query place, the items near it: rings (as boxes
 *       around discs) of growing radius (to the radius the bound asks for, at least doubling, at
 *       most eightfold), each scanned exactly when it holds few enough items and by HNSW otherwise,
 *       until the largest score an item beyond the ring could reach (the best {@code user . vector
 *       + bias} found plus the model's bound on the distance term beyond the radius) is below the
 *       k-th best score found.
 * </ul>
 *
 * When the hard filters leave few items, they are all scored exactly instead (as Lucene and Vespa
 * do).
 */
final class TwoStage {
  /**
   * The ranked items and how they were found.
   *
   * @param path {@code exact-filtered} or {@code two-stage}
   * @param scored how many items were scored exactly
   * @param proven whether the place rings ended on the bound (no item beyond could enter)
   */
  record Result(int[] items, float[] scores, String path, int scored, boolean proven) {}

  private final RetrievalSettings settings;

  TwoStage(RetrievalSettings settings) {
    this.settings = settings;
  }

  Result search(
      ItemIndex index,
      Catalogue catalogue,
      Ranking ranking,
      FactoredModel.QueryScorer scorer,
      Optional<Query> filter,
      Optional<Geo.Disc> disc,
      BitSet hidden,
      int k)
      throws IOException {
    Pool pool = new Pool(catalogue, hidden, disc, scorer, k);
    if (filter.isPresent()) {
      Optional<int[]> few = index.collectAtMost(filter.get(), settings.exactBelow());
      if (few.isPresent()) {
        pool.addAll(few.get());
        return pool.result(ranking, k, "exact-filtered", false);
      }
    }
    int want = Math.max(k, settings.candidates());
    int fetch = want + Math.min(hidden.cardinality(), 10_000);
    if (disc.isPresent()) {
      // The index answers the radius with its box: about a fifth of what it finds lies in the
      // corners and is dropped by the exact test.
      fetch += fetch / 3;
    }
    float[] user = scorer.user();
    int[] nearest = index.nearest(user, fetch, filter);
    pool.addAll(nearest);
    int[] boosted = scorer.boosted();
    if (boosted.length > 0) {
      if (filter.isPresent()) {
        List<String> ids = new ArrayList<>(boosted.length);
        for (int i : boosted) {
          ids.add(catalogue.ids().id(i));
        }
        pool.addAll(index.collect(ItemIndex.among(filter, ids)));
      } else {
        pool.addAll(boosted);
      }
    }
    boolean proven = false;
    Optional<FactoredModel.Place> place = scorer.place();
    if (place.isPresent() && Double.isFinite(place.get().maxTermBeyond(0))) {
      float best = pool.bestInterest(nearest);
      FactoredModel.Place at = place.get();
      double r = settings.firstRingKm();
      int previous = -1;
      double inner = 0;
      for (int ring = 0; ring < settings.maxRings(); ring++) {
        Query box = ItemIndex.box(at.latitude(), at.longitude(), r);
        Query local = filter.map(g -> ItemIndex.and(g, box)).orElse(box);
        int count = index.count(Optional.of(local));
        // A ring holding no item the last one did not needs no search: only the bound moved.
        if (count != previous) {
          if (count <= settings.ringExactBelow()) {
            // Only the new band: the inner ring was collected whole already when it was exact.
            Query band =
                previous >= 0 && previous <= settings.ringExactBelow()
                    ? ItemIndex.withoutBox(local, at.latitude(), at.longitude(), inner)
                    : local;
            pool.addAll(index.collect(band));
          } else {
            pool.addAll(index.nearest(user, fetch, Optional.of(local)));
          }
        }
        previous = count;
        inner = r;
        // The smallest radius beyond which no item can beat the k-th best found so far.
        double enough = radiusBeyondReach(at, best, pool.kth());
        if (enough <= r) {
          proven = true;
          break;
        }
        // Straight to the radius the bound asks for, but at most 8 times wider than the last
        // ring: nearer rings raise the k-th best and so shrink what the bound asks for.
        r = Math.min(MAX_RADIUS_KM, Math.min(8 * r, Math.max(2 * r, enough)));
      }
    }
    return pool.result(ranking, k, "two-stage", proven);
  }

  /** Half the Earth's circumference: a radius beyond it covers everything. */
  private static final double MAX_RADIUS_KM = 20_037;

  /**
   * The smallest radius r (within {@link #MAX_RADIUS_KM}) such that {@code best +
   * place.maxTermBeyond(r) < kth}: no item beyond r can score above the k-th best found. The bound
   * falls as r grows, so a bisection finds it; {@code +Infinity} when even the whole Earth is not
   * enough (or no k-th best is known yet).
   */
  static double radiusBeyondReach(FactoredModel.Place place, float best, float kth) {
    if (kth == Float.NEGATIVE_INFINITY || !(best + place.maxTermBeyond(MAX_RADIUS_KM) < kth)) {
      return Double.POSITIVE_INFINITY;
    }
    double lo = 0;
    double hi = MAX_RADIUS_KM;
    if (best + place.maxTermBeyond(lo) < kth) {
      return lo;
    }
    for (int i = 0; i < 60 && hi - lo > 1e-3; i++) {
      double mid = (lo + hi) / 2;
      if (best + place.maxTermBeyond(mid) < kth) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }

  /** Candidate items, each scored once, never a hidden one nor one outside the disc. */
  private static final class Pool {
    private final BitSet seen;
    private final BitSet hidden;
    private final Catalogue catalogue;
    private final Geo.Disc disc; // null: no radius filter
    private final FactoredModel.QueryScorer scorer;
    private int[] items = new int[256];
    private float[] scores = new float[256];
    private int size;

    /** The best {@code heap.length} scores so far, a min-heap (the k-th best at the root). */
    private final float[] heap;

    private int heapSize;

    Pool(
        Catalogue catalogue,
        BitSet hidden,
        Optional<Geo.Disc> disc,
        FactoredModel.QueryScorer scorer,
        int k) {
      this.seen = new BitSet(catalogue.size());
      this.hidden = hidden;
      this.catalogue = catalogue;
      this.disc = disc.orElse(null);
      this.scorer = scorer;
      this.heap = new float[Math.max(1, k)];
    }

    private void offer(float score) {
      if (heapSize < heap.length) {
        int i = heapSize++;
        heap[i] = score;
        while (i > 0 && heap[(i - 1) / 2] > heap[i]) {
          float t = heap[i];
          heap[i] = heap[(i - 1) / 2];
          heap[(i - 1) / 2] = t;
          i = (i - 1) / 2;
        }
      } else if (score > heap[0]) {
        heap[0] = score;
        int i = 0;
        while (true) {
          int l = 2 * i + 1;
          int r = l + 1;
          int m = i;
          if (l < heapSize && heap[l] < heap[m]) {
            m = l;
          }
          if (r < heapSize && heap[r] < heap[m]) {
            m = r;
          }
          if (m == i) {
            return;
          }
          float t = heap[i];
          heap[i] = heap[m];
          heap[m] = t;
          i = m;
        }
      }
    }

    void addAll(int[] more) {
      for (int i : more) {
        if (hidden.get(i) || seen.get(i)) {
          continue;
        }
        seen.set(i);
        if (disc != null && !catalogue.within(i, disc)) {
          continue;
        }
        if (size == items.length) {
          items = Arrays.copyOf(items, size * 2);
          scores = Arrays.copyOf(scores, size * 2);
        }
        items[size] = i;
        scores[size] = scorer.score(i);
        offer(scores[size]);
        size++;
      }
    }

    /** The best {@code user . vector + bias} among {@code nearest} (its exact value). */
    float bestInterest(int[] nearest) {
      float best = Float.NEGATIVE_INFINITY;
      FactoredModel.Terms t;
      for (int i : nearest) {
        t = scorer.terms(i);
        best = Math.max(best, t.values()[0] + t.values()[1]);
      }
      return best;
    }

    /** The k-th best score so far; -Infinity with fewer than k candidates. */
    float kth() {
      return heapSize < heap.length ? Float.NEGATIVE_INFINITY : heap[0];
    }

    Result result(Ranking ranking, int k, String path, boolean proven) {
      int[] cand = Arrays.copyOf(items, size);
      float[] sc = Arrays.copyOf(scores, size);
      int[] top = ranking.topAmong(cand, sc, k);
      float[] topScores = new float[top.length];
      for (int r = 0; r < top.length; r++) {
        topScores[r] = scorer.score(top[r]);
      }
      return new Result(top, topScores, path, size, proven);
    }
  }
}
