package io.strec.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strec.app.store.StoredItem;
import io.strec.data.Vocabulary;
import io.strec.model.FactoredModel;
import io.strec.util.Geo;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The index answers a radius with the box around its disc: the box must hold every item of the disc
 * as the exact test ({@link Geo#haversineKm}) measures it, wherever the disc lies (across the date
 * line, at a pole, larger than the Earth), and the disc's test must then drop the corners.
 */
class ItemIndexBoxTest {
  private static StoredItem at(String id, double lat, double lon) {
    return new StoredItem(
        id, id, List.of("x"), "", "", lat, lon, "", false, OptionalLong.empty(), 0);
  }

  /** Items scattered around each centre at random distances up to twice the radius. */
  private static List<StoredItem> around(double[][] centres, double km, Random rnd) {
    List<StoredItem> items = new ArrayList<>();
    for (double[] c : centres) {
      for (int j = 0; j < 300; j++) {
        double d = rnd.nextDouble() * 2 * km / Geo.KM_PER_DEGREE;
        double bearing = rnd.nextDouble() * 2 * Math.PI;
        double lat = Math.max(-90, Math.min(90, c[0] + d * Math.cos(bearing)));
        double cos = Math.max(1e-6, Math.cos(Math.toRadians(c[0])));
        double lon = c[1] + d * Math.sin(bearing) / cos;
        lon -= 360 * Math.floor((lon + 180) / 360);
        items.add(at("i" + items.size(), lat, lon));
      }
    }
    return items;
  }

  @Test
  void theBoxHoldsEveryItemOfTheDiscAndTheDiscDropsTheCorners() throws Exception {
    double[][] centres = {
      {40.7, -74.0}, {0, 179.99}, {-33.9, -179.95}, {89.99, 10}, {-89.9, -120}, {51.5, 0}
    };
    Random rnd = new Random(7);
    for (double km : new double[] {0.05, 2, 150, 25_000}) {
      List<StoredItem> items = around(centres, km, rnd);
      Vocabulary ids = Vocabulary.of(items.stream().map(StoredItem::id).toList());
      Catalogue c = Catalogue.of(ids, items);
      FactoredModel.ItemFactors f =
          new FactoredModel.ItemFactors(1, new float[items.size()], new float[items.size()]);
      try (ItemIndex index = ItemIndex.inMemory("box-test", c, f)) {
        for (double[] centre : centres) {
          BitSet inBox = new BitSet();
          for (int i : index.collect(ItemIndex.box(centre[0], centre[1], km))) {
            inBox.set(i);
          }
          Geo.Disc disc = new Geo.Disc(centre[0], centre[1], km);
          int inDisc = 0;
          for (int i = 0; i < items.size(); i++) {
            StoredItem it = items.get(i);
            double d = Geo.haversineKm(centre[0], centre[1], it.latitude(), it.longitude());
            assertEquals(d <= km, c.within(i, disc), it + " at " + d + " km");
            if (d <= km) {
              inDisc++;
              assertTrue(
                  inBox.get(i),
                  it + " is " + d + " km from " + List.of(centre[0], centre[1]) + ", radius " + km);
            }
          }
          assertTrue(inDisc > 0, "the test places items in every disc");
        }
      }
    }
  }

  @Test
  void anItemWithoutAPlaceIsInNoDisc() {
    Vocabulary ids = Vocabulary.of(List.of("a"));
    Catalogue c = Catalogue.of(ids, List.of(at("a", Double.NaN, Double.NaN)));
    assertTrue(!c.within(0, new Geo.Disc(0, 0, 20_000)));
  }

  @Test
  void collectingAtMostAFewStopsBeyondThem() throws Exception {
    List<StoredItem> items = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      items.add(at("i" + i, 40 + i * 1e-4, -74));
    }
    Catalogue c = Catalogue.of(Vocabulary.of(items.stream().map(StoredItem::id).toList()), items);
    FactoredModel.ItemFactors f = new FactoredModel.ItemFactors(1, new float[50], new float[50]);
    try (ItemIndex index = ItemIndex.inMemory("few-test", c, f)) {
      org.apache.lucene.search.Query all = ItemIndex.box(40, -74, 100);
      assertEquals(50, index.collectAtMost(all, 50).orElseThrow().length);
      assertTrue(index.collectAtMost(all, 49).isEmpty(), "51 > 50");
      assertEquals(
          0, index.collectAtMost(ItemIndex.box(0, 0, 1), 0).orElseThrow().length, "none is few");
      assertEquals(50, index.collect(all).length);
    }
  }
}
