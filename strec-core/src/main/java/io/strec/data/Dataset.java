package io.strec.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An indexed, immutable set of events over fixed user and item vocabularies, stored column-wise.
 *
 * <p>Event {@code e} has user {@link #user(int)}, item {@link #item(int)}, UTC time {@link
 * #time(int)} and so on. {@link #eventsOf(int)} lists a user's events sorted by time, ties in the
 * order the events were added. Item locations come from item metadata or, where that has none, the
 * mean location of the item's events.
 */
public final class Dataset {
  private final String name;
  private final Vocabulary users;
  private final Vocabulary items;
  private final Item[] itemInfo;
  private final int[] user;
  private final int[] item;
  private final long[] time;
  private final int[] tz;
  private final double[] lat;
  private final double[] lon;
  private final float[] weight;
  private final int[][] byUser;
  private final double[] itemLat;
  private final double[] itemLon;

  private Dataset(Builder b) {
    this.name = b.name;
    this.users = b.users;
    this.items = b.items;
    this.itemInfo = b.itemInfo;
    int n = b.size;
    this.user = Arrays.copyOf(b.user, n);
    this.item = Arrays.copyOf(b.item, n);
    this.time = Arrays.copyOf(b.time, n);
    this.tz = Arrays.copyOf(b.tz, n);
    this.lat = Arrays.copyOf(b.lat, n);
    this.lon = Arrays.copyOf(b.lon, n);
    this.weight = Arrays.copyOf(b.weight, n);
    int[] counts = new int[users.size()];
    for (int e = 0; e < n; e++) {
      counts[user[e]]++;
    }
    this.byUser = new int[users.size()][];
    for (int u = 0; u < byUser.length; u++) {
      byUser[u] = new int[counts[u]];
    }
    int[] fill = new int[users.size()];
    for (int e = 0; e < n; e++) {
      byUser[user[e]][fill[user[e]]++] = e;
    }
    for (int[] evs : byUser) {
      sortStableByTime(evs);
    }
    this.itemLat = new double[items.size()];
    this.itemLon = new double[items.size()];
    locateItems();
  }

  private void sortStableByTime(int[] evs) {
    Integer[] boxed = Arrays.stream(evs).boxed().toArray(Integer[]::new);
    Arrays.sort(boxed, (a, b) -> Long.compare(time[a], time[b]));
    for (int i = 0; i < evs.length; i++) {
      evs[i] = boxed[i];
    }
  }

  private void locateItems() {
    double[] sumLat = new double[items.size()];
    double[] sumLon = new double[items.size()];
    int[] cnt = new int[items.size()];
    for (int e = 0; e < user.length; e++) {
      if (!Double.isNaN(lat[e]) && !Double.isNaN(lon[e])) {
        sumLat[item[e]] += lat[e];
        sumLon[item[e]] += lon[e];
        cnt[item[e]]++;
      }
    }
    for (int i = 0; i < itemLat.length; i++) {
      if (itemInfo[i].hasLocation()) {
        itemLat[i] = itemInfo[i].latitude();
        itemLon[i] = itemInfo[i].longitude();
      } else if (cnt[i] > 0) {
        itemLat[i] = sumLat[i] / cnt[i];
        itemLon[i] = sumLon[i] / cnt[i];
      } else {
        itemLat[i] = Double.NaN;
        itemLon[i] = Double.NaN;
      }
    }
  }

  public static Builder builder(String name, Vocabulary users, Vocabulary items) {
    return new Builder(name, users, items);
  }

  /** A short description of where this dataset came from. */
  public String name() {
    return name;
  }

  public Vocabulary users() {
    return users;
  }

  public Vocabulary items() {
    return items;
  }

  public int numUsers() {
    return users.size();
  }

  public int numItems() {
    return items.size();
  }

  public int numEvents() {
    return user.length;
  }

  public Item itemInfo(int i) {
    return itemInfo[i];
  }

  public int user(int e) {
    return user[e];
  }

  public int item(int e) {
    return item[e];
  }

  public long time(int e) {
    return time[e];
  }

  public int tzOffsetMinutes(int e) {
    return tz[e];
  }

  /** Local time of event {@code e} in seconds since the epoch. */
  public long localTime(int e) {
    return time[e] + tz[e] * 60L;
  }

  public double latitude(int e) {
    return lat[e];
  }

  public double longitude(int e) {
    return lon[e];
  }

  public float weight(int e) {
    return weight[e];
  }

  /** Event indices of user {@code u}, oldest first. The array is shared: do not modify it. */
  public int[] eventsOf(int u) {
    return byUser[u];
  }

  /** Latitude of item {@code i} (metadata, else mean of its events), NaN when unknown. */
  public double itemLatitude(int i) {
    return itemLat[i];
  }

  public double itemLongitude(int i) {
    return itemLon[i];
  }

  /** Number of events per item. */
  public int[] itemCounts() {
    int[] c = new int[items.size()];
    for (int i : item) {
      c[i]++;
    }
    return c;
  }

  /** Mutable builder; events must reference ids present in the vocabularies. */
  public static final class Builder {
    private final String name;
    private final Vocabulary users;
    private final Vocabulary items;
    private final Item[] itemInfo;
    private int size;
    private int[] user = new int[1024];
    private int[] item = new int[1024];
    private long[] time = new long[1024];
    private int[] tz = new int[1024];
    private double[] lat = new double[1024];
    private double[] lon = new double[1024];
    private float[] weight = new float[1024];

    private Builder(String name, Vocabulary users, Vocabulary items) {
      this.name = Objects.requireNonNull(name, "name");
      this.users = Objects.requireNonNull(users, "users");
      this.items = Objects.requireNonNull(items, "items");
      this.itemInfo = new Item[items.size()];
      for (int i = 0; i < itemInfo.length; i++) {
        itemInfo[i] = Item.bare(items.id(i));
      }
    }

    /** Attaches metadata to a catalogue item; items outside the vocabulary are ignored. */
    public Builder item(Item info) {
      int i = items.indexOrMinusOne(info.id());
      if (i >= 0) {
        itemInfo[i] = info.mergedWith(itemInfo[i]);
      }
      return this;
    }

    public Builder items(Iterable<Item> infos) {
      infos.forEach(this::item);
      return this;
    }

    /** Adds an event; throws when its user or item is not in the vocabularies. */
    public Builder add(RawEvent e) {
      int u = users.indexOrMinusOne(e.userId());
      int i = items.indexOrMinusOne(e.itemId());
      if (u < 0 || i < 0) {
        throw new IllegalArgumentException(
            "event at "
                + e.provenance()
                + " references "
                + (u < 0 ? "user '" + e.userId() : "item '" + e.itemId())
                + "' outside the dataset's vocabulary");
      }
      add(
          u,
          i,
          e.epochSecond(),
          e.tzOffsetMinutes(),
          e.latitude(),
          e.longitude(),
          (float) e.weight());
      return this;
    }

    public Builder add(
        int u, int i, long epochSecond, int tzMinutes, double la, double lo, float w) {
      if (size == user.length) {
        int cap = size * 2;
        user = Arrays.copyOf(user, cap);
        item = Arrays.copyOf(item, cap);
        time = Arrays.copyOf(time, cap);
        tz = Arrays.copyOf(tz, cap);
        lat = Arrays.copyOf(lat, cap);
        lon = Arrays.copyOf(lon, cap);
        weight = Arrays.copyOf(weight, cap);
      }
      user[size] = u;
      item[size] = i;
      time[size] = epochSecond;
      tz[size] = tzMinutes;
      lat[size] = la;
      lon[size] = lo;
      weight[size] = w;
      size++;
      return this;
    }

    public Dataset build() {
      return new Dataset(this);
    }
  }

  /**
   * The events for which {@code keep} holds, over the same vocabularies and item metadata.
   *
   * @param name the new dataset's name
   */
  public Dataset filter(String name, java.util.function.IntPredicate keep) {
    Builder b = builder(name, users, items);
    for (int i = 0; i < itemInfo.length; i++) {
      b.itemInfo[i] = itemInfo[i];
    }
    for (int e = 0; e < user.length; e++) {
      if (keep.test(e)) {
        b.add(user[e], item[e], time[e], tz[e], lat[e], lon[e], weight[e]);
      }
    }
    return b.build();
  }

  /** Item metadata for every catalogue item, in index order. */
  public List<Item> itemInfos() {
    return new ArrayList<>(Arrays.asList(itemInfo));
  }
}
