package io.strec.app;

/**
 * How a factored model's catalogue is searched.
 *
 * @param indexAbove catalogues of more items get an item index and two-stage retrieval; smaller
 *     ones are scored whole (faster below some tens of thousands of items)
 * @param candidates items taken from each approximate (HNSW) search, at least k
 * @param exactBelow when the hard filters leave at most this many items, they are all scored
 *     exactly instead
 * @param ringExactBelow a ring around the query place holding at most this many items is scanned
 *     exactly
 * @param firstRingKm radius of the first ring around the query place; each next one doubles it
 * @param maxRings most rings searched
 * @param recallEvery one two-stage query in this many is also scored over the whole catalogue, in
 *     the background, to measure the candidate stage's recall; 0 never
 */
public record RetrievalSettings(
    int indexAbove,
    int candidates,
    int exactBelow,
    int ringExactBelow,
    double firstRingKm,
    int maxRings,
    int recallEvery) {
  public RetrievalSettings {
    if (indexAbove < 0
        || candidates < 1
        || exactBelow < 0
        || ringExactBelow < 0
        || !(firstRingKm > 0)
        || maxRings < 0
        || recallEvery < 0) {
      throw new IllegalArgumentException("invalid retrieval settings: " + this);
    }
  }

  /**
   * An index above 50,000 items; 200 candidates per search; exact below 20,000 filtered items or
   * 30,000 in a ring (scoring an item in Java cost tens of nanoseconds when measured 2026-12, so a
   * whole city is scanned exactly); rings from 1 km, at most 14 (to 8,192 km); recall sampled on
   * one query in 100.
   */
  public static RetrievalSettings defaults() {
    return new RetrievalSettings(50_000, 200, 20_000, 30_000, 1.0, 14, 100);
  }

  /** These settings with another {@code indexAbove}. */
  public RetrievalSettings withIndexAbove(int n) {
    return new RetrievalSettings(
        n, candidates, exactBelow, ringExactBelow, firstRingKm, maxRings, recallEvery);
  }

  /** These settings with another {@code candidates}. */
  public RetrievalSettings withCandidates(int n) {
    return new RetrievalSettings(
        indexAbove, n, exactBelow, ringExactBelow, firstRingKm, maxRings, recallEvery);
  }

  /** These settings with another {@code exactBelow}. */
  public RetrievalSettings withExactBelow(int n) {
    return new RetrievalSettings(
        indexAbove, candidates, n, ringExactBelow, firstRingKm, maxRings, recallEvery);
  }
}
