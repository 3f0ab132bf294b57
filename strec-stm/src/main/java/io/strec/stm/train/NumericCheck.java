package io.strec.stm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.strec.stm.data.Batch;
import io.strec.stm.data.Features;
import io.strec.stm.nn.Params;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The debug switch of training ({@link io.strec.stm.TrainOptions#checkNumerics()}): before each
 * step every input of the batch is checked (finite features, indices inside their tables, a visible
 * position in every attention row), and after each backward pass the loss, every weight and every
 * gradient. The first failure stops training with a message that names the array, the number of bad
 * entries and the first of them. Costs a host copy of every weight and gradient per step, so it is
 * off by default.
 *
 * <p>{@link #nonFinite} is also what the trainer logs when it skips a step without the switch.
 */
public final class NumericCheck {
  private NumericCheck() {}

  /**
   * Checks the inputs of {@code bt} for a catalogue of {@code numItems} items (index {@code
   * numItems} is padding) and {@code regions} region ids.
   *
   * @throws IllegalStateException naming the first bad array
   */
  public static void inputs(Batch bt, int numItems, int regions) {
    List<String> bad = new ArrayList<>();
    finite(bad, "timeFeat", bt.timeFeat);
    finite(bad, "spaceFeat", bt.spaceFeat);
    finite(bad, "qTimeFeat", bt.qTimeFeat);
    finite(bad, "qLat", bt.qLat);
    finite(bad, "qLon", bt.qLon);
    finite(bad, "qHasLoc", bt.qHasLoc);
    finite(bad, "attMask", bt.attMask);
    finite(bad, "qMask", bt.qMask);
    range(bad, "item", bt.item, numItems + 1L);
    range(bad, "region", bt.region, regions);
    range(bad, "qRegion", bt.qRegion, regions);
    range(bad, "timeBucket", bt.timeBucket, Features.TIME_BUCKETS);
    range(bad, "distBucket", bt.distBucket, Features.DIST_BUCKETS + 1L);
    range(bad, "qTimeBucket", bt.qTimeBucket, Features.TIME_BUCKETS);
    range(bad, "qDistBucket", bt.qDistBucket, Features.DIST_BUCKETS + 1L);
    range(bad, "selRow", bt.selRow, (long) bt.b * bt.l);
    range(bad, "selSeq", bt.selSeq, bt.b);
    range(bad, "target", bt.target, numItems);
    for (int g = 0; g < bt.slotTerms(); g++) {
      finite(bad, "slot term " + g + " features", bt.slots(g).features());
      range(bad, "slot term " + g + " items", bt.slots(g).items(), numItems + 1L);
    }
    someVisible(bad, "attMask", bt.attMask, bt.l);
    someVisible(bad, "qMask", bt.qMask, bt.l);
    if (!bad.isEmpty()) {
      throw new IllegalStateException("stm batch inputs: " + String.join("; ", bad));
    }
  }

  /**
   * Checks the loss, every weight and every gradient after a backward pass.
   *
   * @throws IllegalStateException naming every array with a non-finite entry
   */
  public static void afterBackward(float loss, Params params) {
    List<String> bad = new ArrayList<>();
    if (!Float.isFinite(loss)) {
      bad.add("loss " + loss);
    }
    for (var e : params.all().entrySet()) {
      try (NDArray w = e.getValue().stopGradient()) {
        describe(bad, "weight " + e.getKey(), w);
      }
    }
    bad.addAll(nonFinite(params));
    if (!bad.isEmpty()) {
      throw new IllegalStateException("stm numerics after backward: " + String.join("; ", bad));
    }
  }

  /** The gradients with a non-finite entry, each with the count and the first bad value. */
  public static List<String> nonFinite(Params params) {
    List<String> bad = new ArrayList<>();
    for (Map.Entry<String, NDArray> e : params.all().entrySet()) {
      try (NDArray g = e.getValue().getGradient()) {
        describe(bad, "gradient " + e.getKey(), g);
      }
    }
    return bad;
  }

  private static void describe(List<String> bad, String name, NDArray a) {
    float[] v;
    try (NDArray f = a.toType(DataType.FLOAT32, true)) {
      v = f.toFloatArray();
    }
    finite(bad, name, v);
  }

  private static void finite(List<String> bad, String name, float[] v) {
    int count = 0;
    int first = -1;
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        count++;
        first = first < 0 ? i : first;
      }
    }
    if (count > 0) {
      bad.add(
          String.format(
              Locale.ROOT,
              "%s has %d non-finite of %d (first at %d: %s)",
              name,
              count,
              v.length,
              first,
              v[first]));
    }
  }

  private static void range(List<String> bad, String name, long[] v, long size) {
    for (int i = 0; i < v.length; i++) {
      if (v[i] < 0 || v[i] >= size) {
        bad.add(name + "[" + i + "] = " + v[i] + " outside [0, " + size + ")");
        return;
      }
    }
  }

  /** Every row of {@code l} entries must allow one position, or its softmax has no support. */
  private static void someVisible(List<String> bad, String name, float[] mask, int l) {
    for (int row = 0; row * l < mask.length; row++) {
      boolean any = false;
      for (int j = 0; j < l && !any; j++) {
        any = mask[row * l + j] > 0;
      }
      if (!any) {
        bad.add(name + " row " + row + " hides every position");
        return;
      }
    }
  }
}
