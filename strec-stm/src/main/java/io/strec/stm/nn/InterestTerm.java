package io.strec.stm.nn;

import ai.djl.ndarray.NDArray;
import java.util.Optional;

/**
 * The interest term {@code u . E_i}: the inner product of the user state with each item's vector.
 * It has no parameters of its own (the user state and the item vectors are the encoder's), and it
 * is what a vector index retrieves by.
 */
final class InterestTerm implements DenseTerm {
  static final String NAME = "interest";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String column() {
    return "interest";
  }

  @Override
  public String description() {
    return "interest (sequence and time of day)";
  }

  @Override
  public void declare(Params params, int d) {}

  @Override
  public boolean owns(String param) {
    return false;
  }

  @Override
  public boolean decays(String param) {
    return false;
  }

  @Override
  public Optional<NDArray> values(Step s) {
    return Optional.of(s.query().user().matMul(s.items().transpose()));
  }

  @Override
  public String toString() {
    return NAME;
  }
}
