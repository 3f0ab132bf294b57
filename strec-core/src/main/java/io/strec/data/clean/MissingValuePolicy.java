package io.strec.data.clean;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@link MissingValues} does with each field when its value is missing.
 *
 * <p>As a string (the only place strings come in) the policy is a comma-separated list of {@code
 * field=strategy} tokens, fields in any order and each at most once, case-insensitive:
 *
 * <pre>
 *   weight   = keep | drop | mean | median | constant(x)
 *   location = keep | drop | mean | median | constant(lat,lon)
 *   type     = empty | drop
 * </pre>
 *
 * for example {@code weight=median,location=drop,type=empty}. Fields not named keep their default
 * ({@link #DEFAULT}: {@code weight=keep,location=keep,type=empty}), so the empty string is the
 * default policy.
 *
 * @param weight what to do with a NaN weight
 * @param location what to do with an event whose latitude or longitude is NaN
 * @param type what to do with a blank event type
 */
public record MissingValuePolicy(Weight weight, Location location, TypeStrategy type) {

  /** Strategies for a numeric field. */
  public enum NumericStrategy {
    /** Leave the value missing (NaN). */
    KEEP,
    /** Remove the event. */
    DROP,
    /** Fill with the mean of the non-missing values in the input. */
    MEAN,
    /** Fill with the median of the non-missing values in the input. */
    MEDIAN,
    /** Fill with a fixed value. */
    CONSTANT
  }

  /** Strategies for the event type, whose missing value is the empty (or blank) string. */
  public enum TypeStrategy {
    /** Keep the event with type "" (a blank type is normalised to ""). */
    EMPTY,
    /** Remove the event. */
    DROP
  }

  /** The weight policy; {@code constant} is the fill value under CONSTANT and NaN otherwise. */
  public record Weight(NumericStrategy strategy, double constant) {
    public Weight {
      Objects.requireNonNull(strategy, "strategy");
      if (strategy == NumericStrategy.CONSTANT
          ? !Double.isFinite(constant)
          : !Double.isNaN(constant)) {
        throw new IllegalArgumentException(
            "weight "
                + strategy
                + " with constant "
                + constant
                + ": a constant must be finite, and given only for CONSTANT");
      }
    }

    public static Weight of(NumericStrategy strategy) {
      return new Weight(strategy, Double.NaN);
    }

    public static Weight constant(double value) {
      return new Weight(NumericStrategy.CONSTANT, value);
    }

    String format() {
      return strategy == NumericStrategy.CONSTANT
          ? "constant(" + constant + ")"
          : strategy.name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The location policy; {@code latitude} and {@code longitude} are the fill under CONSTANT and NaN
   * otherwise.
   */
  public record Location(NumericStrategy strategy, double latitude, double longitude) {
    public Location {
      Objects.requireNonNull(strategy, "strategy");
      if (strategy == NumericStrategy.CONSTANT) {
        if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
          throw new IllegalArgumentException(
              "location constant ("
                  + latitude
                  + ", "
                  + longitude
                  + ") outside [-90, 90] x [-180, 180]");
        }
      } else if (!Double.isNaN(latitude) || !Double.isNaN(longitude)) {
        throw new IllegalArgumentException(
            "location "
                + strategy
                + " takes no constant, got ("
                + latitude
                + ", "
                + longitude
                + ")");
      }
    }

    public static Location of(NumericStrategy strategy) {
      return new Location(strategy, Double.NaN, Double.NaN);
    }

    public static Location constant(double latitude, double longitude) {
      return new Location(NumericStrategy.CONSTANT, latitude, longitude);
    }

    String format() {
      return strategy == NumericStrategy.CONSTANT
          ? "constant(" + latitude + "," + longitude + ")"
          : strategy.name().toLowerCase(Locale.ROOT);
    }
  }

  /** Keep missing numbers as NaN and missing types as "": changes nothing, drops nothing. */
  public static final MissingValuePolicy DEFAULT =
      new MissingValuePolicy(
          Weight.of(NumericStrategy.KEEP), Location.of(NumericStrategy.KEEP), TypeStrategy.EMPTY);

  public MissingValuePolicy {
    Objects.requireNonNull(weight, "weight");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(type, "type");
  }

  /** Parses a policy string such as {@code weight=median,location=drop,type=empty}. */
  public static MissingValuePolicy parse(String spec) {
    Objects.requireNonNull(spec, "spec");
    Weight weight = null;
    Location location = null;
    TypeStrategy type = null;
    for (String token : splitTopLevel(spec)) {
      int eq = token.indexOf('=');
      if (eq < 0) {
        throw bad(token, spec, "expected field=strategy");
      }
      String field = token.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      // Keywords are matched case-insensitively; numbers are parsed from the text as given.
      String value = token.substring(eq + 1).trim();
      switch (field) {
        case "weight" -> {
          if (weight != null) {
            throw bad(token, spec, "weight given twice");
          }
          weight = parseWeight(token, spec, value);
        }
        case "location" -> {
          if (location != null) {
            throw bad(token, spec, "location given twice");
          }
          location = parseLocation(token, spec, value);
        }
        case "type" -> {
          if (type != null) {
            throw bad(token, spec, "type given twice");
          }
          type =
              switch (value.toLowerCase(Locale.ROOT)) {
                case "empty" -> TypeStrategy.EMPTY;
                case "drop" -> TypeStrategy.DROP;
                default ->
                    throw bad(
                        token,
                        spec,
                        "unknown strategy '" + value + "' for type; expected empty or drop");
              };
        }
        default ->
            throw bad(
                token, spec, "unknown field '" + field + "'; expected weight, location or type");
      }
    }
    return new MissingValuePolicy(
        weight != null ? weight : DEFAULT.weight,
        location != null ? location : DEFAULT.location,
        type != null ? type : DEFAULT.type);
  }

  /** The canonical string form, which {@link #parse} turns back into an equal policy. */
  public String format() {
    return "weight="
        + weight.format()
        + ",location="
        + location.format()
        + ",type="
        + type.name().toLowerCase(Locale.ROOT);
  }

  private static Weight parseWeight(String token, String spec, String value) {
    if (value.toLowerCase(Locale.ROOT).startsWith("constant")) {
      double[] args = constantArgs(token, spec, value, 1);
      if (!Double.isFinite(args[0])) {
        throw bad(token, spec, "weight constant must be finite");
      }
      return Weight.constant(args[0]);
    }
    return Weight.of(numericStrategy(token, spec, value, "constant(x)"));
  }

  private static Location parseLocation(String token, String spec, String value) {
    if (value.toLowerCase(Locale.ROOT).startsWith("constant")) {
      double[] args = constantArgs(token, spec, value, 2);
      try {
        return Location.constant(args[0], args[1]);
      } catch (IllegalArgumentException e) {
        throw bad(token, spec, e.getMessage());
      }
    }
    return Location.of(numericStrategy(token, spec, value, "constant(lat,lon)"));
  }

  private static NumericStrategy numericStrategy(
      String token, String spec, String value, String constantForm) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "keep" -> NumericStrategy.KEEP;
      case "drop" -> NumericStrategy.DROP;
      case "mean" -> NumericStrategy.MEAN;
      case "median" -> NumericStrategy.MEDIAN;
      default ->
          throw bad(
              token,
              spec,
              "unknown strategy '"
                  + value
                  + "'; expected keep, drop, mean, median or "
                  + constantForm);
    };
  }

  /** Parses {@code constant(a[,b])} with exactly {@code arity} numbers. */
  private static double[] constantArgs(String token, String spec, String value, int arity) {
    String form = arity == 1 ? "constant(x)" : "constant(lat,lon)";
    String rest = value.substring("constant".length()).trim();
    if (!rest.startsWith("(") || !rest.endsWith(")")) {
      throw bad(token, spec, "expected " + form);
    }
    String[] parts = rest.substring(1, rest.length() - 1).split(",", -1);
    if (parts.length != arity) {
      throw bad(
          token, spec, "expected " + form + " with " + arity + " number(s), got " + parts.length);
    }
    double[] out = new double[arity];
    for (int i = 0; i < arity; i++) {
      try {
        out[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw bad(token, spec, "not a number: '" + parts[i].trim() + "'");
      }
    }
    return out;
  }

  /** Splits at commas outside parentheses, so that {@code constant(lat,lon)} stays one token. */
  private static List<String> splitTopLevel(String spec) {
    List<String> tokens = new ArrayList<>();
    if (spec.isBlank()) {
      return tokens;
    }
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= spec.length(); i++) {
      char c = i < spec.length() ? spec.charAt(i) : ',';
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
        if (depth < 0) {
          throw new IllegalArgumentException(
              "unbalanced ')' at position " + i + " in missing-value policy \"" + spec + "\"");
        }
      } else if (c == ',' && (depth == 0 || i == spec.length())) {
        if (depth != 0) {
          throw new IllegalArgumentException(
              "unbalanced '(' in missing-value policy \"" + spec + "\"");
        }
        String token = spec.substring(start, i).trim();
        if (token.isEmpty()) {
          throw new IllegalArgumentException(
              "empty token at position " + start + " in missing-value policy \"" + spec + "\"");
        }
        tokens.add(token);
        start = i + 1;
      }
    }
    return tokens;
  }

  private static IllegalArgumentException bad(String token, String spec, String why) {
    return new IllegalArgumentException(
        "bad token '" + token + "' in missing-value policy \"" + spec + "\": " + why);
  }
}
