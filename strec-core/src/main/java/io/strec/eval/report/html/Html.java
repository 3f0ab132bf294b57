package io.strec.eval.report.html;

import java.util.Locale;

/** Escaping and number formatting for the report's HTML and SVG. */
public final class Html {
  private Html() {}

  /**
   * {@code text} made safe as element content and as a quoted attribute value: {@code & < > " '}
   * become character references. Null is refused rather than printed as "null".
   */
  public static String escape(String text) {
    if (text == null) {
      throw new NullPointerException("text to escape is null");
    }
    StringBuilder sb = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** {@code v} with {@code decimals} digits after the point; "NaN", "∞" or "-∞" when not finite. */
  public static String number(double v, int decimals) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "\u221e" : "-\u221e";
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** A coordinate for an SVG attribute: two decimals; refuses a non-finite one. */
  static String coord(double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException("SVG coordinate is not finite: " + v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
