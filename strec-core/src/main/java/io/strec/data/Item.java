package io.strec.data;

import java.util.List;
import java.util.Objects;

/**
 * Item metadata: the text fields that describe an item and, for places, its location.
 *
 * <p>Text fields are never null (empty when unknown); latitude and longitude are NaN when unknown.
 */
public record Item(
    String id,
    String title,
    List<String> categories,
    String brand,
    String description,
    double latitude,
    double longitude) {

  public Item {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(brand, "brand");
    Objects.requireNonNull(description, "description");
    categories = List.copyOf(categories);
    if (id.isEmpty()) {
      throw new IllegalArgumentException("empty item id");
    }
    if (!Double.isNaN(latitude) && (latitude < -90 || latitude > 90)) {
      throw new IllegalArgumentException(
          "item " + id + ": latitude outside [-90, 90]: " + latitude);
    }
    if (!Double.isNaN(longitude) && (longitude < -180 || longitude > 180)) {
      throw new IllegalArgumentException(
          "item " + id + ": longitude outside [-180, 180]: " + longitude);
    }
  }

  /** An item known only by its id. */
  public static Item bare(String id) {
    return new Item(id, "", List.of(), "", "", Double.NaN, Double.NaN);
  }

  public boolean hasLocation() {
    return !Double.isNaN(latitude) && !Double.isNaN(longitude);
  }

  /** Fills fields that are empty here from {@code other} (same id); this item's values win. */
  public Item mergedWith(Item other) {
    if (!id.equals(other.id)) {
      throw new IllegalArgumentException(
          "cannot merge items with different ids: " + id + " != " + other.id);
    }
    return new Item(
        id,
        title.isEmpty() ? other.title : title,
        categories.isEmpty() ? other.categories : categories,
        brand.isEmpty() ? other.brand : brand,
        description.isEmpty() ? other.description : description,
        Double.isNaN(latitude) ? other.latitude : latitude,
        Double.isNaN(longitude) ? other.longitude : longitude);
  }
}
