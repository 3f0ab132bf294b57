package io.strec.eval;

/**
 * 1 / rank, whose mean is MRR. It has no cut-off: a target at rank 5,000 still adds 1/5,000, which
 * is why MRR is the metric hyper-parameters are tuned on.
 */
public final class ReciprocalRank implements Metric {
  /** The one instance, named {@code MRR} as reports name its mean. */
  public static final ReciprocalRank MRR = new ReciprocalRank();

  public static final MetricFamily FAMILY = MetricFamily.single(MRR);

  private ReciprocalRank() {}

  @Override
  public String name() {
    return "MRR";
  }

  @Override
  public double value(int rank) {
    return 1.0 / rank;
  }

  @Override
  public String toString() {
    return name();
  }
}
