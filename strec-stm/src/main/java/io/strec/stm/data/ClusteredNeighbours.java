package io.strec.stm.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Text neighbours of a catalogue too large for the whole similarity matrix (a million items make
 * 10<sup>12</sup> cosines): the unit vectors are grouped by spherical k-means into about √n
 * clusters, and each item's neighbours are sought among the members of the {@link #PROBES} clusters
 * whose centroids are nearest its own cluster's (its own included), as an inverted-file index
 * searches. The lists follow the rules of {@link TextNeighbours#of} within that pool, so they are
 * exact wherever an item's true neighbours lie in the probed clusters; elsewhere a neighbour may be
 * missed (the recall against the exact lists is measured by {@code TextNeighboursBench} and tested
 * on clustered data in {@code ClusteredNeighboursTest}).
 *
 * <p>The search costs about {@code PROBES / √n} of the exact one's (measured 2026-12 on 100,000
 * real item texts, fewer and larger clusters were both faster and more exact than √(PROBES·n)
 * smaller ones: the engine calls per cluster cost more than the cosines they save). Every random
 * choice (the k-means sample and its first centroids) comes from {@code seed}.
 */
final class ClusteredNeighbours {
  /** Clusters searched for an item's neighbours: its own and the nearest others by centroid. */
  static final int PROBES = 6;

  /** Most rounds of k-means on the sample; it stops earlier when no assignment changes. */
  static final int ROUNDS = 12;

  /** Sampled items per cluster that the centroids are fitted on. */
  static final int SAMPLE_PER_CLUSTER = 40;

  /** Floats of one similarity block on the engine: about 64 MB. */
  private static final long BLOCK_FLOATS = 1L << 24;

  private final float[][] text;
  private final double[] invNorm;
  private final int dim;
  private final NDManager manager;

  private ClusteredNeighbours(float[][] text, NDManager manager) {
    this.text = text;
    this.dim = text[0].length;
    this.manager = manager;
    this.invNorm = new double[text.length];
    for (int i = 0; i < text.length; i++) {
      if (text[i].length != dim) {
        throw new IllegalArgumentException(
            "text vector dimensions differ: item "
                + i
                + " has "
                + text[i].length
                + ", item 0 has "
                + dim);
      }
      double norm = 0;
      for (float x : text[i]) {
        norm += (double) x * x;
      }
      invNorm[i] = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    }
  }

  /**
   * The {@code keep} nearest items of each item, sought in its probed clusters.
   *
   * @param log receives a progress line about every tenth of the work
   */
  static TextNeighbours find(
      float[][] text, int keep, NDManager manager, long seed, Consumer<String> log) {
    return find(text, keep, manager, seed, PROBES, log);
  }

  /** As {@link #find(float[][], int, NDManager, long, Consumer)}, probing {@code probes}. */
  static TextNeighbours find(
      float[][] text, int keep, NDManager manager, long seed, int probes, Consumer<String> log) {
    if (probes <= 0) {
      throw new IllegalArgumentException("probes must be > 0, got " + probes);
    }
    int n = text.length;
    int[][] next = new int[n][0];
    float[][] cos = new float[n][0];
    if (n == 0 || keep <= 0) {
      return TextNeighbours.fromLists(next, cos);
    }
    ClusteredNeighbours c = new ClusteredNeighbours(text, manager);
    int[] withText = c.itemsWithText();
    if (withText.length < 2) {
      return TextNeighbours.fromLists(next, cos);
    }
    long start = System.nanoTime();
    int clusters = Math.max(1, (int) Math.round(Math.sqrt(withText.length)));
    float[] centroids = c.kMeans(withText, clusters, new SplittableRandom(seed));
    int[] assigned = c.assign(withText, centroids, clusters);
    int[][] members = members(withText, assigned, clusters);
    int[][] probed = c.probes(centroids, clusters, probes);
    log.accept(
        String.format(
            Locale.ROOT,
            "text neighbours: %,d items in %,d clusters (largest %,d) after %.1f s",
            withText.length,
            clusters,
            Arrays.stream(members).mapToInt(m -> m.length).max().orElse(0),
            (System.nanoTime() - start) / 1e9));
    long searchStart = System.nanoTime();
    int done = 0;
    int nextReport = withText.length / 10;
    for (int k = 0; k < clusters; k++) {
      if (members[k].length == 0) {
        continue;
      }
      int[] pool = pool(members, probed[k]);
      c.search(members[k], pool, keep, next, cos);
      done += members[k].length;
      if (done >= nextReport && done < withText.length) {
        double s = (System.nanoTime() - searchStart) / 1e9;
        double rate = done / Math.max(s, 1e-9);
        log.accept(
            String.format(
                Locale.ROOT,
                "text neighbours: %,d of %,d items (%,.0f items/s, %.0f s left)",
                done,
                withText.length,
                rate,
                (withText.length - done) / rate));
        nextReport += withText.length / 10;
      }
    }
    return TextNeighbours.fromLists(next, cos);
  }

  private int[] itemsWithText() {
    int m = 0;
    for (double v : invNorm) {
      m += v > 0 ? 1 : 0;
    }
    int[] out = new int[m];
    int k = 0;
    for (int i = 0; i < invNorm.length; i++) {
      if (invNorm[i] > 0) {
        out[k++] = i;
      }
    }
    return out;
  }

  /** The unit vectors of {@code items}, row-major. */
  private float[] gather(int[] items, int from, int to) {
    float[] out = new float[(to - from) * dim];
    for (int r = from; r < to; r++) {
      float[] row = text[items[r]];
      double s = invNorm[items[r]];
      int o = (r - from) * dim;
      for (int k = 0; k < dim; k++) {
        out[o + k] = (float) (row[k] * s);
      }
    }
    return out;
  }

  /**
   * Spherical k-means on a seeded sample: the centroids ({@code clusters x dim}, row-major, unit
   * length), started from distinct sampled items.
   */
  private float[] kMeans(int[] items, int clusters, SplittableRandom rnd) {
    int size = (int) Math.min(items.length, (long) clusters * SAMPLE_PER_CLUSTER);
    int[] sample = items.clone();
    for (int i = 0; i < size; i++) {
      int j = i + rnd.nextInt(sample.length - i);
      int t = sample[i];
      sample[i] = sample[j];
      sample[j] = t;
    }
    sample = Arrays.copyOf(sample, size);
    Arrays.sort(sample);
    float[] points = gather(sample, 0, size);
    // The first centroids are the sample's first items in shuffled order: distinct items.
    float[] centroids = new float[clusters * dim];
    int[] order = rnd.ints(0, size).distinct().limit(clusters).toArray();
    for (int k = 0; k < clusters; k++) {
      System.arraycopy(points, order[k] * dim, centroids, k * dim, dim);
    }
    int[] assigned = new int[size];
    Arrays.fill(assigned, -1);
    try (NDManager sub = manager.newSubManager()) {
      NDArray p = sub.create(points, new Shape(size, dim));
      for (int round = 0; round < ROUNDS; round++) {
        int[] now;
        try (NDManager pass = sub.newSubManager()) {
          now = nearest(pass, p, columns(pass, centroids, clusters));
        }
        if (Arrays.equals(now, assigned)) {
          break;
        }
        assigned = now;
        double[] sum = new double[clusters * dim];
        for (int r = 0; r < size; r++) {
          int o = assigned[r] * dim;
          for (int k = 0; k < dim; k++) {
            sum[o + k] += points[r * dim + k];
          }
        }
        for (int c = 0; c < clusters; c++) {
          double norm = 0;
          for (int k = 0; k < dim; k++) {
            norm += sum[c * dim + k] * sum[c * dim + k];
          }
          if (norm == 0) {
            continue; // an empty cluster keeps its centroid
          }
          double s = 1 / Math.sqrt(norm);
          for (int k = 0; k < dim; k++) {
            centroids[c * dim + k] = (float) (sum[c * dim + k] * s);
          }
        }
      }
    }
    return centroids;
  }

  /**
   * The nearest centroid of each row of {@code points}; {@code ct} holds the centroids as columns.
   */
  private static int[] nearest(NDManager m, NDArray points, NDArray ct) {
    long rows = points.getShape().get(0);
    int block = (int) Math.max(1, BLOCK_FLOATS / ct.getShape().get(1));
    int[] out = new int[(int) rows];
    for (long start = 0; start < rows; start += block) {
      long end = Math.min(rows, start + block);
      try (NDManager b = m.newSubManager()) {
        NDArray part = points.get(b, new NDIndex(start + ":" + end));
        long[] best = part.matMul(ct).argMax(1).toType(DataType.INT64, false).toLongArray();
        for (int r = 0; r < best.length; r++) {
          out[(int) (start + r)] = (int) best[r];
        }
      }
    }
    return out;
  }

  /** The centroids as columns ({@code dim x clusters}), for {@link #nearest}. */
  private NDArray columns(NDManager m, float[] centroids, int clusters) {
    return m.create(centroids, new Shape(clusters, dim)).transpose();
  }

  /** The cluster of every item of {@code items}, in their order. */
  private int[] assign(int[] items, float[] centroids, int clusters) {
    int block = (int) Math.max(1, BLOCK_FLOATS / Math.max(clusters, dim));
    int[] out = new int[items.length];
    try (NDManager sub = manager.newSubManager()) {
      NDArray ct = columns(sub, centroids, clusters);
      for (int start = 0; start < items.length; start += block) {
        int end = Math.min(items.length, start + block);
        try (NDManager step = sub.newSubManager()) {
          NDArray rows = step.create(gather(items, start, end), new Shape(end - start, dim));
          int[] part = nearest(step, rows, ct);
          System.arraycopy(part, 0, out, start, part.length);
        }
      }
    }
    return out;
  }

  /** The items of each cluster, in item order. */
  private static int[][] members(int[] items, int[] assigned, int clusters) {
    int[] size = new int[clusters];
    for (int a : assigned) {
      size[a]++;
    }
    int[][] out = new int[clusters][];
    for (int c = 0; c < clusters; c++) {
      out[c] = new int[size[c]];
    }
    int[] fill = new int[clusters];
    for (int r = 0; r < items.length; r++) {
      out[assigned[r]][fill[assigned[r]]++] = items[r];
    }
    return out;
  }

  /** Each cluster's probed clusters: itself, then the nearest others by centroid cosine. */
  private int[][] probes(float[] centroids, int clusters, int probes) {
    int p = Math.min(probes, clusters);
    int[][] out = new int[clusters][];
    try (NDManager step = manager.newSubManager()) {
      NDArray c = step.create(centroids, new Shape(clusters, dim));
      int block = (int) Math.max(1, BLOCK_FLOATS / clusters);
      for (int start = 0; start < clusters; start += block) {
        int end = Math.min(clusters, start + block);
        try (NDManager b = step.newSubManager()) {
          NDArray sims = c.get(b, new NDIndex(start + ":" + end)).matMul(c.transpose());
          long[] idx =
              sims.topK(p, 1, true, true).get(1).toType(DataType.INT64, false).toLongArray();
          for (int r = 0; r < end - start; r++) {
            int own = start + r;
            int[] probe = new int[p];
            probe[0] = own;
            int f = 1;
            for (int k = 0; k < p && f < p; k++) {
              int other = (int) idx[r * p + k];
              if (other != own) {
                probe[f++] = other;
              }
            }
            out[own] = Arrays.copyOf(probe, f);
          }
        }
      }
    }
    return out;
  }

  /** The members of the probed clusters, in item order. */
  private static int[] pool(int[][] members, int[] probe) {
    int size = 0;
    for (int c : probe) {
      size += members[c].length;
    }
    int[] out = new int[size];
    int f = 0;
    for (int c : probe) {
      System.arraycopy(members[c], 0, out, f, members[c].length);
      f += members[c].length;
    }
    Arrays.sort(out);
    return out;
  }

  /** Fills the lists of {@code queries} from the items of {@code pool} (ascending item ids). */
  private void search(int[] queries, int[] pool, int keep, int[][] next, float[][] cos) {
    int take = Math.min(pool.length, keep + 1 + TextNeighbours.TIE_SLACK);
    int block = (int) Math.max(1, BLOCK_FLOATS / pool.length);
    try (NDManager step = manager.newSubManager()) {
      NDArray poolT =
          step.create(gather(pool, 0, pool.length), new Shape(pool.length, dim)).transpose();
      for (int start = 0; start < queries.length; start += block) {
        int end = Math.min(queries.length, start + block);
        try (NDManager b = step.newSubManager()) {
          NDArray sims =
              b.create(gather(queries, start, end), new Shape(end - start, dim)).matMul(poolT);
          NDList top = sims.topK(take, 1, true, true);
          float[] vals = top.get(0).toFloatArray();
          long[] idx = top.get(1).toType(DataType.INT64, false).toLongArray();
          for (int k = 0; k < idx.length; k++) {
            idx[k] = pool[(int) idx[k]];
          }
          for (int r = 0; r < end - start; r++) {
            int item = queries[start + r];
            if (!TextNeighbours.select(item, vals, idx, r * take, take, keep, next, cos)
                && take < pool.length) {
              TextNeighbours.selectExact(item, sims.get(r).toFloatArray(), pool, keep, next, cos);
            }
          }
        }
      }
    }
  }
}
