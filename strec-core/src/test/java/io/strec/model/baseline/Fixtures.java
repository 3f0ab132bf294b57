package io.strec.model.baseline;

import io.strec.data.Dataset;
import io.strec.data.Item;
import io.strec.data.Vocabulary;
import io.strec.model.History;
import io.strec.model.Model;
import io.strec.model.ModelFactory;
import io.strec.model.Query;
import io.strec.model.ServableModel;
import io.strec.model.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Hand-built datasets and queries for the baseline tests. */
final class Fixtures {
  static final double NAN = Double.NaN;

  private Fixtures() {}

  static Vocabulary vocab(String... ids) {
    return Vocabulary.of(List.of(ids));
  }

  /** A builder over users u0..u{users-1} and the given item ids. */
  static Dataset.Builder builder(int users, String... items) {
    String[] u = new String[users];
    for (int k = 0; k < users; k++) {
      u[k] = "u" + k;
    }
    return Dataset.builder("test", vocab(u), vocab(items));
  }

  /** A history without places, UTC times. */
  static History history(int[] items, long[] times) {
    double[] nan = new double[items.length];
    Arrays.fill(nan, NAN);
    return new History(items, times, new int[items.length], nan, nan.clone());
  }

  /** Items at times 1, 2, 3, ... */
  static History history(int... items) {
    long[] times = new long[items.length];
    for (int k = 0; k < times.length; k++) {
      times[k] = k + 1L;
    }
    return history(items, times);
  }

  static Query query(History h, long time) {
    return new Query(0, h, time, 0, NAN, NAN);
  }

  static Query query(int... items) {
    return query(history(items), items.length + 1);
  }

  static float[] score(Model m, Query q) {
    float[] s = new float[m.numItems()];
    m.score(q, s);
    return s;
  }

  /**
   * A random dataset with every kind of field: some events without place, several time zones. Items
   * have a skewed popularity so that co-occurrence and transitions are not uniform.
   */
  static Dataset random(long seed, int users, int items, int events) {
    SplittableRandom rng = new SplittableRandom(seed);
    String[] ids = new String[items];
    double[][] place = new double[items][];
    for (int i = 0; i < items; i++) {
      ids[i] = "i" + i;
      place[i] = new double[] {40.5 + rng.nextDouble() * 0.4, -74.2 + rng.nextDouble() * 0.5};
    }
    Dataset.Builder b = builder(users, ids);
    for (int e = 0; e < events; e++) {
      int i = (int) Math.min(items - 1, Math.floor(items * Math.pow(rng.nextDouble(), 2)));
      boolean located = rng.nextInt(10) > 0 && i % 7 != 0;
      int tz = (rng.nextInt(5) - 2) * 60;
      b.add(
          rng.nextInt(users),
          i,
          1_300_000_000L + rng.nextLong(30_000_000L),
          tz,
          located ? place[i][0] : NAN,
          located ? place[i][1] : NAN,
          1f);
    }
    return b.build();
  }

  /** A random query: history mixing catalogue items, unknown items (-1), places and no places. */
  static Query randomQuery(SplittableRandom rng, int items) {
    int len = rng.nextInt(12);
    int[] it = new int[len];
    long[] t = new long[len];
    int[] tz = new int[len];
    double[] la = new double[len];
    double[] lo = new double[len];
    long time = 1_300_000_000L + rng.nextLong(20_000_000L);
    for (int k = 0; k < len; k++) {
      it[k] = rng.nextInt(8) == 0 ? -1 : rng.nextInt(items);
      time += rng.nextInt(100_000);
      t[k] = time;
      la[k] = rng.nextBoolean() ? 40.7 : NAN;
      lo[k] = Double.isNaN(la[k]) ? NAN : -74.0;
    }
    long qTime = time + rng.nextInt(100_000);
    boolean located = rng.nextBoolean();
    return new Query(
        rng.nextInt(3) - 1,
        new History(it, t, tz, la, lo),
        qTime,
        60 * (rng.nextInt(5) - 2),
        located ? 40.5 + rng.nextDouble() * 0.4 : NAN,
        located ? -74.2 + rng.nextDouble() * 0.5 : NAN);
  }

  /** The six baseline factories. */
  static List<ModelFactory> factories() {
    return List.of(
        new PopFactory(),
        new TimePopFactory(),
        new GeoPopFactory(),
        new PersonalFactory(),
        new MarkovFactory(),
        new ItemKnnFactory());
  }

  /** {@code t} fitted on {@code d}; every baseline is servable. */
  static ServableModel fit(Trainer t, Dataset d) {
    return (ServableModel) t.fit(d, 1);
  }

  /** Every candidate setting of every baseline. */
  static List<Trainer> allCandidates() {
    List<Trainer> out = new ArrayList<>();
    factories().forEach(f -> out.addAll(f.candidates()));
    return out;
  }

  /**
   * Items {@code prefix0..prefix{count-1}} for {@link io.strec.model.ServableModel#withItems}:
   * every third has no location, the others lie in the area of {@link #random}.
   */
  static List<Item> newItems(String prefix, long seed, int count) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<Item> out = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      double lat = k % 3 == 2 ? NAN : 40.5 + rng.nextDouble() * 0.4;
      double lon = k % 3 == 2 ? NAN : -74.2 + rng.nextDouble() * 0.5;
      out.add(new Item(prefix + k, "", List.of(), "", "", lat, lon));
    }
    return out;
  }

  /** The events of {@code d} over its catalogue followed by {@code added} (with their metadata). */
  static Dataset widened(Dataset d, List<Item> added) {
    Dataset.Builder b =
        Dataset.builder(
            d.name(), d.users(), d.items().extendedWith(added.stream().map(Item::id).toList()));
    b.items(d.itemInfos()).items(added);
    for (int e = 0; e < d.numEvents(); e++) {
      b.add(
          d.user(e),
          d.item(e),
          d.time(e),
          d.tzOffsetMinutes(e),
          d.latitude(e),
          d.longitude(e),
          d.weight(e));
    }
    return b.build();
  }

  /** {@code q} with every history event on an item at or above {@code n} made unknown (-1). */
  static Query unknownFrom(Query q, int n) {
    History h = q.history();
    int[] items = h.items();
    long[] t = new long[h.size()];
    int[] tz = new int[h.size()];
    double[] la = new double[h.size()];
    double[] lo = new double[h.size()];
    for (int k = 0; k < h.size(); k++) {
      items[k] = items[k] >= n ? -1 : items[k];
      t[k] = h.time(k);
      tz[k] = h.tzOffsetMinutes(k);
      la[k] = h.latitude(k);
      lo[k] = h.longitude(k);
    }
    return new Query(
        q.user(),
        new History(items, t, tz, la, lo),
        q.epochSecond(),
        q.tzOffsetMinutes(),
        q.latitude(),
        q.longitude());
  }
}
