package io.strec.data.synth;

import java.time.DayOfWeek;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One step of a daily routine: when it happens (local minutes after midnight; past 1440 runs on
 * into the night), on which days, how likely it is, where the person sets out from and which kinds
 * of place serve it. A weekday reads home, coffee, work, lunch, work, gym / bar / groceries, home;
 * a weekend reads brunch, parks and museums, errands, dinner, nightlife.
 */
// Immutable in fact: the category weights are an unmodifiable map the check cannot see into.
@SuppressWarnings("ImmutableEnumChecker")
enum Activity {
  MORNING_COFFEE(false, 7 * 60, 9 * 60 + 15, 0.55, Anchor.HOME, 0.8, "COFFEE_SHOP=1,BAKERY=0.35"),
  ARRIVE_AT_WORK(false, 8 * 60 + 30, 10 * 60 + 15, 0.95, Anchor.WORK, 1.0, ""),
  LUNCH(
      false,
      12 * 60,
      13 * 60 + 45,
      0.7,
      Anchor.WORK,
      0.7,
      "RAMEN=1,PIZZA=1,SUSHI=0.8,TACOS=1,BURGER=1,THAI=1,SALAD_BAR=1,ITALIAN=0.4,BAKERY=0.3"),
  BACK_AT_WORK(false, 14 * 60, 16 * 60 + 30, 0.25, Anchor.WORK, 1.0, ""),
  AFTER_WORK(
      false,
      17 * 60 + 30,
      19 * 60 + 15,
      0.6,
      Anchor.PREVIOUS,
      1.0,
      "GYM=1,YOGA_STUDIO=0.6,BAR=0.8,COCKTAIL_LOUNGE=0.3,GROCERY=1,PHARMACY=0.3,BOOKSTORE=0.3,LIBRARY=0.2"),
  DINNER(
      false,
      19 * 60 + 30,
      21 * 60 + 15,
      0.3,
      Anchor.HOME,
      1.0,
      "RAMEN=1,PIZZA=1,SUSHI=1,TACOS=0.8,BURGER=0.8,THAI=1,ITALIAN=1,ICE_CREAM=0.3"),
  LATE_NIGHT(
      false,
      21 * 60 + 30,
      23 * 60 + 45,
      0.1,
      Anchor.PREVIOUS,
      1.2,
      "BAR=1,COCKTAIL_LOUNGE=0.7,CINEMA=0.5,ICE_CREAM=0.2"),
  BRUNCH(true, 10 * 60, 12 * 60 + 30, 0.6, Anchor.HOME, 1.0, "BRUNCH=1,BAKERY=0.6,COFFEE_SHOP=0.6"),
  OUTING(
      true,
      13 * 60,
      15 * 60 + 30,
      0.85,
      Anchor.PREVIOUS,
      2.5,
      "PARK=1,MUSEUM=0.8,ART_GALLERY=0.6,BOOKSTORE=0.4,FARMERS_MARKET=0.6,CINEMA=0.4,ICE_CREAM=0.3"),
  AFTERNOON(
      true,
      15 * 60 + 45,
      17 * 60 + 45,
      0.45,
      Anchor.PREVIOUS,
      2.0,
      "PARK=1,MUSEUM=0.6,ART_GALLERY=0.6,CINEMA=0.6,BOOKSTORE=0.5,COFFEE_SHOP=0.5,ICE_CREAM=0.6,GYM=0.3"),
  ERRANDS(true, 18 * 60, 19 * 60, 0.35, Anchor.HOME, 0.8, "GROCERY=1,PHARMACY=0.3"),
  WEEKEND_DINNER(
      true,
      19 * 60 + 15,
      21 * 60,
      0.5,
      Anchor.PREVIOUS,
      1.5,
      "RAMEN=1,PIZZA=1,SUSHI=1,TACOS=0.8,BURGER=0.8,THAI=1,ITALIAN=1.2"),
  NIGHT_OUT(
      true,
      21 * 60 + 30,
      25 * 60 + 30,
      0.35,
      Anchor.PREVIOUS,
      1.5,
      "BAR=1,COCKTAIL_LOUNGE=0.8,NIGHTCLUB=0.6,CINEMA=0.3");

  /** Where a person sets out from when choosing a place for the activity. */
  enum Anchor {
    HOME,
    /** The person's own workplace. */
    WORK,
    /** The last place visited today, or home. */
    PREVIOUS
  }

  private final boolean weekend;
  private final int startMinute;
  private final int endMinute;
  private final double probability;
  private final Anchor anchor;
  private final double rangeFactor;
  private final Map<Category, Double> categories;

  Activity(
      boolean weekend,
      int startMinute,
      int endMinute,
      double probability,
      Anchor anchor,
      double rangeFactor,
      String categories) {
    this.weekend = weekend;
    this.startMinute = startMinute;
    this.endMinute = endMinute;
    this.probability = probability;
    this.anchor = anchor;
    this.rangeFactor = rangeFactor;
    Map<Category, Double> m = new EnumMap<>(Category.class);
    if (!categories.isEmpty()) {
      for (String kv : categories.split(",")) {
        String[] p = kv.split("=");
        m.put(Category.valueOf(p[0]), Double.parseDouble(p[1]));
      }
    }
    this.categories = Collections.unmodifiableMap(m);
  }

  boolean onWeekend() {
    return weekend;
  }

  int startMinute() {
    return startMinute;
  }

  int endMinute() {
    return endMinute;
  }

  /** How likely the activity is on {@code day}; Friday nights and Saturday nights run later. */
  double probability(DayOfWeek day) {
    if (this == LATE_NIGHT && day == DayOfWeek.FRIDAY) {
      return 0.45;
    }
    if (this == NIGHT_OUT && day == DayOfWeek.SUNDAY) {
      return 0.12;
    }
    if (this == AFTER_WORK && day == DayOfWeek.FRIDAY) {
      return 0.75;
    }
    return probability;
  }

  Anchor anchor() {
    return anchor;
  }

  /** Multiplies the distance scale: people travel further for a museum than for a coffee. */
  double rangeFactor() {
    return rangeFactor;
  }

  /** Kinds of place that serve the activity, with their base weights (empty for work). */
  Map<Category, Double> categories() {
    return categories;
  }

  /** Whether the activity is being at one's own workplace rather than choosing a place. */
  boolean visitsWorkplace() {
    return categories.isEmpty();
  }
}
