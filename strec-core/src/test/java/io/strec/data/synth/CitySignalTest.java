package io.strec.data.synth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.data.Item;
import io.strec.data.RawEvent;
import io.strec.util.SuppressForbidden;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks that the synthetic city carries signal for later models to find, with predictors simple
 * enough to count by hand. Each user's first 80% of check-ins train, the rest are predicted one at
 * a time from the true previous check-in; HR@10 over all 400 places, ties broken by place order.
 *
 * <ul>
 *   <li>popularity: training check-ins per place;
 *   <li>time: P(category | weekday or weekend, local hour) x P(place | category);
 *   <li>space: (popularity + 1) x exp(-distance from the previous check-in / 1 km);
 *   <li>taste (what descriptions carry): the user's own training share of the category x P(place |
 *       category), scored on check-ins at places the user had not been to in training, where both
 *       it and popularity rank only such places.
 * </ul>
 */
class CitySignalTest {
  private static final int K = 10;

  @Test
  @SuppressForbidden(reason = "prints the measured hit rates to the build log for the reader")
  void timeSpaceAndTasteEachBeatPopularity() {
    City city = SyntheticCity.generate(CityConfig.defaults(42));
    Map<String, Integer> index = new HashMap<>();
    List<String> categoryNames = new ArrayList<>();
    int n = city.pois().size();
    int[] category = new int[n];
    double[] lat = new double[n];
    double[] lon = new double[n];
    for (Item p : city.pois()) {
      int i = index.size();
      index.put(p.id(), i);
      String c = p.categories().get(0);
      if (!categoryNames.contains(c)) {
        categoryNames.add(c);
      }
      category[i] = categoryNames.indexOf(c);
      lat[i] = p.latitude();
      lon[i] = p.longitude();
    }
    int cats = categoryNames.size();
    Map<String, List<RawEvent>> byUser = new LinkedHashMap<>();
    city.events().forEach(e -> byUser.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(e));

    double[] pop = new double[n];
    double[] catPop = new double[cats];
    double[][] catByBucket = new double[48][cats];
    Map<String, double[]> userCats = new HashMap<>();
    for (Map.Entry<String, List<RawEvent>> u : byUser.entrySet()) {
      List<RawEvent> ev = u.getValue();
      double[] mine = new double[cats];
      userCats.put(u.getKey(), mine);
      for (RawEvent e : ev.subList(0, cut(ev))) {
        int i = index.get(e.itemId());
        pop[i]++;
        catPop[category[i]]++;
        catByBucket[bucket(e)][category[i]]++;
        mine[category[i]]++;
      }
    }
    int[] placesInCategory = new int[cats];
    for (int i = 0; i < n; i++) {
      placesInCategory[category[i]]++;
    }
    double[] withinCategory = new double[n];
    for (int i = 0; i < n; i++) {
      withinCategory[i] =
          (pop[i] + 0.1) / (catPop[category[i]] + 0.1 * placesInCategory[category[i]]);
    }

    int tests = 0;
    int popHits = 0;
    int timeHits = 0;
    int geoHits = 0;
    int novel = 0;
    int novelPopHits = 0;
    int novelTasteHits = 0;
    for (Map.Entry<String, List<RawEvent>> u : byUser.entrySet()) {
      List<RawEvent> ev = u.getValue();
      int cut = cut(ev);
      Set<Integer> seen = new HashSet<>();
      ev.subList(0, cut).forEach(e -> seen.add(index.get(e.itemId())));
      double[] mine = userCats.get(u.getKey());
      for (int k = Math.max(cut, 1); k < ev.size(); k++) {
        RawEvent prev = ev.get(k - 1);
        RawEvent cur = ev.get(k);
        int target = index.get(cur.itemId());
        double[] byHour = catByBucket[bucket(cur)];
        double[] time = new double[n];
        double[] geo = new double[n];
        double[] taste = new double[n];
        for (int i = 0; i < n; i++) {
          time[i] = byHour[category[i]] * withinCategory[i];
          geo[i] = (pop[i] + 1) * Math.exp(-km(prev.latitude(), prev.longitude(), lat[i], lon[i]));
          taste[i] = mine[category[i]] * withinCategory[i];
        }
        tests++;
        popHits += hit(pop, target);
        timeHits += hit(time, target);
        geoHits += hit(geo, target);
        if (!seen.contains(target)) {
          novel++;
          double[] unseenPop = pop.clone();
          for (int i : seen) {
            unseenPop[i] = Double.NEGATIVE_INFINITY;
            taste[i] = Double.NEGATIVE_INFINITY;
          }
          novelPopHits += hit(unseenPop, target);
          novelTasteHits += hit(taste, target);
        }
      }
    }
    double popHr = popHits / (double) tests;
    double timeHr = timeHits / (double) tests;
    double geoHr = geoHits / (double) tests;
    double novelPopHr = novelPopHits / (double) novel;
    double novelTasteHr = novelTasteHits / (double) novel;
    System.out.printf(
        Locale.ROOT,
        "synthetic city HR@%d over %d next check-ins: popularity %.3f, category-by-hour %.3f, distance-weighted %.3f;"
            + " on %d first visits: popularity %.3f, category taste %.3f%n",
        K,
        tests,
        popHr,
        timeHr,
        geoHr,
        novel,
        novelPopHr,
        novelTasteHr);
    assertTrue(
        tests > 5000 && novel > 1000,
        "too few test check-ins: " + tests + ", first visits " + novel);
    assertTrue(timeHr > 2 * popHr, "time-aware " + timeHr + " vs popularity " + popHr);
    assertTrue(geoHr > 1.3 * popHr, "geo-aware " + geoHr + " vs popularity " + popHr);
    assertTrue(
        novelTasteHr > 1.3 * novelPopHr, "taste " + novelTasteHr + " vs popularity " + novelPopHr);
  }

  private static int cut(List<RawEvent> ev) {
    return (int) (0.8 * ev.size());
  }

  /** Weekday or weekend, times the local hour: 48 buckets. 1970-01-01 was a Thursday. */
  private static int bucket(RawEvent e) {
    long local = e.localEpochSecond();
    int hour = (int) (Math.floorMod(local, 86_400L) / 3600);
    int dayOfWeek = (int) Math.floorMod(Math.floorDiv(local, 86_400L) + 3, 7L); // 0 = Monday
    return (dayOfWeek >= 5 ? 24 : 0) + hour;
  }

  /** 1 if fewer than K places outrank the target (equal scores: lower index first). */
  private static int hit(double[] score, int target) {
    int above = 0;
    for (int i = 0; i < score.length && above < K; i++) {
      if (score[i] > score[target] || (score[i] == score[target] && i < target)) {
        above++;
      }
    }
    return above < K ? 1 : 0;
  }

  private static double km(double lat1, double lon1, double lat2, double lon2) {
    double north = (lat1 - lat2) * 111.32;
    double east = (lon1 - lon2) * 111.32 * Math.cos(Math.toRadians(lat1));
    return Math.hypot(north, east);
  }
}
