package io.strec.data.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which column of an item metadata file holds which field ({@code --item-columns}). Only the item
 * id is required.
 *
 * <p>Written as {@code item=id,title=name,categories=genre,brand=maker,description=text,lat=y,
 * lon=x} ({@link #parse}); unspecified fields keep the defaults of {@link #defaults()}, which match
 * the {@code items.jsonl} that {@code strec} writes ({@code item_id, title, categories, brand,
 * description, latitude, longitude}). A file without a header is mapped by 1-based position, as
 * {@link ColumnMapping} is: {@code header=none,item=1,title=2,categories=3}. Categories are
 * separated by {@code |} in CSV / TSV, a JSON array in JSONL.
 */
public record ItemColumnMapping(FieldColumns columns) {
  private static final Map<String, String> FIELDS = fields();

  public ItemColumnMapping {
    Objects.requireNonNull(columns, "columns");
  }

  private static Map<String, String> fields() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("item", "item_id");
    f.put("title", "title");
    f.put("categories", "categories");
    f.put("brand", "brand");
    f.put("description", "description");
    f.put("lat", "latitude");
    f.put("lon", "longitude");
    return Collections.unmodifiableMap(f);
  }

  public static ItemColumnMapping defaults() {
    return parse("");
  }

  /**
   * Parses {@code field=column} pairs separated by commas; see the class comment for the fields.
   *
   * @throws io.strec.util.BadInputException naming the bad entry (an unknown field lists the valid
   *     ones)
   */
  public static ItemColumnMapping parse(String spec) {
    return new ItemColumnMapping(
        FieldColumns.parse("--item-columns", spec, FIELDS, Set.of("item"), Set.of()));
  }

  public String item() {
    return columns.label("item");
  }

  public String title() {
    return columns.label("title");
  }

  public String categories() {
    return columns.label("categories");
  }

  public String brand() {
    return columns.label("brand");
  }

  public String description() {
    return columns.label("description");
  }

  public String latitude() {
    return columns.label("lat");
  }

  public String longitude() {
    return columns.label("lon");
  }

  /** Whether a field of line 1 reads as a value rather than a column name: a number. */
  static boolean looksLikeData(String field) {
    try {
      return Double.isFinite(Double.parseDouble(field.trim()));
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
