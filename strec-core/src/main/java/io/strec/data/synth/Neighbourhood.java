package io.strec.data.synth;

import java.util.EnumMap;
import java.util.Map;

/**
 * The districts of the synthetic city, placed in kilometres east and north of the centre, each with
 * its own character: offices cluster in Tech Park and Midtown, galleries and clubs in the Arts
 * District, museums and bakeries in Old Town, homes in Green Hills and Riverside.
 */
// Immutable in fact: the affinity map is private and never written after the constructor.
@SuppressWarnings("ImmutableEnumChecker")
enum Neighbourhood {
  OLD_TOWN(
      "Old Town",
      0.0,
      -1.0,
      1.0,
      1.0,
      1.2,
      "BAKERY=2,MUSEUM=2.5,ART_GALLERY=1.5,BOOKSTORE=2,COFFEE_SHOP=1.5,ITALIAN=1.8,BRUNCH=1.3,OFFICE=0.6"),
  HARBOR(
      "Harbor",
      -4.5,
      -3.5,
      1.2,
      0.8,
      1.0,
      "BAR=1.8,COCKTAIL_LOUNGE=1.5,SUSHI=2.5,PARK=1.5,BRUNCH=1.3,MUSEUM=1.2,ICE_CREAM=1.5,OFFICE=0.4"),
  TECH_PARK(
      "Tech Park",
      4.5,
      3.0,
      1.1,
      0.3,
      1.2,
      "OFFICE=4,COWORKING=3,COFFEE_SHOP=1.5,SALAD_BAR=2.5,TACOS=1.5,GYM=1.5,BURGER=1.3,BAR=0.6,PARK=0.5"),
  MIDTOWN(
      "Midtown",
      0.5,
      3.0,
      1.0,
      0.6,
      1.3,
      "OFFICE=3,CINEMA=2,GYM=1.3,PHARMACY=1.3,RAMEN=1.5,THAI=1.3,COCKTAIL_LOUNGE=1.2"),
  RIVERSIDE(
      "Riverside",
      -4.0,
      2.5,
      1.2,
      1.2,
      0.8,
      "PARK=2.5,YOGA_STUDIO=2,GROCERY=1.5,FARMERS_MARKET=2,BRUNCH=1.5,ICE_CREAM=1.5,OFFICE=0.3"),
  GREEN_HILLS(
      "Green Hills",
      2.5,
      -5.0,
      1.4,
      1.5,
      0.7,
      "GROCERY=1.8,PARK=2,PHARMACY=1.5,PIZZA=1.5,GYM=1.2,LIBRARY=1.5,OFFICE=0.2,NIGHTCLUB=0.2"),
  UNIVERSITY_HEIGHTS(
      "University Heights",
      -1.5,
      5.5,
      1.0,
      1.0,
      0.9,
      "BOOKSTORE=2.5,LIBRARY=3,COFFEE_SHOP=1.5,RAMEN=2,PIZZA=1.5,TACOS=1.3,BAR=1.2,OFFICE=0.3"),
  ARTS_DISTRICT(
      "Arts District",
      4.5,
      -1.5,
      0.9,
      0.6,
      0.9,
      "ART_GALLERY=3,NIGHTCLUB=3,COCKTAIL_LOUNGE=2,BAR=1.5,MUSEUM=1.3,CINEMA=1.2,RAMEN=1.3,OFFICE=0.5");

  private final String displayName;
  private final double eastKm;
  private final double northKm;
  private final double radiusKm;
  private final double residential;
  private final double commercial;
  private final Map<Category, Double> affinity;

  Neighbourhood(
      String displayName,
      double eastKm,
      double northKm,
      double radiusKm,
      double residential,
      double commercial,
      String affinity) {
    this.displayName = displayName;
    this.eastKm = eastKm;
    this.northKm = northKm;
    this.radiusKm = radiusKm;
    this.residential = residential;
    this.commercial = commercial;
    Map<Category, Double> m = new EnumMap<>(Category.class);
    for (String kv : affinity.split(",")) {
      String[] p = kv.split("=");
      m.put(Category.valueOf(p[0]), Double.parseDouble(p[1]));
    }
    this.affinity = m;
  }

  /** The district whose centre is closest to a point. */
  static Neighbourhood nearest(double eastKm, double northKm) {
    Neighbourhood best = OLD_TOWN;
    double bestD = Double.POSITIVE_INFINITY;
    for (Neighbourhood n : values()) {
      double d = Math.hypot(n.eastKm - eastKm, n.northKm - northKm);
      if (d < bestD) {
        best = n;
        bestD = d;
      }
    }
    return best;
  }

  String displayName() {
    return displayName;
  }

  double eastKm() {
    return eastKm;
  }

  double northKm() {
    return northKm;
  }

  /** Standard deviation, in km, of positions around the centre. */
  double radiusKm() {
    return radiusKm;
  }

  /** Relative share of the city's homes. */
  double residential() {
    return residential;
  }

  /** Relative weight of a place of {@code c} being here rather than elsewhere. */
  double weightFor(Category c) {
    return commercial * affinity.getOrDefault(c, 1.0);
  }
}
