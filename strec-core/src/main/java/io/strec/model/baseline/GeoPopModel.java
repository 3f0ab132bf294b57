package io.strec.model.baseline;

import io.strec.data.Dataset;
import io.strec.data.Item;
import io.strec.model.Query;
import io.strec.model.ServableModel;
import io.strec.util.Geo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Score of item i for a query at place q:
 *
 * <pre>
 *   score = w * log(1 + c(i)) + log K(d(q, i)),   K(d) = exp(-d / s)   so   log K = -d / s
 * </pre>
 *
 * with c(i) the training count, d the haversine distance in km to the item's location and s the
 * maximum-likelihood scale of an exponential fitted to the distances between consecutive training
 * events of the same user (their mean). The distance term is 0 for an item without a location. A
 * query without a place falls back to popularity: score = log(1 + c(i)), whatever w is.
 *
 * <p>An item added by {@link #withItems} has no training events, c = 0, and the location its {@link
 * Item} gives (none when either coordinate is NaN): it scores {@code -d(q, i) / s} at a query
 * place, and 0 without a place or without its own location.
 *
 * <p>Saved as {@link BaselineFile} layout version {@value #FILE_VERSION}: w, s (float64), then
 * log(1 + c(i)), latitude and longitude per item (float64 arrays, NaN for no location).
 */
final class GeoPopModel implements ServableModel {
  static final int FILE_VERSION = 1;

  /** Floor for the scale so that a data set of pure revisits still gives finite scores: 1 m. */
  static final double MIN_SCALE_KM = 1e-3;

  private final double[] logCount;
  private final double[] itemLat;
  private final double[] itemLon;
  private final double weight;
  private final double scaleKm;

  private GeoPopModel(
      double[] logCount, double[] itemLat, double[] itemLon, double weight, double scaleKm) {
    this.logCount = logCount;
    this.itemLat = itemLat;
    this.itemLon = itemLon;
    this.weight = weight;
    this.scaleKm = scaleKm;
  }

  static GeoPopModel fit(Dataset train, GeoPopTrainer cfg) {
    int n = train.numItems();
    int[] counts = train.itemCounts();
    double[] logCount = new double[n];
    double[] lat = new double[n];
    double[] lon = new double[n];
    for (int i = 0; i < n; i++) {
      logCount[i] = Math.log1p(counts[i]);
      lat[i] = train.itemLatitude(i);
      lon[i] = train.itemLongitude(i);
    }
    return new GeoPopModel(logCount, lat, lon, cfg.weight(), fitScaleKm(train));
  }

  /**
   * Mean haversine distance (km) between consecutive events of each user, over the pairs where both
   * places are known: an event's own coordinates, else its item's location. The mean is the
   * maximum-likelihood scale of an exponential distance distribution. Infinite (no distance effect)
   * when no pair has both places; at least {@link #MIN_SCALE_KM} otherwise.
   */
  static double fitScaleKm(Dataset train) {
    double sum = 0;
    long pairs = 0;
    for (int u = 0; u < train.numUsers(); u++) {
      int[] evs = train.eventsOf(u);
      for (int k = 1; k < evs.length; k++) {
        double d =
            Geo.haversineKm(
                lat(train, evs[k - 1]),
                lon(train, evs[k - 1]),
                lat(train, evs[k]),
                lon(train, evs[k]));
        if (!Double.isNaN(d)) {
          sum += d;
          pairs++;
        }
      }
    }
    return pairs == 0 ? Double.POSITIVE_INFINITY : Math.max(MIN_SCALE_KM, sum / pairs);
  }

  private static double lat(Dataset d, int e) {
    return hasPlace(d, e) ? d.latitude(e) : d.itemLatitude(d.item(e));
  }

  private static double lon(Dataset d, int e) {
    return hasPlace(d, e) ? d.longitude(e) : d.itemLongitude(d.item(e));
  }

  private static boolean hasPlace(Dataset d, int e) {
    return !Double.isNaN(d.latitude(e)) && !Double.isNaN(d.longitude(e));
  }

  /** The fitted exponential scale in km. */
  double scaleKm() {
    return scaleKm;
  }

  @Override
  public String name() {
    return GeoPopFactory.NAME;
  }

  @Override
  public int numItems() {
    return logCount.length;
  }

  @Override
  public void score(Query query, float[] scores) {
    Scores.requireRoom(scores, logCount.length);
    if (!query.hasLocation()) {
      for (int i = 0; i < logCount.length; i++) {
        scores[i] = (float) logCount[i];
      }
      return;
    }
    for (int i = 0; i < logCount.length; i++) {
      double s = weight * logCount[i];
      double d = Geo.haversineKm(query.latitude(), query.longitude(), itemLat[i], itemLon[i]);
      if (!Double.isNaN(d)) {
        s -= d / scaleKm;
      }
      scores[i] = (float) s;
    }
  }

  @Override
  public GeoPopModel withItems(List<Item> added) {
    int n = logCount.length;
    int m = n + added.size();
    double[] lat = Arrays.copyOf(itemLat, m);
    double[] lon = Arrays.copyOf(itemLon, m);
    for (int k = 0; k < added.size(); k++) {
      Item item = added.get(k);
      // As a dataset locates an item from its metadata: both coordinates or none.
      lat[n + k] = item.hasLocation() ? item.latitude() : Double.NaN;
      lon[n + k] = item.hasLocation() ? item.longitude() : Double.NaN;
    }
    // log(1 + 0) = 0 for the new items.
    return new GeoPopModel(Arrays.copyOf(logCount, m), lat, lon, weight, scaleKm);
  }

  @Override
  public void save(Path dir) throws IOException {
    try (BaselineFile.Out out = BaselineFile.create(dir, name(), FILE_VERSION)) {
      out.writeDouble(weight);
      out.writeDouble(scaleKm);
      out.doubles(logCount);
      out.doubles(itemLat);
      out.doubles(itemLon);
    }
  }

  static GeoPopModel load(Path dir) throws IOException {
    try (BaselineFile.In in = BaselineFile.open(dir, GeoPopFactory.NAME, FILE_VERSION)) {
      double weight = in.readDouble("the weight");
      double scaleKm = in.readDouble("the scale");
      GeoPopTrainer cfg = in.settings(() -> new GeoPopTrainer(weight));
      double[] logCount = in.doubles("the log counts");
      double[] lat = in.doubles("the latitudes");
      double[] lon = in.doubles("the longitudes");
      in.end();
      in.check(scaleKm >= MIN_SCALE_KM, "scale " + scaleKm + " km is below " + MIN_SCALE_KM);
      in.checkLength(logCount.length, lat.length, "the latitudes");
      in.checkLength(logCount.length, lon.length, "the longitudes");
      return new GeoPopModel(logCount, lat, lon, cfg.weight(), scaleKm);
    }
  }
}
