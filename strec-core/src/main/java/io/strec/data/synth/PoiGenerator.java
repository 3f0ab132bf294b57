package io.strec.data.synth;

import io.strec.data.Item;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Places of the synthetic city: each category gets at least one or two places, the rest are drawn
 * by category frequency; a place lands in a neighbourhood by that district's affinity for its
 * category and gets a name, a one-sentence description and sometimes a chain brand.
 */
final class PoiGenerator {
  /** Half the city's width: positions are kept within this many km of the centre. */
  static final double HALF_WIDTH_KM = 7.5;

  private static final List<String> FIRST =
      List.of(
          "Blue", "Golden", "Copper", "Little", "Silver", "Red", "Green", "Old", "North", "Wild",
          "Lucky", "Quiet", "Bright", "Hidden", "Velvet", "Iron", "Crimson", "Amber", "Salt",
          "Tall");
  private static final List<String> SECOND =
      List.of(
          "Fern", "Oak", "Kettle", "Sparrow", "Lantern", "Willow", "Fox", "Anchor", "Maple", "Pine",
          "Stone", "Moon", "River", "Cedar", "Finch", "Bell", "Otter", "Heron", "Lark", "Birch");
  private static final double CHAIN_SHARE = 0.3;

  private PoiGenerator() {}

  static List<Poi> generate(CityConfig config, Projection projection, SplittableRandom rng) {
    Category[] cats = Category.values();
    List<Category> plan = new ArrayList<>();
    int perCategory = config.pois() >= 2 * cats.length ? 2 : 1;
    for (Category c : cats) {
      for (int k = 0; k < perCategory; k++) {
        plan.add(c);
      }
    }
    double[] freq = new double[cats.length];
    for (int i = 0; i < cats.length; i++) {
      freq[i] = cats[i].frequency();
    }
    while (plan.size() < config.pois()) {
      plan.add(cats[Sampling.weighted(freq, rng)]);
    }
    Sampling.shuffle(plan, rng);

    Neighbourhood[] hoods = Neighbourhood.values();
    int width = Math.max(4, Integer.toString(config.pois()).length());
    Set<String> titles = new HashSet<>();
    List<Poi> out = new ArrayList<>(plan.size());
    for (int i = 0; i < plan.size(); i++) {
      Category c = plan.get(i);
      double[] w = new double[hoods.length];
      for (int h = 0; h < hoods.length; h++) {
        w[h] = hoods[h].weightFor(c);
      }
      Neighbourhood hood = hoods[Sampling.weighted(w, rng)];
      double east = clamp(hood.eastKm() + 0.8 * hood.radiusKm() * rng.nextGaussian());
      double north = clamp(hood.northKm() + 0.8 * hood.radiusKm() * rng.nextGaussian());
      String brand =
          !c.chains().isEmpty() && rng.nextDouble() < CHAIN_SHARE
              ? Sampling.pick(c.chains(), rng)
              : "";
      String title = brand.isEmpty() ? name(c, rng, titles) : chainTitle(brand, hood, titles);
      String id = String.format(java.util.Locale.ROOT, "poi-%0" + width + "d", i + 1);
      Item item =
          new Item(
              id,
              title,
              List.of(c.displayName(), hood.displayName()),
              brand,
              describe(c, hood, brand, rng),
              projection.latitude(north),
              projection.longitude(east));
      out.add(new Poi(i, item, c, hood, east, north, Sampling.logNormal(0.6, rng)));
    }
    return out;
  }

  static double clamp(double km) {
    return Math.max(-HALF_WIDTH_KM, Math.min(HALF_WIDTH_KM, km));
  }

  private static String name(Category c, SplittableRandom rng, Set<String> taken) {
    for (int attempt = 0; attempt < 50; attempt++) {
      String noun = Sampling.pick(c.nameWords(), rng);
      String name =
          switch (rng.nextInt(3)) {
            case 0 -> Sampling.pick(FIRST, rng) + " " + Sampling.pick(SECOND, rng) + " " + noun;
            case 1 -> Sampling.pick(SECOND, rng) + " " + noun;
            default -> Sampling.pick(FIRST, rng) + " " + noun;
          };
      if (taken.add(name)) {
        return name;
      }
    }
    // Only reachable in a city with thousands of places of one category.
    String name =
        Sampling.pick(FIRST, rng) + " " + Sampling.pick(SECOND, rng) + " " + c.nameWords().get(0);
    for (int k = 2; ; k++) {
      if (taken.add(name + " " + k)) {
        return name + " " + k;
      }
    }
  }

  private static String chainTitle(String brand, Neighbourhood hood, Set<String> taken) {
    String base = brand + " " + hood.displayName();
    if (taken.add(base)) {
      return base;
    }
    for (int k = 2; ; k++) {
      if (taken.add(base + " " + k)) {
        return base + " " + k;
      }
    }
  }

  /** "Cozy espresso coffee bar in Old Town with oat-milk lattes and flaky croissants." */
  static String describe(Category c, Neighbourhood hood, String brand, SplittableRandom rng) {
    String adjective = Sampling.pick(c.adjectives(), rng);
    String kind = Sampling.pick(c.kinds(), rng);
    List<String> features = c.features();
    int a = rng.nextInt(features.size());
    int b = (a + 1 + rng.nextInt(features.size() - 1)) % features.size();
    String where = adjective + " " + kind + " in " + hood.displayName();
    return brand.isEmpty()
        ? where + " with " + features.get(a) + " and " + features.get(b) + "."
        : where
            + ", part of the "
            + brand
            + " chain, with "
            + features.get(a)
            + " and "
            + features.get(b)
            + ".";
  }
}
