package io.strec.app;

import io.strec.app.store.StoredItem;
import io.strec.data.Vocabulary;
import io.strec.util.Geo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What is known of each item of the served model, by the model's item index: its stored metadata
 * (place, categories, opening hours), and whether it may be recommended at all. An item of the
 * model that the store does not hold (deleted, or never stored) is never recommended. Immutable: a
 * change makes a new catalogue. It keeps items without their brand and description ({@link
 * StoredItem#withoutText(String)}): ranking and answers never read them, and at a million items
 * they would be most of its memory; the store keeps them.
 */
final class Catalogue {
  private final Vocabulary ids;
  private final StoredItem[] items;
  private final Hours[] hours;
  private final BitSet absent;
  private final BitSet unavailable;
  private final int[] expiring;
  private final long[] expiresAt;
  private final Map<String, BitSet> byCategory;

  private Catalogue(Vocabulary ids, StoredItem[] items) {
    this.ids = ids;
    this.items = items;
    this.hours = new Hours[items.length];
    this.absent = new BitSet(items.length);
    this.unavailable = new BitSet(items.length);
    this.byCategory = new HashMap<>();
    List<Integer> withExpiry = new ArrayList<>();
    for (int i = 0; i < items.length; i++) {
      StoredItem it = items[i];
      if (it == null) {
        absent.set(i);
        unavailable.set(i);
        continue;
      }
      if (it.hidden()) {
        unavailable.set(i);
      }
      if (it.expiresAtEpochSecond().isPresent()) {
        withExpiry.add(i);
      }
      if (!it.openingHours().isEmpty()) {
        hours[i] = Hours.parse(it.openingHours());
      }
      for (String c : it.categories()) {
        byCategory.computeIfAbsent(c, k -> new BitSet(items.length)).set(i);
      }
    }
    this.expiring = withExpiry.stream().mapToInt(Integer::intValue).toArray();
    this.expiresAt = new long[expiring.length];
    for (int j = 0; j < expiring.length; j++) {
      expiresAt[j] = items[expiring[j]].expiresAtEpochSecond().getAsLong();
    }
  }

  /**
   * The catalogue of a model whose items are {@code ids} (in index order), with metadata from
   * {@code stored}; stored items whose ids the model lacks are not included (see {@link
   * #missingFrom}).
   */
  static Catalogue of(Vocabulary ids, List<StoredItem> stored) {
    StoredItem[] items = new StoredItem[ids.size()];
    for (StoredItem it : stored) {
      int i = ids.indexOrMinusOne(it.id());
      if (i >= 0) {
        items[i] = it.withoutText(ids.id(i));
      }
    }
    return new Catalogue(ids, items);
  }

  /** The stored items that {@code ids} lacks, in the order given. */
  static List<StoredItem> missingFrom(Vocabulary ids, List<StoredItem> stored) {
    List<StoredItem> out = new ArrayList<>();
    for (StoredItem it : stored) {
      if (!ids.contains(it.id())) {
        out.add(it);
      }
    }
    return out;
  }

  /** This catalogue with {@code item} stored (replacing what was there); its id must be known. */
  Catalogue with(StoredItem item) {
    int i = ids.indexOf(item.id());
    StoredItem[] copy = Arrays.copyOf(items, items.length);
    copy[i] = item.withoutText(ids.id(i));
    return new Catalogue(ids, copy);
  }

  /** This catalogue without the item {@code id} (it can no longer be recommended). */
  Catalogue without(String id) {
    int i = ids.indexOf(id);
    StoredItem[] copy = Arrays.copyOf(items, items.length);
    copy[i] = null;
    return new Catalogue(ids, copy);
  }

  /** This catalogue extended by new items (their model indices follow the current ones). */
  Catalogue plus(List<StoredItem> added) {
    Vocabulary more = ids.extendedWith(added.stream().map(StoredItem::id).toList());
    if (more.size() != ids.size() + added.size()) {
      throw new IllegalArgumentException("added items repeat ids already in the catalogue");
    }
    StoredItem[] copy = Arrays.copyOf(items, more.size());
    for (int j = 0; j < added.size(); j++) {
      copy[ids.size() + j] = added.get(j).withoutText(more.id(ids.size() + j));
    }
    return new Catalogue(more, copy);
  }

  Vocabulary ids() {
    return ids;
  }

  int size() {
    return items.length;
  }

  /** The model index of {@code id}, or -1 when the model does not know it. */
  int index(String id) {
    return ids.indexOrMinusOne(id);
  }

  /** The stored item at model index {@code i}; empty when it may not be recommended. */
  Optional<StoredItem> item(int i) {
    return Optional.ofNullable(items[i]);
  }

  /** The parsed opening hours of item {@code i}, when it has any. */
  Optional<Hours> hours(int i) {
    return Optional.ofNullable(hours[i]);
  }

  /**
   * Whether item {@code i} has a place in the disc ({@link Geo.Disc#holds}): the radius filter's
   * one exact test, on every path.
   */
  boolean within(int i, Geo.Disc disc) {
    StoredItem it = items[i];
    return it != null && disc.holds(it.latitude(), it.longitude());
  }

  /** Whether the item with this id exists and may be recommended (hidden or expired aside). */
  boolean isLive(String id) {
    int i = index(id);
    return i >= 0 && items[i] != null;
  }

  /**
   * The items a request must not see: absent (deleted) ones, hidden ones and those expired at
   * {@code now}; then the request's own filters.
   */
  BitSet excluded(
      Filters f, long now, long queryTime, int tzOffsetMinutes, double lat, double lon) {
    int n = items.length;
    BitSet out = hiddenAt(f, now, queryTime);
    if (!f.categories().isEmpty()) {
      BitSet any = new BitSet(n);
      for (String c : f.categories()) {
        BitSet in = byCategory.get(c);
        if (in != null) {
          any.or(in);
        }
      }
      any.flip(0, n);
      out.or(any);
    }
    if (f.radiusKm().isPresent()) {
      Geo.Disc disc = new Geo.Disc(lat, lon, f.radiusKm().getAsDouble());
      for (int i = out.nextClearBit(0); i < n; i = out.nextClearBit(i + 1)) {
        if (!within(i, disc)) {
          out.set(i);
        }
      }
    }
    if (f.openAt().isPresent()) {
      int minute = Hours.minuteOfDay(f.openAt().getAsLong(), tzOffsetMinutes);
      for (int i = out.nextClearBit(0); i < n; i = out.nextClearBit(i + 1)) {
        // Unknown hours cannot be promised open.
        if (hours[i] == null || !hours[i].isOpenAt(minute)) {
          out.set(i);
        }
      }
    }
    return out;
  }

  /**
   * The items no request may see at {@code now} and {@code queryTime}, whatever its place, time or
   * categories: absent (deleted), hidden and expired ones, and those the request excludes by id.
   * Cheap: it does not look at every item.
   */
  BitSet hiddenAt(Filters f, long now, long queryTime) {
    BitSet out = (BitSet) unavailable.clone();
    long at = Math.max(now, queryTime);
    for (int j = 0; j < expiring.length; j++) {
      if (expiresAt[j] <= at) {
        out.set(expiring[j]);
      }
    }
    for (String id : f.exclude()) {
      int i = index(id);
      if (i >= 0) {
        out.set(i);
      }
    }
    return out;
  }
}
