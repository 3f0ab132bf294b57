package io.strec.stm.nn;

/**
 * One term of {@code stm}'s score, as it names itself: the score of an item is the sum of the
 * network's terms ({@link Network#terms}), every one of which is either a {@link DenseTerm} (a
 * value for every item: interest, prior, distance) or a {@link SlotTerm} (a value for a few items
 * per query: repeat, transition, similar). Explanations and score parts list the terms by these
 * names, in the network's order.
 */
public interface ScoreTerm {
  /** The name the term is reported under (explanations, score parts). */
  String name();

  /** The term's column heading in a printed explanation (at most 8 characters). */
  String column();

  /** What the term stands for, in words, for a printed explanation. */
  String description();
}
