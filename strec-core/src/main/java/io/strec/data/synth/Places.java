package io.strec.data.synth;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The city's places indexed the ways residents look for them: by category, by activity, workplaces.
 */
final class Places {
  private final List<Poi> all;
  private final Map<Category, List<Poi>> byCategory = new EnumMap<>(Category.class);
  private final Map<Activity, List<Poi>> byActivity = new EnumMap<>(Activity.class);
  private final List<Poi> workplaces = new ArrayList<>();

  Places(List<Poi> pois) {
    this.all = List.copyOf(pois);
    for (Category c : Category.values()) {
      byCategory.put(c, new ArrayList<>());
    }
    for (Poi p : all) {
      byCategory.get(p.category()).add(p);
      if (p.category().isWorkplace()) {
        workplaces.add(p);
      }
    }
    for (Activity a : Activity.values()) {
      List<Poi> serving = new ArrayList<>();
      for (Poi p : all) {
        if (a.categories().containsKey(p.category())) {
          serving.add(p);
        }
      }
      byActivity.put(a, serving);
    }
  }

  List<Poi> all() {
    return all;
  }

  List<Poi> of(Category c) {
    return byCategory.get(c);
  }

  /** Places whose category serves {@code a}, in index order. */
  List<Poi> serving(Activity a) {
    return byActivity.get(a);
  }

  /** Offices and coworking spaces; never empty, since every category has a place. */
  List<Poi> workplaces() {
    return workplaces;
  }
}
