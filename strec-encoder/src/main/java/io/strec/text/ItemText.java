package io.strec.text;

import io.strec.data.Item;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Renders item metadata as text for the encoder. Fields: {@code title}, {@code categories} (all,
 * comma-separated), {@code category} (the first), {@code area} (the second category, which place
 * data uses for the neighbourhood), {@code brand}, {@code description}.
 */
public final class ItemText {
  public static final Set<String> FIELDS =
      Set.of("title", "categories", "category", "area", "brand", "description");

  /** Products, films, articles: "Title. Categories. Brand. Description." */
  public static final String GENERIC = "{title}[. {categories}][. {brand}][. {description}]";

  /** Places: "Coffee Shop: Blue Fern Coffee in Old Town. Cozy espresso bar..." */
  public static final String PLACE = "{category}[: {title}][ in {area}][. {description}]";

  private final Template template;

  public ItemText(String template) {
    this.template = Template.parse(template, FIELDS);
  }

  /** {@link #PLACE} when the items have locations, else {@link #GENERIC}. */
  public static ItemText defaultFor(boolean places) {
    return new ItemText(places ? PLACE : GENERIC);
  }

  public String render(Item item) {
    return template.render(fields(item));
  }

  static Map<String, String> fields(Item item) {
    Map<String, String> f = new HashMap<>();
    f.put("title", item.title());
    f.put("categories", String.join(", ", item.categories()));
    f.put("category", item.categories().isEmpty() ? "" : item.categories().get(0));
    f.put("area", item.categories().size() > 1 ? item.categories().get(1) : "");
    f.put("brand", item.brand());
    f.put("description", item.description());
    return f;
  }

  /** The item's name for behaviour text: its title, else its first category, else its id. */
  static String shortName(Item item) {
    if (!item.title().isBlank()) {
      return item.title();
    }
    return item.categories().isEmpty() ? item.id() : item.categories().get(0);
  }

  @Override
  public String toString() {
    return template.toString();
  }
}
