package io.strec.eval.report.html;

import java.util.List;

/**
 * Series colours: Tableau 10, which stays distinguishable for the common colour-vision
 * deficiencies; the eleventh series takes the first colour again.
 */
public final class Palette {
  private static final List<String> COLOURS =
      List.of(
          "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
          "#9c755f", "#bab0ac");

  private Palette() {}

  /** The colour of series {@code index} (0-based). */
  public static String colour(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("series index must be >= 0, got " + index);
    }
    return COLOURS.get(index % COLOURS.size());
  }
}
