package io.strec.stm;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A component of {@code stm} that can be switched off to measure what it contributes ({@code
 * --ablate text,time,space,id,graph,repeat,usertext}).
 */
public enum Ablation {
  /** The adaptor over the frozen language-model item vectors. */
  TEXT,
  /**
   * Hour/day features, time since the previous event, time-interval attention biases, query time.
   */
  TIME,
  /**
   * Distance/direction features, region embeddings, distance attention biases, the query-distance
   * score term.
   */
  SPACE,
  /** The learned per-item ID embedding and item bias. */
  ID,
  /** The item-to-item transition prior. */
  GRAPH,
  /** The repeat (copy) term that scores items from the user's own history. */
  REPEAT,
  /** The user's encoded behaviour text as a conditioning input of the query. */
  USERTEXT;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code text,time}; the empty string or {@code none} means no ablation. */
  public static Set<Ablation> parse(String list) {
    Set<Ablation> out = EnumSet.noneOf(Ablation.class);
    String s = list.trim();
    if (s.isEmpty() || s.equals("none")) {
      return out;
    }
    for (String part : s.split(",")) {
      String p = part.trim().toUpperCase(Locale.ROOT);
      try {
        out.add(Ablation.valueOf(p));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown ablation '"
                + part.trim()
                + "'; expected some of "
                + format(EnumSet.allOf(Ablation.class)),
            e);
      }
    }
    return out;
  }

  /** The inverse of {@link #parse}: {@code none} for the empty set. */
  public static String format(Set<Ablation> set) {
    if (set.isEmpty()) {
      return "none";
    }
    StringBuilder b = new StringBuilder();
    for (Ablation a : set) {
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(a.key());
    }
    return b.toString();
  }
}
