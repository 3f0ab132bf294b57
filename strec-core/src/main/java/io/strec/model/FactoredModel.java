package io.strec.model;

import java.util.List;

/**
 * A model whose score of item {@code i} for a query splits into {@code user . vector_i + bias_i},
 * where the item vectors and biases are fixed for the model's life, plus a remainder that the model
 * computes cheaply for any single item: what two-stage retrieval needs. The candidate stage
 * searches the item vectors (maximum inner product, bias appended); {@link QueryScorer} then gives
 * the exact score of each candidate in plain Java, with no engine call per item.
 */
public interface FactoredModel extends Model {
  /** The query-independent part, over the whole catalogue; the same object for the model's life. */
  ItemFactors itemFactors();

  /**
   * The per-query part of each query, computed together (an engine's per-call cost is paid once).
   * {@code scorers.get(q).score(i)} equals {@code score(queries.get(q))[i]} up to float rounding.
   */
  List<QueryScorer> scorers(List<Query> queries);

  /**
   * Item vectors and biases: row {@code i} of {@code vectors} ({@code dim} floats from {@code i *
   * dim}) and {@code bias[i]}.
   */
  record ItemFactors(int dim, float[] vectors, float[] bias) {
    public ItemFactors {
      if (dim < 1 || vectors.length % dim != 0 || vectors.length / dim != bias.length) {
        throw new IllegalArgumentException(
            "item factors of "
                + vectors.length
                + " floats at dimension "
                + dim
                + " for "
                + bias.length
                + " biases");
      }
    }

    /** Number of items. */
    public int size() {
      return bias.length;
    }

    /**
     * {@code user . vector_i + bias_i}, summed in four interleaved partial sums (the hot loop of
     * two-stage retrieval: independent sums let the processor overlap the multiply-adds that one
     * running sum must do in turn; the result differs from a left-to-right sum only in rounding).
     */
    public float dotPlusBias(float[] user, int i) {
      int o = i * dim;
      float s0 = 0;
      float s1 = 0;
      float s2 = 0;
      float s3 = 0;
      int j = 0;
      for (; j + 3 < dim; j += 4) {
        s0 += user[j] * vectors[o + j];
        s1 += user[j + 1] * vectors[o + j + 1];
        s2 += user[j + 2] * vectors[o + j + 2];
        s3 += user[j + 3] * vectors[o + j + 3];
      }
      for (; j < dim; j++) {
        s0 += user[j] * vectors[o + j];
      }
      return (s0 + s1) + (s2 + s3) + bias[i];
    }
  }

  /** The per-query part of the score. Not shared between threads. */
  interface QueryScorer {
    /** The query vector: the score is {@code user . vector_i + bias_i} plus the remainder. */
    float[] user();

    /**
     * The items whose remainder holds a term that only a few items get (a repeat of the user's own
     * items, a transition from the last one, a text neighbour): always candidates.
     */
    int[] boosted();

    /**
     * Where the query is, when the score depends on the distance from it: the candidate stage then
     * also searches near it. Empty when the model ignores place or the query has none.
     */
    java.util.Optional<Place> place();

    /** The full score of item {@code i}, as {@link Model#score} gives it. */
    float score(int i);

    /** The named terms that add up to {@link #score}{@code (i)}. */
    Terms terms(int i);

    /**
     * How much each event of the query's history weighed in its state (one entry per history event,
     * 0 for those the model did not look at); empty when the model does not say.
     */
    float[] eventWeights();
  }

  /**
   * A query place and the largest value the place-dependent term can take for an item at least
   * {@code km} from it ({@link #maxTermBeyond}); used to prove that items far away cannot enter the
   * top.
   */
  interface Place {
    double latitude();

    double longitude();

    /**
     * An upper bound on the place-dependent part of the score of any located item whose distance
     * from the place is at least {@code km}; {@code +Infinity} when none is known.
     */
    double maxTermBeyond(double km);
  }

  /** Named terms of one item's score, in a fixed order per model. */
  record Terms(List<String> names, float[] values) {}
}
