package io.strec.stm.data;

import io.strec.data.Dataset;
import java.util.Arrays;
import java.util.Properties;

/**
 * A regular grid of {@code cells x cells} regions over the bounding box of the catalogue's places
 * (the 1st to 99th percentile of latitudes and longitudes, so that a few far-away outliers do not
 * stretch the cells). Region 0 means "no known place"; places outside the box fall into the nearest
 * border cell.
 *
 * @param meanLat the mean latitude of the fitted catalogue's places (0 when none has one), whose
 *     cosine turns longitude differences into east-west kilometres in the distance term; fixed here
 *     so that items added later ({@link io.strec.model.ServableModel#withItems}) do not move it
 */
public record GeoGrid(
    double minLat, double maxLat, double minLon, double maxLon, int cells, double meanLat) {
  public GeoGrid {
    if (cells < 1) {
      throw new IllegalArgumentException("grid cells must be >= 1, got " + cells);
    }
    if (!Double.isFinite(meanLat)) {
      throw new IllegalArgumentException("mean latitude must be finite, got " + meanLat);
    }
  }

  /** A grid over the items of {@code data} that have a location; a single cell when none has. */
  public static GeoGrid over(Dataset data, int cells) {
    int n = data.numItems();
    double[] lat = new double[n];
    double[] lon = new double[n];
    for (int i = 0; i < n; i++) {
      lat[i] = data.itemLatitude(i);
      lon[i] = data.itemLongitude(i);
    }
    double mean = meanLatitude(lat, lon);
    double[] la = new double[n];
    double[] lo = new double[n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (!Double.isNaN(lat[i]) && !Double.isNaN(lon[i])) {
        la[k] = lat[i];
        lo[k] = lon[i];
        k++;
      }
    }
    if (k == 0) {
      return new GeoGrid(0, 0, 0, 0, 1, mean);
    }
    la = Arrays.copyOf(la, k);
    lo = Arrays.copyOf(lo, k);
    Arrays.sort(la);
    Arrays.sort(lo);
    return new GeoGrid(
        quantile(la, 0.01),
        quantile(la, 0.99),
        quantile(lo, 0.01),
        quantile(lo, 0.99),
        cells,
        mean);
  }

  /** The mean latitude of the places whose latitude and longitude are both known; 0 if none. */
  public static double meanLatitude(double[] lat, double[] lon) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < lat.length; i++) {
      if (!Double.isNaN(lat[i]) && !Double.isNaN(lon[i])) {
        sum += lat[i];
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  /** Number of region ids including the "unknown" region 0. */
  public int regions() {
    return cells * cells + 1;
  }

  /** Region id of a place: 0 when unknown, else 1 + row * cells + column. */
  public int region(double lat, double lon) {
    if (Double.isNaN(lat) || Double.isNaN(lon)) {
      return 0;
    }
    return 1 + cell(lat, minLat, maxLat) * cells + cell(lon, minLon, maxLon);
  }

  private int cell(double v, double lo, double hi) {
    if (!(hi > lo)) {
      return 0;
    }
    int c = (int) Math.floor((v - lo) / (hi - lo) * cells);
    return Math.max(0, Math.min(cells - 1, c));
  }

  private static double quantile(double[] sorted, double q) {
    return sorted[(int) Math.round(q * (sorted.length - 1))];
  }

  public Properties toProperties() {
    Properties p = new Properties();
    p.setProperty("minLat", Double.toString(minLat));
    p.setProperty("maxLat", Double.toString(maxLat));
    p.setProperty("minLon", Double.toString(minLon));
    p.setProperty("maxLon", Double.toString(maxLon));
    p.setProperty("cells", Integer.toString(cells));
    p.setProperty("meanLat", Double.toString(meanLat));
    return p;
  }

  /** Reads what {@link #toProperties} wrote. */
  public static GeoGrid of(Properties p) {
    return new GeoGrid(
        num(p, "minLat"),
        num(p, "maxLat"),
        num(p, "minLon"),
        num(p, "maxLon"),
        Integer.parseInt(req(p, "cells")),
        num(p, "meanLat"));
  }

  private static double num(Properties p, String key) {
    return Double.parseDouble(req(p, key));
  }

  private static String req(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null) {
      throw new IllegalArgumentException("grid settings lack '" + key + "'");
    }
    return v;
  }
}
