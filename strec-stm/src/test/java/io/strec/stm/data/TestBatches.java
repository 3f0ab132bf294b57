package io.strec.stm.data;

/** Batches made by hand for tests of the network's parts, outside this package. */
public final class TestBatches {
  private TestBatches() {}

  /**
   * A batch of one empty window with {@code lat.length} scored positions whose query places are
   * {@code lat}, {@code lon} where {@code hasLoc} is 1; no slot terms, no behaviour text.
   */
  public static Batch queries(float[] lat, float[] lon, float[] hasLoc) {
    int m = lat.length;
    Batch bt = new Batch(1, 1, m, new int[0], new int[0], 0);
    System.arraycopy(lat, 0, bt.qLat, 0, m);
    System.arraycopy(lon, 0, bt.qLon, 0, m);
    System.arraycopy(hasLoc, 0, bt.qHasLoc, 0, m);
    return bt;
  }
}
