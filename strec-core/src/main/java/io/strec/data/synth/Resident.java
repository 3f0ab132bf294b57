package io.strec.data.synth;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One person of the synthetic city and the days they live through.
 *
 * <p>A person has a home, a workplace near it, a taste over categories (log-normal weights with two
 * passions boosted, normalised: Dirichlet-like), and personal rates for logging check-ins, sticking
 * to habits and trying new places. Each day runs the {@link Activity} routine for weekdays or
 * weekends. For each activity the person first feels like a category (the activity's weight times
 * their taste, among categories open now). With probability {@code habit} they go to their usual
 * place for that category in the district they set out from; otherwise they pick an open place,
 * usually of that category and sometimes of any category serving the activity, weighted by taste,
 * appeal and exp(-distance / scale) from where they set out (home, work or the last place), and
 * with probability {@code novelty} only among places they have never been to. Only some visits are
 * logged as check-ins.
 */
// Per-activity and per-category weights live in arrays indexed by ordinal: the dense form of an
// EnumMap, on the generator's hot path.
@SuppressWarnings("EnumOrdinal")
final class Resident {
  /** A logged visit: place index, UTC time and the (noisy) coordinates the phone reported. */
  record Checkin(int poi, long epochSecond, double latitude, double longitude) {}

  private static final double AWAY_DAY = 0.05;
  private static final double TASTE_FLOOR = 0.01;
  private static final int MIN_GAP_MINUTES = 20;
  private static final double CRAVING_WINS = 0.75;
  private static final double COMMUTE_SCALE_KM = 3;

  private final CityConfig config;
  private final Projection projection;
  private final Places places;
  private final SplittableRandom rng;
  private final double homeEast;
  private final double homeNorth;
  private final Poi work;
  private final double[] taste;
  private final double checkinRate;
  private final double habit;
  private final double novelty;
  private final double scaleKm;
  private final double[] activityFactor;
  private final Map<Integer, Poi> usual = new HashMap<>();
  private final BitSet visited = new BitSet();

  Resident(CityConfig config, Projection projection, Places places, SplittableRandom rng) {
    this.config = config;
    this.projection = projection;
    this.places = places;
    this.rng = rng;
    Neighbourhood[] hoods = Neighbourhood.values();
    double[] w = new double[hoods.length];
    for (int h = 0; h < hoods.length; h++) {
      w[h] = hoods[h].residential();
    }
    Neighbourhood home = hoods[Sampling.weighted(w, rng)];
    this.homeEast = PoiGenerator.clamp(home.eastKm() + home.radiusKm() * rng.nextGaussian());
    this.homeNorth = PoiGenerator.clamp(home.northKm() + home.radiusKm() * rng.nextGaussian());
    List<Poi> workplaces = places.workplaces();
    double[] size = new double[workplaces.size()];
    for (int i = 0; i < size.length; i++) {
      Poi p = workplaces.get(i);
      // Most people work within a half-hour ride of home.
      size[i] =
          p.appeal()
              * (p.category() == Category.OFFICE ? 1.0 : 0.5)
              * Math.exp(-p.distanceKm(homeEast, homeNorth) / COMMUTE_SCALE_KM);
    }
    this.work = workplaces.get(Sampling.weighted(size, rng));
    this.taste = drawTaste(rng);
    this.checkinRate = clamp(config.checkinRate() + 0.15 * rng.nextGaussian(), 0.15, 0.95);
    this.habit = clamp(config.habit() + 0.1 * rng.nextGaussian(), 0, 0.95);
    this.novelty = clamp(config.novelty() + 0.07 * rng.nextGaussian(), 0, 1 - habit);
    this.scaleKm = config.distanceScaleKm() * Sampling.logNormal(0.3, rng);
    double nightOwl = Sampling.logNormal(0.6, rng);
    Activity[] acts = Activity.values();
    this.activityFactor = new double[acts.length];
    for (Activity a : acts) {
      double f = Sampling.logNormal(0.25, rng);
      boolean night = a == Activity.LATE_NIGHT || a == Activity.NIGHT_OUT;
      activityFactor[a.ordinal()] = night ? f * nightOwl : f;
    }
  }

  private static double[] drawTaste(SplittableRandom rng) {
    Category[] cats = Category.values();
    double[] t = new double[cats.length];
    double sum = 0;
    for (int c = 0; c < cats.length; c++) {
      t[c] = cats[c].isWorkplace() ? 0 : Sampling.logNormal(1.3, rng);
    }
    // Two passions: the categories this person's history, and their descriptions, will be full of.
    for (int k = 0; k < 2; k++) {
      int c = rng.nextInt(cats.length);
      t[c] *= 5;
    }
    for (double x : t) {
      sum += x;
    }
    for (int c = 0; c < t.length; c++) {
      t[c] /= sum;
    }
    return t;
  }

  private static double clamp(double x, double lo, double hi) {
    return Math.max(lo, Math.min(hi, x));
  }

  /** Lives through the configured days; check-ins come out in time order. */
  List<Checkin> live() {
    List<Checkin> out = new ArrayList<>();
    for (int d = 0; d < config.days(); d++) {
      LocalDate date = config.startDate().plusDays(d);
      if (rng.nextDouble() < AWAY_DAY) {
        continue;
      }
      long midnightUtc = date.toEpochDay() * 86_400L - config.tzOffsetMinutes() * 60L;
      liveDay(date.getDayOfWeek(), midnightUtc, out);
    }
    return out;
  }

  private void liveDay(DayOfWeek day, long midnightUtc, List<Checkin> out) {
    boolean weekend = day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
    double east = homeEast;
    double north = homeNorth;
    int last = -MIN_GAP_MINUTES;
    for (Activity a : Activity.values()) {
      if (a.onWeekend() != weekend
          || rng.nextDouble() >= a.probability(day) * activityFactor[a.ordinal()]) {
        continue;
      }
      int start = Math.max(a.startMinute(), last + MIN_GAP_MINUTES);
      if (start >= a.endMinute()) {
        continue;
      }
      int minute = start + rng.nextInt(a.endMinute() - start);
      Poi poi;
      if (a.visitsWorkplace()) {
        poi = work;
        if (!poi.isOpenAt(minute)) {
          continue;
        }
      } else {
        double fromEast =
            switch (a.anchor()) {
              case HOME -> homeEast;
              case WORK -> work.eastKm();
              case PREVIOUS -> east;
            };
        double fromNorth =
            switch (a.anchor()) {
              case HOME -> homeNorth;
              case WORK -> work.northKm();
              case PREVIOUS -> north;
            };
        poi = choosePlace(a, fromEast, fromNorth, scaleKm * a.rangeFactor(), minute);
        if (poi == null) {
          continue;
        }
      }
      east = poi.eastKm();
      north = poi.northKm();
      last = minute;
      // People rarely bother to check in at their own desk.
      double logged = a.visitsWorkplace() ? 0.5 * checkinRate : checkinRate;
      if (rng.nextDouble() < logged) {
        out.add(checkin(poi, midnightUtc + minute * 60L + rng.nextInt(60)));
      }
    }
  }

  /**
   * What the person feels like: a category serving {@code a}, open now, by the activity's weight
   * times their taste; null if nothing is open.
   */
  private Category chooseCategory(Activity a, int minute) {
    Category[] cats = Category.values();
    double[] w = new double[cats.length];
    for (Map.Entry<Category, Double> e : a.categories().entrySet()) {
      Category c = e.getKey();
      if (c.hours().isOpenAt(minute) && !places.of(c).isEmpty()) {
        w[c.ordinal()] = e.getValue() * (taste[c.ordinal()] + TASTE_FLOOR);
      }
    }
    int i = Sampling.weighted(w, rng);
    return i < 0 ? null : cats[i];
  }

  /**
   * A place for {@code a} when setting out from (east, north); null if nothing serving it is open.
   */
  private Poi choosePlace(Activity a, double east, double north, double scale, int minute) {
    Category craving = chooseCategory(a, minute);
    if (craving == null) {
      return null;
    }
    // The usual place is per category and per district one sets out from: "my bar near work".
    Neighbourhood district = Neighbourhood.nearest(east, north);
    Poi favourite = usual.get(key(district, craving));
    double r = rng.nextDouble();
    if (favourite != null && r < habit && favourite.isOpenAt(minute)) {
      return favourite;
    }
    boolean explore = r >= habit && r < habit + novelty;
    // Otherwise any open place serving the activity, by taste, appeal and distance: most of the
    // time the craving wins, but a good taco stand round the corner beats a ramen bar across town.
    List<Poi> candidates = rng.nextDouble() < CRAVING_WINS ? places.of(craving) : places.serving(a);
    double[] w = weights(a, candidates, east, north, scale, minute, explore);
    int i = Sampling.weighted(w, rng);
    if (i < 0) {
      i = Sampling.weighted(weights(a, candidates, east, north, scale, minute, false), rng);
    }
    if (i < 0) {
      // The craving's category is open and every weight factor is positive, so this is a bug.
      throw new IllegalStateException(
          "no place to choose for " + a + " (" + craving + ") at minute " + minute);
    }
    Poi chosen = candidates.get(i);
    usual.putIfAbsent(key(district, chosen.category()), chosen);
    visited.set(chosen.index());
    return chosen;
  }

  private static int key(Neighbourhood district, Category c) {
    return district.ordinal() * Category.values().length + c.ordinal();
  }

  private double[] weights(
      Activity a,
      List<Poi> candidates,
      double east,
      double north,
      double scale,
      int minute,
      boolean onlyNew) {
    double[] w = new double[candidates.size()];
    for (int i = 0; i < w.length; i++) {
      Poi p = candidates.get(i);
      if (p.isOpenAt(minute) && !(onlyNew && visited.get(p.index()))) {
        double want =
            a.categories().get(p.category()) * (taste[p.category().ordinal()] + TASTE_FLOOR);
        w[i] = want * p.appeal() * Math.exp(-p.distanceKm(east, north) / scale);
      }
    }
    return w;
  }

  private Checkin checkin(Poi poi, long epochSecond) {
    double sigmaKm = config.jitterMeters() / 1000;
    double lat =
        Projection.round6(
            poi.item().latitude()
                + sigmaKm * rng.nextGaussian() / projection.kmPerDegreeLatitude());
    double lon =
        Projection.round6(
            poi.item().longitude()
                + sigmaKm * rng.nextGaussian() / projection.kmPerDegreeLongitude());
    return new Checkin(poi.index(), epochSecond, lat, lon);
  }
}
