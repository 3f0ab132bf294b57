package io.strec.app.store;

import io.strec.data.Item;
import java.util.List;
import java.util.OptionalLong;

/**
 * An item as the store holds it: the catalogue fields plus what the server manages.
 *
 * @param latitude NaN when unknown
 * @param longitude NaN when unknown
 * @param openingHours "" when unknown, else e.g. "08:00-18:00"
 * @param hidden never recommended while true
 * @param expiresAtEpochSecond never recommended from this second on; empty when it never expires
 * @param version assigned by the store: 1 when first put, one more on every change; ignored when
 *     putting
 */
public record StoredItem(
    String id,
    String title,
    List<String> categories,
    String brand,
    String description,
    double latitude,
    double longitude,
    String openingHours,
    boolean hidden,
    OptionalLong expiresAtEpochSecond,
    long version) {

  public StoredItem {
    Checks.requireText(id, "id");
    // The message naming the item is built only for an item that fails (a million are read at
    // start-up).
    if (!fieldsValid(
        title,
        categories,
        brand,
        description,
        latitude,
        longitude,
        openingHours,
        expiresAtEpochSecond,
        version)) {
      String owner = "item " + id;
      Checks.requireNonNull(title, owner + ": title");
      Checks.requireNonNull(categories, owner + ": categories");
      Checks.requireNonNull(brand, owner + ": brand");
      Checks.requireNonNull(description, owner + ": description");
      Checks.requireNonNull(openingHours, owner + ": openingHours");
      Checks.requireNonNull(expiresAtEpochSecond, owner + ": expiresAtEpochSecond");
      for (String category : categories) {
        Checks.requireNonNull(category, owner + ": category");
      }
      Checks.checkLatitude(latitude, owner);
      Checks.checkLongitude(longitude, owner);
      throw new IllegalArgumentException(owner + ": version must be >= 0: " + version);
    }
    categories = List.copyOf(categories);
  }

  /** Whether the constructor's checks all pass (the checks themselves name what fails). */
  private static boolean fieldsValid(
      String title,
      List<String> categories,
      String brand,
      String description,
      double latitude,
      double longitude,
      String openingHours,
      OptionalLong expiresAtEpochSecond,
      long version) {
    if (title == null
        || categories == null
        || brand == null
        || description == null
        || openingHours == null
        || expiresAtEpochSecond == null
        || version < 0
        || !(Double.isNaN(latitude) || (latitude >= -90 && latitude <= 90))
        || !(Double.isNaN(longitude) || (longitude >= -180 && longitude <= 180))) {
      return false;
    }
    for (String category : categories) {
      if (category == null) {
        return false;
      }
    }
    return true;
  }

  /** A visible, never-expiring item from catalogue metadata, with unknown opening hours. */
  public static StoredItem of(Item item) {
    return of(item, "");
  }

  /** A visible, never-expiring item with {@code openingHours} ({@code ""} when unknown). */
  public static StoredItem of(Item item, String openingHours) {
    return new StoredItem(
        item.id(),
        item.title(),
        item.categories(),
        item.brand(),
        item.description(),
        item.latitude(),
        item.longitude(),
        openingHours,
        false,
        OptionalLong.empty(),
        0);
  }

  /**
   * This item without its brand and description (both empty), under {@code sameId} (an equal
   * string, e.g. a vocabulary's own instance, so that a catalogue holds one string per id): what a
   * served catalogue keeps in memory, since ranking and answers never read the text (the store
   * keeps it).
   */
  public StoredItem withoutText(String sameId) {
    if (!sameId.equals(id)) {
      throw new IllegalArgumentException("item " + id + " cannot take the id " + sameId);
    }
    return new StoredItem(
        sameId,
        title,
        categories,
        "",
        "",
        latitude,
        longitude,
        openingHours,
        hidden,
        expiresAtEpochSecond,
        version);
  }

  /** The catalogue metadata, without what the server manages. */
  public Item toItem() {
    return new Item(id, title, categories, brand, description, latitude, longitude);
  }

  /** Whether it may be recommended at that second: not hidden and not yet expired. */
  public boolean visibleAt(long epochSecond) {
    return !hidden
        && (expiresAtEpochSecond.isEmpty() || epochSecond < expiresAtEpochSecond.getAsLong());
  }

  StoredItem withState(boolean newHidden, OptionalLong newExpiry, long newVersion) {
    return new StoredItem(
        id,
        title,
        categories,
        brand,
        description,
        latitude,
        longitude,
        openingHours,
        newHidden,
        newExpiry,
        newVersion);
  }
}
