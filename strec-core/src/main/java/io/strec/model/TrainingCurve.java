package io.strec.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a model learned, epoch by epoch: the mean training loss and the inner-validation MRR after
 * each epoch this fit ran (NaN where there was no validation). It travels in a model's {@link
 * ServableModel#trainingSummary() training summary} (and so in a saved model's provenance) as two
 * entries of {@code epoch:value} pairs, e.g. {@code loss_by_epoch=1:5.41,2:4.97}.
 *
 * @param epochs 1-based epoch numbers, increasing (a resumed fit starts after the saved epochs)
 * @param loss mean training loss per epoch, parallel to {@code epochs}
 * @param validMrr inner-validation MRR per epoch, parallel to {@code epochs}
 */
public record TrainingCurve(int[] epochs, double[] loss, double[] validMrr) {
  /** Summary key of the losses. */
  public static final String LOSS_KEY = "loss_by_epoch";

  /** Summary key of the inner-validation MRRs. */
  public static final String VALID_MRR_KEY = "inner_valid_mrr_by_epoch";

  public TrainingCurve {
    epochs = epochs.clone();
    loss = loss.clone();
    validMrr = validMrr.clone();
    if (loss.length != epochs.length || validMrr.length != epochs.length) {
      throw new IllegalArgumentException(
          "a training curve needs one loss and one MRR per epoch: "
              + epochs.length
              + " epochs, "
              + loss.length
              + " losses, "
              + validMrr.length
              + " MRRs");
    }
    for (int i = 0; i < epochs.length; i++) {
      if (epochs[i] < 1 || (i > 0 && epochs[i] <= epochs[i - 1])) {
        throw new IllegalArgumentException(
            "epochs must be >= 1 and increasing: " + java.util.Arrays.toString(epochs));
      }
    }
  }

  /** A curve from lists of equal length. */
  public static TrainingCurve of(List<Integer> epochs, List<Double> loss, List<Double> validMrr) {
    return new TrainingCurve(
        epochs.stream().mapToInt(Integer::intValue).toArray(),
        loss.stream().mapToDouble(Double::doubleValue).toArray(),
        validMrr.stream().mapToDouble(Double::doubleValue).toArray());
  }

  @Override
  public int[] epochs() {
    return epochs.clone();
  }

  @Override
  public double[] loss() {
    return loss.clone();
  }

  @Override
  public double[] validMrr() {
    return validMrr.clone();
  }

  public int size() {
    return epochs.length;
  }

  /** The two summary entries, {@link #LOSS_KEY} and {@link #VALID_MRR_KEY}. */
  public Map<String, String> toSummary() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(LOSS_KEY, join(loss));
    m.put(VALID_MRR_KEY, join(validMrr));
    return m;
  }

  private String join(double[] values) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < epochs.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(epochs[i]).append(':').append(String.format(Locale.ROOT, "%.6g", values[i]));
    }
    return sb.toString();
  }

  /**
   * The curve recorded in {@code summary}, or empty when it has none (a model fitted in one pass).
   *
   * @param source named in errors, e.g. the model
   * @throws IllegalArgumentException naming the key and the malformed entry
   */
  public static Optional<TrainingCurve> fromSummary(Map<String, String> summary, String source) {
    String l = summary.get(LOSS_KEY);
    String v = summary.get(VALID_MRR_KEY);
    if (l == null && v == null) {
      return Optional.empty();
    }
    if (l == null || v == null) {
      throw new IllegalArgumentException(
          source + ": training summary has only one of " + LOSS_KEY + " and " + VALID_MRR_KEY);
    }
    Map<Integer, Double> loss = parse(l, LOSS_KEY, source);
    Map<Integer, Double> mrr = parse(v, VALID_MRR_KEY, source);
    if (!loss.keySet().equals(mrr.keySet())) {
      throw new IllegalArgumentException(
          source
              + ": "
              + LOSS_KEY
              + " has epochs "
              + loss.keySet()
              + " but "
              + VALID_MRR_KEY
              + " has "
              + mrr.keySet());
    }
    return Optional.of(
        of(List.copyOf(loss.keySet()), List.copyOf(loss.values()), List.copyOf(mrr.values())));
  }

  private static Map<Integer, Double> parse(String text, String key, String source) {
    Map<Integer, Double> out = new LinkedHashMap<>();
    if (text.isBlank()) {
      return out;
    }
    for (String pair : text.split(",")) {
      int colon = pair.indexOf(':');
      try {
        if (colon < 0) {
          throw new NumberFormatException("no ':'");
        }
        int epoch = Integer.parseInt(pair.substring(0, colon).trim());
        double value = Double.parseDouble(pair.substring(colon + 1).trim());
        if (out.put(epoch, value) != null) {
          throw new NumberFormatException("epoch " + epoch + " repeats");
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            source
                + ": training summary "
                + key
                + " entry '"
                + pair
                + "' is not EPOCH:VALUE ("
                + e.getMessage()
                + ")",
            e);
      }
    }
    return out;
  }
}
